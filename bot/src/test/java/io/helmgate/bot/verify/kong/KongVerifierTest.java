package io.helmgate.bot.verify.kong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.EdgeVerifier.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kong's checks against a WireMock that answers like the Kong 3.x Admin API and a gateway. */
class KongVerifierTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final String NOT_FOUND = "{\"message\":\"Not found\"}";

  WireMockServer kong;

  @BeforeEach
  void start() {
    kong = new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
    kong.start();
  }

  @AfterEach
  void stop() {
    kong.stop();
  }

  static String fixture(String name) {
    try (InputStream in = KongVerifierTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KongVerifier verifier(URI adminUrl, URI proxyUrl, Map<String, KongProperties.Product> products) {
    return new KongVerifier(
        new KongProperties(
            Map.of(
                "prod",
                new KongProperties.Environment(
                    adminUrl,
                    "kong-admin-token-fake",
                    null,
                    "{customer}-{product}",
                    proxyUrl,
                    "/{product}/health",
                    Duration.ofSeconds(10),
                    false,
                    products))));
  }

  KongVerifier verifier() {
    URI base = URI.create(kong.baseUrl());
    return verifier(base, base, Map.of());
  }

  void answer(String path, int status, String body) {
    kong.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(body)));
  }

  void healthyKong() {
    answer("/services/acme-payments", 200, fixture("service.json"));
    answer("/routes/acme-payments", 200, fixture("route.json"));
    answer("/upstreams/acme-payments/health", 200, fixture("health-healthy.json"));
    answer("/payments/health", 200, "{\"status\":\"UP\"}");
  }

  @Test
  void healthyServiceRouteUpstreamAndProbePassEveryCheck() {
    healthyKong();

    List<Check> checks = verifier().verify(PROD);

    assertThat(checks)
        .extracting(Check::name)
        .containsExactly(
            "Kong service acme-payments",
            "Kong route acme-payments",
            "Kong upstream acme-payments",
            "Probe " + kong.baseUrl() + "/payments/health");
    assertThat(checks).allMatch(Check::passed);
    assertThat(checks.get(2).detail()).isEqualTo("2 of 2 targets HEALTHY");
    kong.verify(
        getRequestedFor(urlPathEqualTo("/services/acme-payments"))
            .withHeader("Kong-Admin-Token", equalTo("kong-admin-token-fake")));
  }

  @Test
  void unhealthyTargetFailsTheUpstreamCheckNamingIt() {
    healthyKong();
    answer("/upstreams/acme-payments/health", 200, fixture("health-unhealthy.json"));

    Check upstream = verifier().verify(PROD).get(2);

    assertThat(upstream.passed()).isFalse();
    assertThat(upstream.detail())
        .isEqualTo("1 of 2 targets not healthy: [10.20.0.12:8080 UNHEALTHY]");
  }

  @Test
  void healthChecksOffIsUnknownNotUp() {
    healthyKong();
    answer("/upstreams/acme-payments/health", 200, fixture("health-checks-off.json"));

    Check upstream = verifier().verify(PROD).get(2);

    assertThat(upstream.passed()).isFalse();
    assertThat(upstream.detail()).contains("HEALTHCHECKS_OFF").contains("cannot tell");
  }

  @Test
  void missingRouteFailsWithItsName() {
    healthyKong();
    answer("/routes/acme-payments", 404, NOT_FOUND);

    List<Check> checks = verifier().verify(PROD);

    assertThat(checks.get(1))
        .isEqualTo(
            new Check(
                "Kong route acme-payments", false, "no route named acme-payments in Kong (404)"));
    assertThat(checks.get(0).passed()).isTrue();
  }

  @Test
  void routeOfAnotherServiceFails() {
    healthyKong();
    answer(
        "/routes/acme-payments",
        200,
        fixture("route.json").replace("3f0c2a4e-7d1b-4b8e-9a55-0c1d2e3f4a5b", "other-service-id"));

    Check route = verifier().verify(PROD).get(1);

    assertThat(route.passed()).isFalse();
    assertThat(route.detail()).contains("points at service other-service-id");
  }

  @Test
  void probeAnswering503FailsTheProbe() {
    healthyKong();
    answer("/payments/health", 503, "{\"status\":\"DOWN\"}");

    Check probe = verifier().verify(PROD).get(3);

    assertThat(probe.passed()).isFalse();
    assertThat(probe.detail()).isEqualTo("HTTP 503, expected 2xx");
  }

  @Test
  void kongDownIsOneFailedCheckThatSaysWhere() throws IOException {
    URI closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }

    List<Check> checks = verifier(closed, null, Map.of()).verify(PROD);

    assertThat(checks)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("Kong Admin API");
              assertThat(c.passed()).isFalse();
              assertThat(c.detail())
                  .startsWith("unreachable at " + closed)
                  .endsWith("nothing was checked");
            });
  }

  @Test
  void productOverridesReplaceTheConventionAndDashSkipsTheUpstream() {
    answer("/services/payments-v2", 200, fixture("service.json"));
    answer("/routes/payments-public", 200, fixture("route.json"));
    URI base = URI.create(kong.baseUrl());

    List<Check> checks =
        verifier(
                base,
                null,
                Map.of(
                    "acme/payments",
                    new KongProperties.Product("payments-v2", "payments-public", "-", null)))
            .verify(PROD);

    assertThat(checks)
        .extracting(Check::name)
        .containsExactly("Kong service payments-v2", "Kong route payments-public");
    assertThat(checks).allMatch(Check::passed);
  }

  @Test
  void environmentWithoutKongHasNoChecks() {
    assertThat(verifier().verify(new Target("acme", "payments", "dev"))).isEmpty();
  }

  @Test
  void adminUrlThatIsNotHttpIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> verifier(URI.create("kong-admin:8001"), null, Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("helmgate.kong.environments.prod.admin-url:");
  }
}
