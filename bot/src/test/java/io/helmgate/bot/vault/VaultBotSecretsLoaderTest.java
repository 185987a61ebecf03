package io.helmgate.bot.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.helmgate.bot.config.InvalidConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The bot's own settings read from Vault before anything binds them. */
class VaultBotSecretsLoaderTest {

  private VaultStub vault;
  private StandardEnvironment environment;
  private final Map<String, Object> applicationYml = new HashMap<>();

  @BeforeEach
  void setUp() {
    vault = new VaultStub();
    environment = new StandardEnvironment();
    applicationYml.put("helmgate.slack.bot-token", "xoxb-fromyml");
    applicationYml.put("helmgate.slack.api-url", "https://slack.com/api/");
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("Config resource 'application.yml'", applicationYml));
  }

  @AfterEach
  void tearDown() {
    vault.close();
  }

  private void configureVault(String uri, String authentication, String botSecretsPath) {
    applicationYml.put("helmgate.vault.uri", uri);
    applicationYml.put("helmgate.vault.authentication", authentication);
    applicationYml.put("helmgate.vault.token", VaultStub.STATIC_TOKEN);
    applicationYml.put("helmgate.vault.app-role.role-id", VaultStub.ROLE_ID);
    applicationYml.put("helmgate.vault.app-role.secret-id", VaultStub.SECRET_ID);
    applicationYml.put("helmgate.vault.bot-secrets-path", botSecretsPath);
  }

  private void postProcess() {
    new VaultBotSecretsLoader().load(environment);
  }

  @Test
  void whenBotSecretsPathIsSetThenItsKeysBecomePropertiesThatWinOverApplicationYml() {
    vault.answer("secret/data/helmgate/bot", 200, VaultStub.fixture("bot-secrets.json"));
    configureVault(vault.uri(), "token", "helmgate/bot");

    postProcess();

    assertThat(environment.getProperty("helmgate.slack.bot-token")).isEqualTo("xoxb-vaultfake");
    assertThat(environment.getProperty("helmgate.slack.signing-secret"))
        .isEqualTo("test-signing-secret-from-vault");
    assertThat(environment.getProperty("helmgate.argocd.token"))
        .isEqualTo("test-argocd-token-from-vault");
    assertThat(environment.getProperty("helmgate.git.token"))
        .isEqualTo("test-git-token-from-vault");
    assertThat(environment.getProperty("helmgate.slack.api-url"))
        .isEqualTo("https://slack.com/api/");
    assertThat(environment.getPropertySources().iterator().next().getName())
        .isEqualTo("vault:secret/data/helmgate/bot");
    vault.server.verify(
        getRequestedFor(urlPathEqualTo("/v1/secret/data/helmgate/bot"))
            .withHeader("X-Vault-Token", equalTo(VaultStub.STATIC_TOKEN)));
    vault.server.verify(0, getRequestedFor(urlPathEqualTo("/v1/auth/token/lookup-self")));
  }

  @Test
  void whenLoggedInForTheReadThenThatTokenIsRevokedAfterwards() {
    vault.appRoleLogin();
    vault.revokeSelf();
    vault.answer("secret/data/helmgate/bot", 200, VaultStub.fixture("bot-secrets.json"));
    configureVault(vault.uri(), "approle", "helmgate/bot");

    postProcess();

    assertThat(environment.getProperty("helmgate.slack.bot-token")).isEqualTo("xoxb-vaultfake");
    vault.server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/auth/token/revoke-self"))
            .withHeader("X-Vault-Token", equalTo(VaultStub.APPROLE_TOKEN)));
  }

  @Test
  void whenVaultIsNotConfiguredThenNothingChanges() {
    int sources = environment.getPropertySources().size();

    postProcess();

    assertThat(environment.getPropertySources().size()).isEqualTo(sources);
    assertThat(environment.getProperty("helmgate.slack.bot-token")).isEqualTo("xoxb-fromyml");
  }

  @Test
  void whenNoBotSecretsPathIsSetThenVaultIsNotAsked() {
    configureVault(vault.uri(), "token", "");

    postProcess();

    assertThat(environment.getProperty("helmgate.slack.bot-token")).isEqualTo("xoxb-fromyml");
    assertThat(vault.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void whenVaultIsDownAtStartThenStartupStopsNamingTheAddress() {
    String nowhere = VaultStub.unreachableUri();
    configureVault(nowhere, "token", "helmgate/bot");

    InvalidConfigurationException failure =
        catchThrowableOfType(InvalidConfigurationException.class, this::postProcess);

    assertThat(failure.key()).isEqualTo("helmgate.vault.uri");
    assertThat(failure.getMessage())
        .startsWith(
            "helmgate.vault.uri: cannot read the bot's secrets from Vault secret/data/helmgate/bot:"
                + " Vault unreachable at "
                + nowhere);
  }

  @Test
  void whenTheSecretDoesNotExistThenStartupStopsNamingThePath() {
    vault.answer("secret/data/helmgate/bot", 404, VaultStub.NOT_FOUND);
    configureVault(vault.uri(), "token", "helmgate/bot");

    InvalidConfigurationException failure =
        catchThrowableOfType(InvalidConfigurationException.class, this::postProcess);

    assertThat(failure.getMessage())
        .isEqualTo(
            "helmgate.vault.bot-secrets-path: no secret at secret/data/helmgate/bot in Vault"
                + " (or its current version is deleted)");
  }

  @Test
  void whenThePolicyDeniesTheReadThenStartupStopsWithThePolicyHint() {
    vault.answer("secret/data/helmgate/bot", 403, VaultStub.PERMISSION_DENIED);
    configureVault(vault.uri(), "token", "helmgate/bot");

    InvalidConfigurationException failure =
        catchThrowableOfType(InvalidConfigurationException.class, this::postProcess);

    assertThat(failure.key()).isEqualTo("helmgate.vault.bot-secrets-path");
    assertThat(failure.getMessage())
        .contains("permission denied: the bot's Vault policy must allow read on")
        .contains("secret/data/helmgate/bot");
  }

  @Test
  void whenVaultIsSealedAtStartThenStartupStopsSayingSo() {
    vault.answer("secret/data/helmgate/bot", 503, VaultStub.SEALED);
    configureVault(vault.uri(), "token", "helmgate/bot");

    InvalidConfigurationException failure =
        catchThrowableOfType(InvalidConfigurationException.class, this::postProcess);

    assertThat(failure.key()).isEqualTo("helmgate.vault.uri");
    assertThat(failure.getMessage()).contains("Vault is sealed");
  }

  @Test
  void whenTheAppRoleLoginIsRefusedThenStartupStopsNamingTheCredential() {
    configureVault(vault.uri(), "approle", "helmgate/bot");

    InvalidConfigurationException failure =
        catchThrowableOfType(InvalidConfigurationException.class, this::postProcess);

    assertThat(failure.key()).isEqualTo("helmgate.vault.app-role.secret-id");
    assertThat(failure.getMessage()).contains("Vault login (approle at auth/approle) refused: 404");
  }
}
