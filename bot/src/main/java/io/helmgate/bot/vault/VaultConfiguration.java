package io.helmgate.bot.vault;

import io.helmgate.domain.port.SecretChecker;
import java.time.Clock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@link SecretChecker}: Vault's when {@code helmgate.vault.uri} is set, otherwise one
 * that answers {@code NOT_CONFIGURED}. The Vault session logs in on first use, renews its token in
 * the background and revokes a login token when the application stops.
 */
@Configuration(proxyBeanMethods = false)
public class VaultConfiguration {

  @Bean
  SecretChecker secretChecker(VaultProperties properties, Clock clock) {
    if (!properties.enabled()) {
      return new UnconfiguredSecretChecker();
    }
    return new VaultSecretChecker(VaultSession.open(properties), clock);
  }

  /**
   * Readiness part {@code vault}: UP when Vault is not configured, or when it answers and takes the
   * bot's token; DOWN otherwise (unreachable, sealed, login refused), with why.
   */
  @Bean
  HealthIndicator vaultHealthIndicator(SecretChecker checker) {
    return () -> {
      if (!(checker instanceof VaultSecretChecker vault)) {
        return Health.up().withDetail("configured", false).build();
      }
      return vault
          .readinessProblem()
          .map(problem -> Health.down().withDetail("error", problem).build())
          .orElseGet(() -> Health.up().build());
    };
  }
}
