package io.helmgate.bot.verify;

import io.helmgate.bot.verify.f5.F5Properties;
import io.helmgate.bot.verify.f5.F5Verifier;
import io.helmgate.bot.verify.kong.KongProperties;
import io.helmgate.bot.verify.kong.KongVerifier;
import io.helmgate.domain.port.EdgeVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@link EdgeVerifier}: Kong checks for the environments under {@code
 * helmgate.kong.environments}, F5 checks and the maintenance drain for those under {@code
 * helmgate.f5.environments}; {@code NOT_CONFIGURED} for the rest.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeConfiguration {

  @Bean
  EdgeVerifier edgeVerifier(KongProperties kong, F5Properties f5) {
    return new Edge(new KongVerifier(kong), new F5Verifier(f5));
  }
}
