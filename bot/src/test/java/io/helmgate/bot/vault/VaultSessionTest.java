package io.helmgate.bot.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SecretChecker.Preflight.Status;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of logging in, token renewal, re-login and revocation, against a WireMock Vault. */
class VaultSessionTest {

  private static final Clock MARCH_10 =
      Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC);
  private static final List<SecretReference> PAYMENTS =
      List.of(new SecretReference("secret/data/acme/payments/prod", "db-password"));

  private VaultStub vault;
  private ManualTaskScheduler scheduler;

  @BeforeEach
  void startVault() {
    vault = new VaultStub();
    vault.paymentsSecret();
    vault.revokeSelf();
    scheduler = new ManualTaskScheduler();
  }

  @AfterEach
  void stopVault() {
    vault.close();
  }

  private VaultSecretChecker checker(VaultProperties properties) {
    return new VaultSecretChecker(VaultSession.open(properties, scheduler), MARCH_10);
  }

  private void verifyReadsWith(String token) {
    vault.server.verify(
        getRequestedFor(urlPathEqualTo("/v1/secret/metadata/acme/payments/prod"))
            .withHeader("X-Vault-Token", equalTo(token)));
    vault.server.verify(
        getRequestedFor(urlPathEqualTo("/v1/secret/data/acme/payments/prod"))
            .withHeader("X-Vault-Token", equalTo(token)));
  }

  @Test
  void tokenAuthenticationLooksTheTokenUpAndSendsItWithEveryRead() {
    vault.tokenLookup();
    try (VaultSecretChecker checker = checker(vault.tokenProperties())) {

      assertThat(checker.check(PAYMENTS).status()).isEqualTo(Status.PASSED);
    }
    vault.server.verify(
        getRequestedFor(urlPathEqualTo("/v1/auth/token/lookup-self"))
            .withHeader("X-Vault-Token", equalTo(VaultStub.STATIC_TOKEN)));
    verifyReadsWith(VaultStub.STATIC_TOKEN);
  }

  @Test
  void appRoleLogsInWithRoleAndSecretIdAndUsesTheIssuedToken() {
    vault.appRoleLogin();
    try (VaultSecretChecker checker = checker(vault.appRoleProperties())) {

      assertThat(checker.check(PAYMENTS).status()).isEqualTo(Status.PASSED);
    }
    vault.server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/auth/approle/login"))
            .withRequestBody(
                equalToJson(
                    "{\"role_id\":\""
                        + VaultStub.ROLE_ID
                        + "\",\"secret_id\":\""
                        + VaultStub.SECRET_ID
                        + "\"}")));
    verifyReadsWith(VaultStub.APPROLE_TOKEN);
  }

  @Test
  void kubernetesLogsInWithTheServiceAccountTokenFromTheConfiguredFile(@TempDir Path dir)
      throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, VaultStub.SERVICE_ACCOUNT_JWT + "\n");
    vault.kubernetesLogin(VaultStub.SERVICE_ACCOUNT_JWT);
    try (VaultSecretChecker checker = checker(vault.kubernetesProperties(tokenFile.toString()))) {

      assertThat(checker.check(PAYMENTS).status()).isEqualTo(Status.PASSED);
    }
    vault.server.verify(1, postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login")));
    verifyReadsWith(VaultStub.KUBERNETES_TOKEN);
  }

  @Test
  void kubernetesReadsTheRotatedServiceAccountTokenAtTheNextLogin(@TempDir Path dir)
      throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, VaultStub.SERVICE_ACCOUNT_JWT);
    vault.kubernetesLogin(VaultStub.SERVICE_ACCOUNT_JWT);
    vault.kubernetesLogin("eyJ-rotated-test-jwt");
    vault.server.stubFor(
        post(urlPathEqualTo("/v1/auth/token/renew-self"))
            .willReturn(aResponse().withStatus(403).withBody(VaultStub.PERMISSION_DENIED)));
    try (VaultSecretChecker checker = checker(vault.kubernetesProperties(tokenFile.toString()))) {
      checker.check(PAYMENTS);
      Files.writeString(tokenFile, "eyJ-rotated-test-jwt");
      scheduler.runNext(); // renewal refused: the token is dropped

      assertThat(checker.check(PAYMENTS).status()).isEqualTo(Status.PASSED);
    }
    vault.server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login"))
            .withRequestBody(
                equalToJson("{\"role\":\"helmgate-bot\",\"jwt\":\"eyJ-rotated-test-jwt\"}")));
  }

  @Test
  void missingServiceAccountTokenFileIsUnavailableNamingTheFile(@TempDir Path dir) {
    Path tokenFile = dir.resolve("absent");
    try (VaultSecretChecker checker = checker(vault.kubernetesProperties(tokenFile.toString()))) {

      Preflight result = checker.check(PAYMENTS);

      assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
      assertThat(result.message())
          .contains("cannot read the Kubernetes service-account token file " + tokenFile)
          .contains("helmgate.vault.kubernetes.token-file");
    }
  }

  @Test
  void loginTokenIsRenewedBeforeItExpiresAndRenewalIsScheduledAgain() {
    vault.appRoleLogin();
    vault.renewSelf(VaultStub.APPROLE_TOKEN);
    try (VaultSecretChecker checker = checker(vault.appRoleProperties())) {
      checker.check(PAYMENTS);
      assertThat(scheduler.pending()).isEqualTo(1);

      scheduler.runNext();

      vault.server.verify(
          1,
          postRequestedFor(urlPathEqualTo("/v1/auth/token/renew-self"))
              .withHeader("X-Vault-Token", equalTo(VaultStub.APPROLE_TOKEN)));
      assertThat(scheduler.pending()).isEqualTo(1);
      assertThat(checker.check(PAYMENTS).status()).isEqualTo(Status.PASSED);
    }
    vault.server.verify(1, postRequestedFor(urlPathEqualTo("/v1/auth/approle/login")));
  }

  @Test
  void renewableStaticTokenIsRenewedToo() {
    vault.tokenLookup();
    vault.renewSelf(VaultStub.STATIC_TOKEN);
    try (VaultSecretChecker checker = checker(vault.tokenProperties())) {
      checker.check(PAYMENTS);

      scheduler.runNext();
    }
    vault.server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/auth/token/renew-self"))
            .withHeader("X-Vault-Token", equalTo(VaultStub.STATIC_TOKEN)));
  }

  @Test
  void whenRenewalIsRefusedThenTheNextReadLogsInAgain() {
    vault.appRoleLogin();
    vault.server.stubFor(
        post(urlPathEqualTo("/v1/auth/token/renew-self"))
            .willReturn(aResponse().withStatus(403).withBody(VaultStub.PERMISSION_DENIED)));
    try (VaultSecretChecker checker = checker(vault.appRoleProperties())) {
      checker.check(PAYMENTS);
      scheduler.runNext();

      assertThat(checker.check(PAYMENTS).status()).isEqualTo(Status.PASSED);
    }
    vault.server.verify(2, postRequestedFor(urlPathEqualTo("/v1/auth/approle/login")));
  }

  @Test
  void closingRevokesALoginTokenButNeverTheConfiguredOne() {
    vault.appRoleLogin();
    vault.tokenLookup();
    VaultSecretChecker appRole = checker(vault.appRoleProperties());
    VaultSecretChecker token = checker(vault.tokenProperties());
    appRole.check(PAYMENTS);
    token.check(PAYMENTS);

    appRole.close();
    token.close();

    vault.server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/auth/token/revoke-self"))
            .withHeader("X-Vault-Token", equalTo(VaultStub.APPROLE_TOKEN)));
    vault.server.verify(
        0,
        postRequestedFor(urlPathEqualTo("/v1/auth/token/revoke-self"))
            .withHeader("X-Vault-Token", equalTo(VaultStub.STATIC_TOKEN)));
  }

  @Test
  void refusedLoginIsUnavailableAndSaysWhatToCheck() {
    vault.server.stubFor(
        post(urlPathEqualTo("/v1/auth/approle/login"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errors\":[\"invalid role or secret ID\"]}")));
    try (VaultSecretChecker checker = checker(vault.appRoleProperties())) {

      Preflight result = checker.check(PAYMENTS);

      assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
      assertThat(result.message())
          .startsWith(
              "Vault login (approle at auth/approle) refused: 400 invalid role or secret ID;"
                  + " check helmgate.vault.app-role.role-id and .secret-id");
    }
  }
}
