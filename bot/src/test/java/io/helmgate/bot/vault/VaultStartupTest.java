package io.helmgate.bot.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.bot.HelmgateApplication;
import io.helmgate.bot.config.ConfigurationFailureAnalyzer;
import io.helmgate.bot.config.SlackProperties;
import io.helmgate.domain.port.SecretChecker;
import io.helmgate.domain.port.SecretChecker.Preflight.Status;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application starting with Vault: secrets loaded first, or one line saying why not. */
@ExtendWith(OutputCaptureExtension.class)
class VaultStartupTest {

  private VaultStub vault;

  @BeforeEach
  void startVault() {
    vault = new VaultStub();
  }

  @AfterEach
  void stopVault() {
    vault.close();
  }

  private ConfigurableApplicationContext start(String... properties) {
    // Arguments, not default properties: application.yml would win over those.
    Stream<String> arguments =
        Stream.concat(
            Stream.of(
                "spring.datasource.url=jdbc:h2:mem:vault;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "server.port=0",
                "management.server.port=0",
                "spring.config.additional-location="
                    + "classpath:io/helmgate/bot/vault/application-vault-test.yml"),
            Arrays.stream(properties));
    return new SpringApplicationBuilder(HelmgateApplication.class)
        .run(arguments.map(p -> "--" + p).toArray(String[]::new));
  }

  @Test
  void settingFromVaultWinsOverApplicationYmlAndTheCheckerUsesVault() {
    vault.answer(
        "secret/data/helmgate/bot", 200, VaultStub.fixture("bot-secrets-slack-token.json"));

    try (ConfigurableApplicationContext context =
        start(
            "helmgate.vault.uri=" + vault.uri(),
            "helmgate.vault.token=" + VaultStub.STATIC_TOKEN,
            "helmgate.vault.bot-secrets-path=helmgate/bot")) {

      assertThat(context.getBean(SlackProperties.class).signingSecret())
          .isEqualTo("vault-signing-secret-not-a-secret");
      assertThat(context.getBean(SecretChecker.class).isConfigured()).isTrue();
    }
  }

  @Test
  void theCheckerLogsInOnFirstUseAndRevokesItsTokenWhenTheApplicationStops() {
    vault.appRoleLogin();
    vault.revokeSelf();
    vault.paymentsSecret();
    SecretReference password = new SecretReference("secret/data/acme/payments/prod", "db-password");

    try (ConfigurableApplicationContext context =
        start(
            "helmgate.vault.uri=" + vault.uri(),
            "helmgate.vault.authentication=APPROLE",
            "helmgate.vault.app-role.role-id=" + VaultStub.ROLE_ID,
            "helmgate.vault.app-role.secret-id=" + VaultStub.SECRET_ID)) {
      vault.server.verify(0, postRequestedFor(urlPathEqualTo("/v1/auth/approle/login")));

      assertThat(context.getBean(SecretChecker.class).check(List.of(password)).status())
          .isEqualTo(Status.PASSED);
    }
    vault.server.verify(1, postRequestedFor(urlPathEqualTo("/v1/auth/approle/login")));
    vault.server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/auth/token/revoke-self"))
            .withHeader("X-Vault-Token", equalTo(VaultStub.APPROLE_TOKEN)));
  }

  @Test
  void withoutVaultTheApplicationYmlSettingStandsAndTheCheckerSaysNotConfigured() {
    try (ConfigurableApplicationContext context = start()) {

      assertThat(context.getBean(SlackProperties.class).signingSecret())
          .isEqualTo("yml-signing-secret-not-a-secret");
      assertThat(context.getBean(SecretChecker.class).isConfigured()).isFalse();
    }
  }

  @Test
  void whenVaultIsDownAtStartThenStartupStopsWithOneLine(CapturedOutput output) {
    String nowhere = VaultStub.unreachableUri();

    Throwable failure =
        catchThrowable(
            () ->
                start(
                        "helmgate.vault.uri=" + nowhere,
                        "helmgate.vault.token=" + VaultStub.STATIC_TOKEN,
                        "helmgate.vault.bot-secrets-path=helmgate/bot")
                    .close());

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .startsWith(
            "invalid configuration: helmgate.vault.uri: cannot read the bot's secrets from Vault"
                + " secret/data/helmgate/bot: Vault unreachable at "
                + nowhere);
    assertThat(output.getErr())
        .containsOnlyOnce("helmgate: cannot start: invalid configuration: helmgate.vault.uri")
        .doesNotContain("\tat org.springframework")
        .doesNotContain(VaultStub.STATIC_TOKEN);
    assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START");
  }

  @Test
  void whenAppRoleLacksItsRoleIdThenStartupStopsNamingTheKey() {
    Throwable failure =
        catchThrowable(
            () ->
                start("helmgate.vault.uri=" + vault.uri(), "helmgate.vault.authentication=approle")
                    .close());

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .isEqualTo(
            "invalid configuration: helmgate.vault.app-role.role-id: expected the AppRole role id"
                + " when helmgate.vault.authentication is APPROLE");
  }
}
