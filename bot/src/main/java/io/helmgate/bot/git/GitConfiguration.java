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

  /**
   * Cloned in the background: the clone was a tenth of start-up, and nothing before readiness needs
   * it (readiness itself waits for it, see {@code ValuesRepositoryHealth}).
   */
  @Bean(destroyMethod = "close")
  public GitValuesRepository valuesRepository(GitProperties properties, Clock clock) {
    return GitValuesRepository.openInBackground(properties, clock);
  }
}
