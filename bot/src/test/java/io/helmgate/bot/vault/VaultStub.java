package io.helmgate.bot.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A WireMock server that answers like Vault: the auth endpoints, token lookup, renewal and
 * revocation, KV v2 data and metadata, and Vault's error documents. Every value in it is fake.
 */
final class VaultStub implements AutoCloseable {

  static final String STATIC_TOKEN = "hvs.test-token";
  static final String APPROLE_TOKEN = "hvs.test-approle-token";
  static final String KUBERNETES_TOKEN = "hvs.test-kubernetes-token";
  static final String ROLE_ID = "test-role-id-7c1e";
  static final String SECRET_ID = "test-secret-id-not-real-4b9a";
  static final String SERVICE_ACCOUNT_JWT = "eyJ-test-service-account-jwt-not-real";
  static final String PERMISSION_DENIED = "{\"errors\":[\"permission denied\"]}";
  static final String NOT_FOUND = "{\"errors\":[]}";
  static final String SEALED = "{\"errors\":[\"Vault is sealed\"]}";

  /** Every secret value and credential the fixtures hold: none may ever show up in a log. */
  static final List<String> SECRETS =
      List.of(
          STATIC_TOKEN,
          APPROLE_TOKEN,
          KUBERNETES_TOKEN,
          SECRET_ID,
          SERVICE_ACCOUNT_JWT,
          "s3cr3t-db-password-value-v4",
          "payments-app-user-value-v4",
          "s3cr3t-nested-value-v4",
          "s3cr3t-db-password-value-v3",
          "xoxb-vaultfake",
          "test-signing-secret-from-vault",
          "test-argocd-token-from-vault",
          "test-git-token-from-vault");

  final WireMockServer server;

  VaultStub() {
    server = new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
    server.start();
  }

  String uri() {
    return "http://localhost:" + server.port();
  }

  /** The address of a port nobody listens on. */
  static String unreachableUri() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  VaultProperties tokenProperties() {
    return properties(VaultProperties.Authentication.TOKEN, STATIC_TOKEN, null, null);
  }

  VaultProperties appRoleProperties() {
    return properties(VaultProperties.Authentication.APPROLE, null, null, null);
  }

  VaultProperties kubernetesProperties(String tokenFile) {
    return properties(VaultProperties.Authentication.KUBERNETES, null, tokenFile, null);
  }

  VaultProperties properties(
      VaultProperties.Authentication authentication,
      String token,
      String tokenFile,
      String botSecretsPath) {
    return properties(uri(), authentication, token, tokenFile, botSecretsPath);
  }

  static VaultProperties properties(
      String uri,
      VaultProperties.Authentication authentication,
      String token,
      String tokenFile,
      String botSecretsPath) {
    return new VaultProperties(
        uri,
        authentication,
        token,
        new VaultProperties.AppRole(ROLE_ID, SECRET_ID, "approle"),
        new VaultProperties.Kubernetes("helmgate-bot", "kubernetes", tokenFile),
        "secret",
        botSecretsPath,
        null,
        Duration.ofSeconds(2));
  }

  void tokenLookup() {
    server.stubFor(
        get(urlPathEqualTo("/v1/auth/token/lookup-self"))
            .withHeader("X-Vault-Token", equalTo(STATIC_TOKEN))
            .willReturn(json(200, fixture("lookup-self.json"))));
  }

  void appRoleLogin() {
    server.stubFor(
        post(urlPathEqualTo("/v1/auth/approle/login"))
            .withRequestBody(
                equalToJson(
                    "{\"role_id\":\"" + ROLE_ID + "\",\"secret_id\":\"" + SECRET_ID + "\"}"))
            .willReturn(json(200, fixture("approle-login.json"))));
  }

  void kubernetesLogin(String jwt) {
    server.stubFor(
        post(urlPathEqualTo("/v1/auth/kubernetes/login"))
            .withRequestBody(equalToJson("{\"role\":\"helmgate-bot\",\"jwt\":\"" + jwt + "\"}"))
            .willReturn(json(200, fixture("kubernetes-login.json"))));
  }

  void renewSelf(String token) {
    server.stubFor(
        post(urlPathEqualTo("/v1/auth/token/renew-self"))
            .withHeader("X-Vault-Token", equalTo(token))
            .willReturn(json(200, fixture("renew-self.json").replace("{{TOKEN}}", token))));
  }

  void revokeSelf() {
    server.stubFor(
        post(urlPathEqualTo("/v1/auth/token/revoke-self")).willReturn(aResponse().withStatus(204)));
  }

  /** {@code GET /v1/<path>} answers {@code status} with {@code body}, for any token. */
  void answer(String path, int status, String body) {
    server.stubFor(get(urlPathEqualTo("/v1/" + path)).willReturn(json(status, body)));
  }

  /** Like {@link #answer} but only for the request that asks for {@code ?version=}. */
  void answerVersion(String path, int version, int status, String body) {
    MappingBuilder mapping =
        get(urlPathEqualTo("/v1/" + path)).withQueryParam("version", equalTo("" + version));
    server.stubFor(mapping.willReturn(json(status, body)));
  }

  /** The payments secret: metadata with versions 1 (destroyed) to 4 (current) and their data. */
  void paymentsSecret() {
    answer("secret/metadata/acme/payments/prod", 200, fixture("kv-metadata.json"));
    answerVersion("secret/data/acme/payments/prod", 4, 200, fixture("kv-data-v4.json"));
    answerVersion("secret/data/acme/payments/prod", 3, 200, fixture("kv-data-v3.json"));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String fixture(String name) {
    try (InputStream in = VaultStub.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
