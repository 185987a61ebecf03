package io.helmgate.bot.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SecretChecker.Preflight.Status;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vault pre-flight against a WireMock Vault answering KV v2's real documents. */
class VaultSecretCheckerTest {

  private static final Clock MARCH_10 =
      Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC);
  private static final String PAYMENTS = "secret/data/acme/payments/prod";

  private VaultStub vault;
  private VaultSecretChecker checker;

  @BeforeEach
  void startVault() {
    vault = new VaultStub();
    vault.tokenLookup();
    checker = checker(vault.tokenProperties(), MARCH_10);
  }

  @AfterEach
  void stopVault() {
    checker.close();
    vault.close();
  }

  private VaultSecretChecker checker(VaultProperties properties, Clock clock) {
    return new VaultSecretChecker(VaultSession.open(properties, new ManualTaskScheduler()), clock);
  }

  private static SecretReference ref(String path, String key) {
    return new SecretReference(path, key);
  }

  @Test
  void whenSecretAndKeyExistThenPassed() {
    vault.paymentsSecret();

    Preflight result = checker.check(List.of(ref(PAYMENTS, "db-password")));

    assertThat(result.status()).isEqualTo(Status.PASSED);
    assertThat(result.missing()).isEmpty();
    assertThat(result.message()).isEqualTo("all 1 secret reference(s) exist in Vault");
  }

  @Test
  void whenReferenceNamesNoKeyThenOnlyMetadataIsRead() {
    vault.paymentsSecret();

    Preflight result = checker.check(List.of(ref(PAYMENTS, null)));

    assertThat(result.status()).isEqualTo(Status.PASSED);
    vault.server.verify(0, getRequestedFor(urlPathMatching("/v1/secret/data/.*")));
    vault.server.verify(
        1, getRequestedFor(urlPathEqualTo("/v1/secret/metadata/acme/payments/prod")));
  }

  @Test
  void whenSecretDoesNotExistThenMissingListsIt() {
    vault.paymentsSecret();
    vault.answer("secret/metadata/acme/checkout/prod", 404, VaultStub.NOT_FOUND);
    SecretReference absent = ref("secret/data/acme/checkout/prod", "api-key");

    Preflight result = checker.check(List.of(ref(PAYMENTS, "db-password"), absent));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.missing()).containsExactly(absent);
    assertThat(result.message())
        .isEqualTo(
            "1 of 2 secret reference(s) not found in Vault:"
                + " secret/data/acme/checkout/prod#api-key (no such secret)");
  }

  @Test
  void whenKeyIsNotInTheSecretThenMissing() {
    vault.paymentsSecret();
    SecretReference typo = ref(PAYMENTS, "db-pasword");

    Preflight result = checker.check(List.of(typo));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.missing()).containsExactly(typo);
    assertThat(result.message()).contains("no key db-pasword in current version 4");
  }

  @Test
  void whenPinnedVersionExistsThenThatVersionIsChecked() {
    vault.paymentsSecret();

    Preflight result = checker.check(List.of(ref(PAYMENTS, "db-password#3")));

    assertThat(result.status()).isEqualTo(Status.PASSED);
    vault.server.verify(
        1,
        getRequestedFor(urlPathEqualTo("/v1/" + PAYMENTS))
            .withQueryParam(
                "version", com.github.tomakehurst.wiremock.client.WireMock.equalTo("3")));
  }

  @Test
  void whenPinnedVersionLacksTheKeyThenMissing() {
    vault.paymentsSecret();

    Preflight result = checker.check(List.of(ref(PAYMENTS, "db-user#3")));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.message()).contains("no key db-user in version 3");
  }

  @Test
  void whenPinnedVersionIsDestroyedDeletedOrUnknownThenMissingSaysWhich() {
    vault.paymentsSecret();
    SecretReference destroyed = ref(PAYMENTS, "db-password#1");
    SecretReference deleted = ref(PAYMENTS, "db-password#2");
    SecretReference unknown = ref(PAYMENTS, "db-password#9");

    Preflight result = checker.check(List.of(destroyed, deleted, unknown));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.missing()).containsExactly(destroyed, deleted, unknown);
    assertThat(result.message())
        .contains("db-password#1 (version 1 destroyed)")
        .contains("db-password#2 (version 2 deleted)")
        .contains("db-password#9 (no version 9)");
  }

  @Test
  void whenDeletionIsOnlyScheduledThenTheVersionStillCounts() {
    vault.paymentsSecret();
    vault.answerVersion(PAYMENTS, 2, 200, VaultStub.fixture("kv-data-v3.json"));
    VaultSecretChecker beforeDeletion =
        checker(
            vault.tokenProperties(),
            Clock.fixed(Instant.parse("2026-01-25T00:00:00Z"), ZoneOffset.UTC));

    try {
      assertThat(beforeDeletion.check(List.of(ref(PAYMENTS, "db-password#2"))).status())
          .isEqualTo(Status.PASSED);
    } finally {
      beforeDeletion.close();
    }
  }

  @Test
  void whenCurrentVersionIsDeletedThenMissing() {
    vault.answer(
        "secret/metadata/acme/billing/prod",
        200,
        VaultStub.fixture("kv-metadata-current-deleted.json"));

    Preflight result = checker.check(List.of(ref("secret/data/acme/billing/prod", null)));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.message()).contains("current version 2 deleted");
  }

  @Test
  void whenDataReadSaysDeletedThenMissing() {
    vault.answer("secret/metadata/acme/billing/prod", 200, VaultStub.fixture("kv-metadata.json"));
    vault.answerVersion(
        "secret/data/acme/billing/prod", 4, 404, VaultStub.fixture("kv-data-deleted.json"));

    Preflight result = checker.check(List.of(ref("secret/data/acme/billing/prod", "db-password")));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.message()).contains("current version 4 deleted");
  }

  @Test
  void whenVaultIsSealedThenUnavailableAndNothingElseIsTried() {
    vault.answer("secret/metadata/acme/payments/prod", 503, VaultStub.SEALED);
    vault.answer("secret/metadata/acme/checkout/prod", 503, VaultStub.SEALED);

    Preflight result =
        checker.check(
            List.of(ref(PAYMENTS, "db-password"), ref("secret/data/acme/checkout/prod", "k")));

    assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
    assertThat(result.missing()).isEmpty();
    assertThat(result.message())
        .isEqualTo("Vault is sealed (" + vault.uri() + ") (2 of 2 reference(s) not checked)");
    vault.server.verify(1, getRequestedFor(urlPathMatching("/v1/secret/.*")));
  }

  @Test
  void whenPolicyDeniesTheReadThenUnavailableWithThePolicyHint() {
    vault.answer("secret/metadata/acme/payments/prod", 403, VaultStub.PERMISSION_DENIED);

    Preflight result = checker.check(List.of(ref(PAYMENTS, "db-password")));

    assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
    assertThat(result.message())
        .startsWith(
            "permission denied: the bot's Vault policy must allow read on"
                + " secret/metadata/acme/payments/prod and secret/data/acme/payments/prod");
  }

  @Test
  void aHostileErrorBodyFromVaultIsNeverQuotedAsItCame() {
    String token =
        "hvs." + "CAESIJ9aQ2rT7uVw3yB6nM1kL8jH5gF4dS0pO2iU"; // split: no scanner mistakes it
    vault.answer(
        "secret/metadata/acme/payments/prod",
        500,
        "{\"errors\":[\"<!channel> <https://evil.example|fix> " + token + "\\nINFO forged\"]}");

    Preflight result = checker.check(List.of(ref(PAYMENTS, "db-password")));

    assertThat(result.message())
        .contains("500")
        .doesNotContain("<!channel>")
        .doesNotContain("<https://evil")
        .doesNotContain(token)
        .doesNotContain("\nINFO forged");
  }

  @Test
  void whenVaultCannotBeReachedThenUnavailableNamesTheAddress() {
    String nowhere = VaultStub.unreachableUri();
    VaultSecretChecker offline =
        checker(
            VaultStub.properties(
                nowhere, VaultProperties.Authentication.TOKEN, VaultStub.STATIC_TOKEN, null, null),
            MARCH_10);
    try {
      Preflight result = offline.check(List.of(ref(PAYMENTS, "db-password")));

      assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
      assertThat(result.message()).startsWith("Vault unreachable at " + nowhere + ": ");
    } finally {
      offline.close();
    }
  }

  @Test
  void whenOneIsMissingAndAnotherDeniedThenMissingWinsAndTheMessageSaysBoth() {
    vault.answer("secret/metadata/acme/checkout/prod", 404, VaultStub.NOT_FOUND);
    vault.answer("secret/metadata/acme/payments/prod", 403, VaultStub.PERMISSION_DENIED);
    SecretReference absent = ref("secret/data/acme/checkout/prod", "api-key");

    Preflight result = checker.check(List.of(ref(PAYMENTS, "db-password"), absent));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.missing()).containsExactly(absent);
    assertThat(result.message())
        .contains("checkout/prod#api-key (no such secret)")
        .contains("1 of 2 not checked: permission denied");
  }

  @Test
  void whenReferenceIsNotAKvVersion2PathThenMissingExplainsTheForm() {
    SecretReference v1Style = ref("secret/acme/payments/prod", "db-password");
    SecretReference climbing = ref("secret/data/../sys/seal", null);
    SecretReference badVersion = ref(PAYMENTS, "db-password#latest");

    Preflight result = checker.check(List.of(v1Style, climbing, badVersion));

    assertThat(result.status()).isEqualTo(Status.MISSING);
    assertThat(result.missing()).containsExactly(v1Style, climbing, badVersion);
    assertThat(result.message())
        .contains("not a KV v2 path: expected <mount>/data/<path>")
        .contains("not a valid Vault path")
        .contains("version must be a positive number");
    vault.server.verify(0, getRequestedFor(urlPathMatching("/v1/secret/.*")));
  }

  @Test
  void whenSeveralKeysOfOneSecretAreReferencedThenItIsReadOnce() {
    vault.paymentsSecret();

    Preflight result =
        checker.check(
            List.of(ref(PAYMENTS, "db-password"), ref(PAYMENTS, "db-user"), ref(PAYMENTS, null)));

    assertThat(result.status()).isEqualTo(Status.PASSED);
    vault.server.verify(
        1, getRequestedFor(urlPathEqualTo("/v1/secret/metadata/acme/payments/prod")));
    vault.server.verify(1, getRequestedFor(urlPathEqualTo("/v1/" + PAYMENTS)));
  }

  @Test
  void whenThereAreNoReferencesThenPassedWithoutAskingVault() {
    Preflight result = checker.check(List.of());

    assertThat(result.status()).isEqualTo(Status.PASSED);
    assertThat(vault.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void whenVaultIsOffThenNotConfiguredSaysSo() {
    UnconfiguredSecretChecker off = new UnconfiguredSecretChecker();

    Preflight result = off.check(List.of(ref(PAYMENTS, "db-password")));

    assertThat(off.isConfigured()).isFalse();
    assertThat(result.status()).isEqualTo(Status.NOT_CONFIGURED);
    assertThat(result.message())
        .isEqualTo(
            "Vault is not configured (helmgate.vault.uri); secret references were not checked");
  }

  // --- readiness ------------------------------------------------------------------------------

  @Test
  void readyWhileVaultAnswersTheTokenLookup() {
    assertThat(checker.readinessProblem()).isEmpty();
  }

  @Test
  void notReadyWhileVaultIsSealedAndSaysSo() {
    vault.server.resetAll();
    vault.answer("auth/token/lookup-self", 503, VaultStub.SEALED);

    assertThat(checker.readinessProblem())
        .hasValueSatisfying(p -> assertThat(p).contains("sealed"));
  }

  @Test
  void notReadyWhileVaultIsUnreachableAndNamesTheAddress() {
    String nowhere = VaultStub.unreachableUri();
    VaultSecretChecker unreachable =
        checker(
            VaultStub.properties(
                nowhere, VaultProperties.Authentication.TOKEN, VaultStub.STATIC_TOKEN, null, null),
            MARCH_10);

    assertThat(unreachable.readinessProblem())
        .hasValueSatisfying(p -> assertThat(p).contains(nowhere));
  }
}
