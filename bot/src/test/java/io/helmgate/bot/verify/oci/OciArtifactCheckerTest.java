package io.helmgate.bot.verify.oci;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.helmgate.domain.port.ArtifactChecker.ArtifactRef;
import io.helmgate.domain.port.ArtifactChecker.Kind;
import io.helmgate.domain.port.ArtifactChecker.Resolution;
import io.helmgate.domain.port.ArtifactChecker.Resolution.Status;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI client against a real CNCF Distribution registry on loopback (and, for the Bearer token
 * flow, a stub answering the token protocol's real challenge and reply shapes).
 */
class OciArtifactCheckerTest {

  @TempDir Path dir;
  LocalRegistry registry;
  WireMockServer stub;

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.close();
    }
    if (stub != null) {
      stub.stop();
    }
  }

  static OciArtifactChecker checker(RegistryProperties.Registry... registries) {
    return new OciArtifactChecker(
        new RegistryProperties(List.of(registries), Duration.ofSeconds(5), null),
        Clock.systemUTC());
  }

  static RegistryProperties.Registry plain(String host) {
    return new RegistryProperties.Registry(host, null, null, true);
  }

  Resolution resolve(OciArtifactChecker checker, Kind kind, String repository, String tag) {
    List<Resolution> results = checker.resolve(List.of(new ArtifactRef(kind, repository, tag)));
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void pushedImageTagResolvesToTheDigestOfThePushedManifest() {
    registry = LocalRegistry.start(dir);
    String pushed = registry.pushImage("checkout/checkout-web", "2.7.1", "a");

    Resolution r =
        resolve(
            checker(plain(registry.host())),
            Kind.IMAGE,
            registry.host() + "/checkout/checkout-web",
            "2.7.1");

    assertThat(r.status()).isEqualTo(Status.RESOLVED);
    assertThat(r.digest()).isEqualTo(pushed).startsWith("sha256:");
  }

  @Test
  void helmChartVersionWithPlusResolvesUnderHelmsUnderscoreTagAsAnOciManifest() {
    registry = LocalRegistry.start(dir);
    String pushed = registry.pushChart("charts/checkout", "1.4.0_build.7");

    Resolution r =
        resolve(
            checker(plain(registry.host())),
            Kind.CHART,
            registry.host() + "/charts/checkout",
            "1.4.0+build.7");

    assertThat(r.status()).isEqualTo(Status.RESOLVED);
    assertThat(r.digest()).isEqualTo(pushed);
  }

  @Test
  void tagNeverPushedIsMissingAndSoIsAnUnknownRepository() {
    registry = LocalRegistry.start(dir);
    registry.pushImage("checkout/checkout-web", "2.7.1", "a");
    OciArtifactChecker checker = checker(plain(registry.host()));

    assertThat(
            resolve(checker, Kind.IMAGE, registry.host() + "/checkout/checkout-web", "9.9.9")
                .status())
        .isEqualTo(Status.MISSING);
    assertThat(resolve(checker, Kind.IMAGE, registry.host() + "/nobody/here", "1.0").status())
        .isEqualTo(Status.MISSING);
  }

  @Test
  void tagMovedToAnotherManifestResolvesToTheNewDigest() {
    registry = LocalRegistry.start(dir);
    String approved = registry.pushImage("checkout/checkout-web", "2.7.1", "a");
    OciArtifactChecker checker = checker(plain(registry.host()));
    String repository = registry.host() + "/checkout/checkout-web";
    assertThat(resolve(checker, Kind.IMAGE, repository, "2.7.1").digest()).isEqualTo(approved);

    String moved = registry.pushImage("checkout/checkout-web", "2.7.1", "b");

    assertThat(moved).isNotEqualTo(approved);
    assertThat(resolve(checker, Kind.IMAGE, repository, "2.7.1").digest()).isEqualTo(moved);
  }

  @Test
  void registryNotListedIsNotConfiguredAndIsNotAsked() {
    Resolution r =
        resolve(
            checker(plain("127.0.0.1:1")), Kind.IMAGE, "registry.acme.example/checkout/web", "1");

    assertThat(r.status()).isEqualTo(Status.NOT_CONFIGURED);
  }

  @Test
  void registryThatDoesNotAnswerIsUnavailable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String host = "127.0.0.1:" + closed;

    Resolution r = resolve(checker(plain(host)), Kind.IMAGE, host + "/checkout/web", "1");

    assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
    assertThat(r.message()).contains(host);
  }

  @Test
  void basicAuthRegistryWithoutCredentialsIsUnavailableAndSaysWhichSettingsToSet() {
    registry = LocalRegistry.startWithBasicAuth(dir);
    registry.pushImage("checkout/web", "1.0", "a");

    Resolution r =
        resolve(
            checker(plain(registry.host())), Kind.IMAGE, registry.host() + "/checkout/web", "1.0");

    assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
    assertThat(r.message()).contains("requires credentials").contains("username");
  }

  @Test
  void basicAuthRegistryWithWrongPasswordRefusesAndWithTheRightOneResolves() {
    registry = LocalRegistry.startWithBasicAuth(dir);
    String pushed = registry.pushImage("checkout/web", "1.0", "a");
    String repository = registry.host() + "/checkout/web";

    Resolution wrong =
        resolve(
            checker(new RegistryProperties.Registry(registry.host(), "docker", "wrong", true)),
            Kind.IMAGE,
            repository,
            "1.0");
    Resolution right =
        resolve(
            checker(
                new RegistryProperties.Registry(
                    registry.host(), "docker", registry.password(), true)),
            Kind.IMAGE,
            repository,
            "1.0");

    assertThat(wrong.status()).isEqualTo(Status.UNAVAILABLE);
    assertThat(wrong.message()).contains("refused the bot (HTTP 401)");
    assertThat(right.status()).isEqualTo(Status.RESOLVED);
    assertThat(right.digest()).isEqualTo(pushed);
  }

  @Test
  void bearerChallengeIsAnsweredWithATokenFetchedWithBasicCredentialsAndCached() {
    stub = new WireMockServer(options().dynamicPort());
    stub.start();
    String host = "localhost:" + stub.port();
    String digest = "sha256:" + "5e".repeat(32);
    stub.stubFor(
        head(urlPathEqualTo("/v2/apps/web/manifests/2.3.1"))
            .atPriority(2)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "Www-Authenticate",
                        "Bearer realm=\"http://"
                            + host
                            + "/token\",service=\"registry.example.test\","
                            + "scope=\"repository:apps/web:pull,push\"")));
    stub.stubFor(
        head(urlPathEqualTo("/v2/apps/web/manifests/2.3.1"))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer tok-1"))
            .withHeader("Accept", equalTo(OciArtifactChecker.ACCEPT))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Docker-Content-Digest", digest)
                    .withHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")));
    stub.stubFor(
        get(urlPathEqualTo("/token"))
            .withQueryParam("service", equalTo("registry.example.test"))
            .withQueryParam("scope", equalTo("repository:apps/web:pull,push"))
            .withHeader("Authorization", equalTo(LocalRegistry.basic("robot", "s3cret-test")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"tok-1\",\"expires_in\":300,"
                            + "\"issued_at\":\"2026-01-05T10:00:00Z\"}")));
    OciArtifactChecker checker =
        checker(new RegistryProperties.Registry(host, "robot", "s3cret-test", true));

    Resolution first = resolve(checker, Kind.IMAGE, host + "/apps/web", "2.3.1");
    Resolution second = resolve(checker, Kind.IMAGE, host + "/apps/web", "2.3.1");

    assertThat(first.status()).isEqualTo(Status.RESOLVED);
    assertThat(first.digest()).isEqualTo(digest);
    assertThat(second.digest()).isEqualTo(digest);
    stub.verify(1, getRequestedFor(urlPathEqualTo("/token")));
    stub.verify(3, headRequestedFor(urlPathEqualTo("/v2/apps/web/manifests/2.3.1")));
  }
}
