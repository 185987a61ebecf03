package io.helmgate.bot.argocd;

import io.helmgate.domain.port.Deployer;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the ArgoCD {@link Deployer} and the {@link SyncWatcher} from {@code helmgate.argocd.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArgoCdProperties.class)
public class ArgoCdConfiguration {

  @Bean
  Deployer argoCdDeployer(ArgoCdProperties properties, Clock clock) {
    return new ArgoCdDeployer(properties, clock);
  }

  @Bean
  SyncWatcher syncWatcher(Deployer deployer, ArgoCdProperties properties, Clock clock) {
    return SyncWatcher.withOwnScheduler(
        deployer, clock, properties.pollInterval(), properties.syncTimeout());
  }
}
