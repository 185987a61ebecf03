package io.helmgate.bot.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With ArgoCD configured, readiness follows it too: DOWN while ArgoCD does not take the bot's
 * token, UP once it does. (Vault's part is the same shape; VaultSecretCheckerTest covers it.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ArgoCdReadinessTest {

  static final WireMockServer argo = new WireMockServer(options().dynamicPort());

  /** Actuator has its own port (management.server.port). */
  @LocalManagementPort int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    argo.start();
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:argo-readiness;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    registry.add("helmgate.argocd.url", argo::baseUrl);
    registry.add("helmgate.argocd.token", () -> "argocd-test-token-not-a-token");
    registry.add(
        "spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "argo-readiness-test");
  }

  @AfterAll
  static void stop() {
    argo.stop();
  }

  int readiness() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void readinessIsDownWhileArgoCdRefusesTheTokenAndUpOnceItTakesIt() throws Exception {
    argo.stubFor(get(urlPathEqualTo("/api/v1/session/userinfo")).willReturn(okJson("{}")));
    assertThat(readiness()).isEqualTo(503);

    argo.stubFor(
        get(urlPathEqualTo("/api/v1/session/userinfo"))
            .willReturn(okJson("{\"loggedIn\":true,\"username\":\"helmgate\"}")));
    assertThat(readiness()).isEqualTo(200);
  }
}
