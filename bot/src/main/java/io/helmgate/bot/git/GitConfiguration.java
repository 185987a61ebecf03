package io.helmgate.bot.git;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the values repository port: always present, on the embedded default when no {@code
 * helmgate.git.url} is set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitProperties.class)
public class GitConfiguration {

  @Bean(destroyMethod = "close")
  public GitValuesRepository valuesRepository(GitProperties properties, Clock clock) {
    return GitValuesRepository.open(properties, clock);
  }
}
