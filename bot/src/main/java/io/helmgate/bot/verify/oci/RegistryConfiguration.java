package io.helmgate.bot.verify.oci;

import io.helmgate.domain.port.ArtifactChecker;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@link ArtifactChecker}: the OCI distribution client when {@code
 * helmgate.registry.registries} lists a registry, otherwise one that answers NOT_CONFIGURED.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryConfiguration {

  @Bean
  ArtifactChecker artifactChecker(RegistryProperties properties, Clock clock) {
    return properties.enabled()
        ? new OciArtifactChecker(properties, clock)
        : new UnconfiguredArtifactChecker();
  }
}
