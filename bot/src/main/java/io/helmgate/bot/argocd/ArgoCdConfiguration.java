package io.helmgate.bot.argocd;

import io.helmgate.domain.execution.ArgoSettings;
import io.helmgate.domain.port.Deployer;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ArgoCD {@link Deployer} and the execution's Argo CD settings from {@code
 * helmgate.argocd.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArgoCdProperties.class)
public class ArgoCdConfiguration {

  @Bean
  Deployer argoCdDeployer(ArgoCdProperties properties, Clock clock) {
    return new ArgoCdDeployer(properties, clock);
  }

  /**
   * Readiness part {@code argocd}: UP when ArgoCD is not configured (nothing to wait for) or when
   * it answers and takes the bot's token; DOWN otherwise, with why.
   */
  @Bean
  HealthIndicator argocdHealthIndicator(Deployer deployer) {
    return () -> {
      if (!(deployer instanceof ArgoCdDeployer argo) || !argo.isConfigured()) {
        return Health.up().withDetail("configured", false).build();
      }
      return argo.readinessProblem()
          .map(problem -> Health.down().withDetail("error", problem).build())
          .orElseGet(() -> Health.up().build());
    };
  }

  /**
   * How the execution's Argo CD steps behave in each environment: {@code helmgate.argocd.*}, with
   * the per-environment settings under {@code helmgate.argocd.environments.<env>}.
   */
  @Bean
  Function<String, ArgoSettings> argoSettings(ArgoCdProperties properties) {
    return properties::settings;
  }
}
