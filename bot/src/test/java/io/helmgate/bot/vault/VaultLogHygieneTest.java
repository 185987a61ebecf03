package io.helmgate.bot.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.helmgate.domain.port.SecretChecker.Preflight.Status;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;

/**
 * Runs the Vault scenarios (every login method, renewal, re-login, revocation, pre-flight outcomes,
 * start-up load and its failures) with every logger at DEBUG and checks that no line — message or
 * stack trace, through Logback or straight to the console — holds a token, a credential or a secret
 * value.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultLogHygieneTest {

  private static final Clock MARCH_10 =
      Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC);
  private static final SecretReference PASSWORD =
      new SecretReference("secret/data/acme/payments/prod", "db-password");

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private static final List<String> TRACED = List.of("org.springframework", "io.helmgate");

  private Logger root;
  private Level rootLevel;
  private VaultStub vault;

  @BeforeEach
  void captureAllLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    TRACED.forEach(name -> context.getLogger(name).setLevel(Level.TRACE));
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    vault = new VaultStub();
    vault.paymentsSecret();
    vault.revokeSelf();
  }

  @AfterEach
  void restoreLogging() {
    vault.close();
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    TRACED.forEach(name -> context.getLogger(name).setLevel(null));
  }

  private VaultSecretChecker checker(VaultProperties properties, ManualTaskScheduler scheduler) {
    return new VaultSecretChecker(VaultSession.open(properties, scheduler), MARCH_10);
  }

  private void runEveryVaultScenario(Path dir) throws Exception {
    // Static token: lookup, read, renewal.
    vault.tokenLookup();
    vault.renewSelf(VaultStub.STATIC_TOKEN);
    ManualTaskScheduler scheduler = new ManualTaskScheduler();
    try (VaultSecretChecker checker = checker(vault.tokenProperties(), scheduler)) {
      assertThat(checker.check(List.of(PASSWORD)).status()).isEqualTo(Status.PASSED);
      scheduler.runNext();
    }

    // AppRole: login, read, renewal, refused renewal, login again, revoke at close.
    vault.appRoleLogin();
    vault.renewSelf(VaultStub.APPROLE_TOKEN);
    scheduler = new ManualTaskScheduler();
    try (VaultSecretChecker checker = checker(vault.appRoleProperties(), scheduler)) {
      checker.check(List.of(PASSWORD, new SecretReference(PASSWORD.path(), "db-user#3")));
      scheduler.runNext();
      vault.server.stubFor(
          post(urlPathEqualTo("/v1/auth/token/renew-self"))
              .willReturn(aResponse().withStatus(403).withBody(VaultStub.PERMISSION_DENIED)));
      scheduler.runNext();
      checker.check(List.of(PASSWORD));
    }

    // Kubernetes: login with the service-account token from a file.
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, VaultStub.SERVICE_ACCOUNT_JWT);
    vault.kubernetesLogin(VaultStub.SERVICE_ACCOUNT_JWT);
    try (VaultSecretChecker checker =
        checker(vault.kubernetesProperties(tokenFile.toString()), new ManualTaskScheduler())) {
      checker.check(List.of(PASSWORD));
    }

    // Pre-flight outcomes that log warnings: sealed, denied, unreachable, refused login.
    vault.answer("secret/metadata/acme/sealed/prod", 503, VaultStub.SEALED);
    vault.answer("secret/metadata/acme/denied/prod", 403, VaultStub.PERMISSION_DENIED);
    try (VaultSecretChecker checker = checker(vault.tokenProperties(), new ManualTaskScheduler())) {
      checker.check(List.of(new SecretReference("secret/data/acme/sealed/prod", "k")));
      checker.check(List.of(new SecretReference("secret/data/acme/denied/prod", "k")));
      checker.check(List.of(new SecretReference(PASSWORD.path(), "no-such-key")));
    }
    try (VaultSecretChecker checker =
        checker(
            VaultStub.properties(
                VaultStub.unreachableUri(),
                VaultProperties.Authentication.APPROLE,
                null,
                null,
                null),
            new ManualTaskScheduler())) {
      checker.check(List.of(PASSWORD));
    }

    // Start-up: the bot's own secrets loaded, then a refused read.
    vault.answer("secret/data/helmgate/bot", 200, VaultStub.fixture("bot-secrets.json"));
    StandardEnvironment environment = new StandardEnvironment();
    System.setProperty("helmgate.vault.uri", vault.uri());
    try {
      System.setProperty("helmgate.vault.authentication", "approle");
      System.setProperty("helmgate.vault.app-role.role-id", VaultStub.ROLE_ID);
      System.setProperty("helmgate.vault.app-role.secret-id", VaultStub.SECRET_ID);
      System.setProperty("helmgate.vault.bot-secrets-path", "helmgate/bot");
      new VaultBotSecretsLoader().load(environment);
      vault.answer("secret/data/helmgate/bot", 403, VaultStub.PERMISSION_DENIED);
      Throwable refused =
          catchThrowable(() -> new VaultBotSecretsLoader().load(new StandardEnvironment()));
      LoggerFactory.getLogger(getClass()).error("start-up would stop here", refused);
    } finally {
      for (String key :
          List.of(
              "uri",
              "authentication",
              "app-role.role-id",
              "app-role.secret-id",
              "bot-secrets-path")) {
        System.clearProperty("helmgate.vault." + key);
      }
    }
  }

  @Test
  void noTokenCredentialOrSecretValueAppearsInAnyLogLine(@TempDir Path dir, CapturedOutput output)
      throws Exception {
    runEveryVaultScenario(dir);

    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : appender.list) {
      if (!isTheFakeServer(event.getLoggerName())) {
        lines.add(event.getLoggerName() + " " + event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
          lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
      }
    }
    String logged = String.join("\n", lines);
    String console =
        output
            .getAll()
            .lines()
            .filter(line -> !isTheFakeServer(line))
            .collect(Collectors.joining("\n"));

    assertThat(vault.server.findAllUnmatchedRequests()).isEmpty();
    assertThat(logged)
        .as("the scenarios ran and their logs were captured")
        .contains("Vault pre-flight passed")
        .contains("Renewing token")
        .contains("Vault is sealed")
        .contains("permission denied")
        .contains("Vault unreachable at")
        .contains("Loaded 4 setting(s) from Vault secret/data/helmgate/bot")
        .contains("Writing [{secret_id=•••, role_id=•••}]")
        .contains("Writing [{role=•••, jwt=•••}]");
    for (String secret : VaultStub.SECRETS) {
      assertThat(logged).as("log lines").doesNotContain(secret);
      assertThat(console).as("console output").doesNotContain(secret);
    }
  }

  /** WireMock stands in for Vault's server side; what it logs is not the bot's output. */
  private static boolean isTheFakeServer(String loggerNameOrLine) {
    return loggerNameOrLine.toLowerCase(java.util.Locale.ROOT).contains("wiremock");
  }
}
