package io.helmgate.bot.verify.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.bot.config.ConfigurationFailureAnalyzer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** helmgate.registry.* binds with documented defaults and refuses wrong settings by name. */
class RegistryPropertiesTest {

  private static RegistryProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("helmgate.registry", RegistryProperties.class);
  }

  private static String failureLine(Map<String, String> settings) {
    Throwable failure = catchThrowable(() -> bind(settings));
    assertThat(failure).as("binding %s should fail", settings).isNotNull();
    return new ConfigurationFailureAnalyzer().analyze(failure).getDescription();
  }

  @Test
  void withNothingSetThePreflightIsOff() {
    RegistryProperties p = bind(Map.of());

    assertThat(p.enabled()).isFalse();
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aListedRegistryBindsWithItsCredentialsAndHidesThePassword() {
    RegistryProperties p =
        bind(
            Map.of(
                "helmgate.registry.registries[0].host", "Registry.Acme.Example",
                "helmgate.registry.registries[0].username", "helmgate-ro",
                "helmgate.registry.registries[0].password", "not-a-real-password"));

    assertThat(p.enabled()).isTrue();
    assertThat(p.registry("registry.acme.example")).isPresent();
    assertThat(p.toString()).doesNotContain("not-a-real-password");
  }

  @Test
  void plainHttpToANonLoopbackRegistryIsRefusedByName() {
    assertThat(
            failureLine(
                Map.of(
                    "helmgate.registry.registries[0].host", "registry.acme.example",
                    "helmgate.registry.registries[0].plain-http", "true")))
        .contains("helmgate.registry.registries[0].plain-http")
        .contains("loopback");
  }

  @Test
  void usernameWithoutPasswordIsRefusedByName() {
    assertThat(
            failureLine(
                Map.of(
                    "helmgate.registry.registries[0].host", "registry.acme.example",
                    "helmgate.registry.registries[0].username", "helmgate-ro")))
        .contains("helmgate.registry.registries[0].password");
  }

  @Test
  void hostWithSchemeOrPathIsRefusedByName() {
    assertThat(
            failureLine(
                Map.of("helmgate.registry.registries[0].host", "https://registry.acme.example/")))
        .contains("helmgate.registry.registries[0].host");
  }

  @Test
  void theFormerFailOpenListStopsStartUpPointingToThePolicy() {
    assertThat(failureLine(Map.of("helmgate.registry.fail-open-environments", "dev")))
        .startsWith(
            "invalid configuration: helmgate.registry.fail-open-environments: has moved to the"
                + " policy: write fail-open-when-unavailable: [registry] under"
                + " helmgate.policy.environments.<env>");
  }

  @Test
  void loopbackHostsAreRecognisedWithAndWithoutPort() {
    assertThat(RegistryProperties.isLoopback("127.0.0.1:5000")).isTrue();
    assertThat(RegistryProperties.isLoopback("localhost")).isTrue();
    assertThat(RegistryProperties.isLoopback("[::1]:5000")).isTrue();
    assertThat(RegistryProperties.isLoopback("registry.acme.example")).isFalse();
  }
}
