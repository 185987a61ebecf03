package io.helmgate.bot.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.bot.config.ConfigurationFailureAnalyzer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** helmgate.vault.* binds with documented defaults and refuses wrong settings by name. */
class VaultPropertiesTest {

  private static VaultProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("helmgate.vault", VaultProperties.class);
  }

  private static String failureLine(Map<String, String> settings) {
    Throwable failure = catchThrowable(() -> bind(settings));
    assertThat(failure).as("binding %s should fail", settings).isNotNull();
    return new ConfigurationFailureAnalyzer().analyze(failure).getDescription();
  }

  @Test
  void withNothingSetVaultIsOffAndTheDefaultsAreThoseDocumented() {
    VaultProperties properties = bind(Map.of());

    assertThat(properties.enabled()).isFalse();
    assertThat(properties.authentication()).isEqualTo(VaultProperties.Authentication.TOKEN);
    assertThat(properties.appRole().path()).isEqualTo("approle");
    assertThat(properties.kubernetes().path()).isEqualTo("kubernetes");
    assertThat(properties.kubernetes().tokenFile())
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
    assertThat(properties.kvMount()).isEqualTo("secret");
    assertThat(properties.botSecretsPath()).isNull();
    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void relaxedNamesBindEveryMethod() {
    VaultProperties properties =
        bind(
            Map.of(
                "helmgate.vault.uri", "https://vault.example.com:8200",
                "helmgate.vault.authentication", "kubernetes",
                "helmgate.vault.kubernetes.role", "helmgate-bot",
                "helmgate.vault.kubernetes.token-file", "/tmp/sa-token",
                "helmgate.vault.kv-mount", "/kv/",
                "helmgate.vault.bot-secrets-path", "helmgate/bot/",
                "helmgate.vault.request-timeout", "2s"));

    assertThat(properties.enabled()).isTrue();
    assertThat(properties.authentication()).isEqualTo(VaultProperties.Authentication.KUBERNETES);
    assertThat(properties.kubernetes().tokenFile()).isEqualTo("/tmp/sa-token");
    assertThat(properties.kvMount()).isEqualTo("kv");
    assertThat(properties.botSecretsPath()).isEqualTo("helmgate/bot");
    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void environmentVariablesAsDocumentedBind() {
    Map<String, Object> variables =
        Map.of(
            "HELMGATE_VAULT_URI", "https://vault.example.com:8200",
            "HELMGATE_VAULT_AUTHENTICATION", "APPROLE",
            "HELMGATE_VAULT_APPROLE_ROLEID", "test-role-id-7c1e",
            "HELMGATE_VAULT_APPROLE_SECRETID", "test-secret-id-not-real-4b9a",
            "HELMGATE_VAULT_BOTSECRETSPATH", "helmgate/bot");
    VaultProperties properties =
        new Binder(
                ConfigurationPropertySources.from(
                    new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
            .bindOrCreate("helmgate.vault", VaultProperties.class);

    assertThat(properties.appRole().roleId()).isEqualTo("test-role-id-7c1e");
    assertThat(properties.appRole().secretId()).isEqualTo("test-secret-id-not-real-4b9a");
    assertThat(properties.botSecretsPath()).isEqualTo("helmgate/bot");
  }

  @Test
  void uriThatIsNotHttpNamesTheKey() {
    assertThat(failureLine(Map.of("helmgate.vault.uri", "vault:8200", "helmgate.vault.token", "t")))
        .isEqualTo(
            "invalid configuration: helmgate.vault.uri: expected an absolute http(s) URL such as"
                + " https://vault.example.com:8200, got 'vault:8200'");
  }

  @Test
  void tokenAuthenticationWithoutATokenNamesTheKey() {
    assertThat(failureLine(Map.of("helmgate.vault.uri", "https://vault:8200")))
        .startsWith("invalid configuration: helmgate.vault.token: expected a Vault token");
  }

  @Test
  void appRoleWithoutRoleIdNamesTheKey() {
    assertThat(
            failureLine(
                Map.of(
                    "helmgate.vault.uri", "https://vault:8200",
                    "helmgate.vault.authentication", "APPROLE",
                    "helmgate.vault.app-role.secret-id", "test-secret-id-not-real-4b9a")))
        .startsWith("invalid configuration: helmgate.vault.app-role.role-id: expected")
        .doesNotContain("test-secret-id-not-real-4b9a");
  }

  @Test
  void kubernetesWithoutRoleNamesTheKey() {
    assertThat(
            failureLine(
                Map.of(
                    "helmgate.vault.uri", "https://vault:8200",
                    "helmgate.vault.authentication", "KUBERNETES")))
        .startsWith("invalid configuration: helmgate.vault.kubernetes.role: expected");
  }

  @Test
  void pathThatClimbsOutOfTheMountNamesTheKey() {
    assertThat(failureLine(Map.of("helmgate.vault.bot-secrets-path", "helmgate/../../sys")))
        .startsWith(
            "invalid configuration: helmgate.vault.bot-secrets-path: expected a Vault path");
  }

  @Test
  void theFormerFailOpenListStopsStartUpPointingToThePolicy() {
    assertThat(failureLine(Map.of("helmgate.vault.fail-open-environments", "dev,qa")))
        .startsWith(
            "invalid configuration: helmgate.vault.fail-open-environments: has moved to the"
                + " policy: write fail-open-when-unavailable: [vault] under"
                + " helmgate.policy.environments.<env>");
    Throwable fromVariable =
        catchThrowable(
            () ->
                new Binder(
                        ConfigurationPropertySources.from(
                            new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("HELMGATE_VAULT_FAILOPENENVIRONMENTS", "dev"))))
                    .bindOrCreate("helmgate.vault", VaultProperties.class));
    assertThat(new ConfigurationFailureAnalyzer().analyze(fromVariable).getDescription())
        .contains("helmgate.vault.fail-open-environments: has moved to the policy");
  }

  @Test
  void nonPositiveTimeoutNamesTheKey() {
    assertThat(failureLine(Map.of("helmgate.vault.request-timeout", "0s")))
        .startsWith("invalid configuration: helmgate.vault.request-timeout:");
  }

  @Test
  void toStringNeverShowsTheTokenOrTheSecretId() {
    VaultProperties properties =
        new VaultProperties(
            "https://vault:8200",
            VaultProperties.Authentication.APPROLE,
            "hvs.test-token",
            new VaultProperties.AppRole("role", "test-secret-id-not-real-4b9a", null),
            null,
            null,
            null,
            null,
            null);

    assertThat(properties.toString())
        .doesNotContain("hvs.test-token")
        .doesNotContain("test-secret-id-not-real-4b9a")
        .contains("token=•••");
  }
}
