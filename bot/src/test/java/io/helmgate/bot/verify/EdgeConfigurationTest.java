package io.helmgate.bot.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.bot.verify.f5.F5Properties;
import io.helmgate.bot.verify.kong.KongProperties;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.EdgeVerifier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding of {@code helmgate.kong.*} and {@code helmgate.f5.*}, and the wired edge verifier. */
class EdgeConfigurationTest {

  static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
  }

  @Test
  void perEnvironmentSettingsBindWithDefaultsAndBracketedProductKeys() {
    F5Properties f5 =
        bind(
            "helmgate.f5",
            F5Properties.class,
            Map.of(
                "helmgate.f5.environments.prod.url", "https://bigip.example",
                "helmgate.f5.environments.prod.username", "chatops",
                "helmgate.f5.environments.prod.password", "f5-password-fake",
                "helmgate.f5.environments.prod.drain-for-maintenance", "true",
                "helmgate.f5.environments.prod.products[acme/payments].pool",
                    "/Prod/Shop/web_pool"));
    KongProperties kong =
        bind(
            "helmgate.kong",
            KongProperties.class,
            Map.of("helmgate.kong.environments.prod.admin-url", "http://kong-admin:8001"));

    F5Properties.Environment prod = f5.environments().get("prod");
    assertThat(prod.authentication()).isEqualTo(F5Properties.Authentication.TOKEN);
    assertThat(prod.partition()).isEqualTo("Common");
    assertThat(prod.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(prod.products().get("acme/payments").pool()).isEqualTo("/Prod/Shop/web_pool");
    assertThat(prod.toString()).doesNotContain("f5-password-fake");
    assertThat(kong.environments().get("prod").names()).isEqualTo("{customer}-{product}");
    assertThat(kong.environments().get("prod").healthPath()).isEqualTo("/health");
  }

  @Test
  void environmentWithoutAnUrlIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                bind(
                    "helmgate.kong",
                    KongProperties.class,
                    Map.of("helmgate.kong.environments.prod.proxy-url", "https://api.example")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageStartingWith("helmgate.kong.environments.prod.admin-url:");
  }

  @Test
  void credentialsNeverTravelOverPlainHttpExceptToThisMachine() {
    assertThatThrownBy(
            () ->
                bind(
                    "helmgate.f5",
                    F5Properties.class,
                    Map.of(
                        "helmgate.f5.environments.prod.url", "http://bigip.example",
                        "helmgate.f5.environments.prod.username", "chatops",
                        "helmgate.f5.environments.prod.password", "not-a-password")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageStartingWith("helmgate.f5.environments.prod.url:")
        .hasMessageContaining("https");
    assertThatThrownBy(
            () ->
                bind(
                    "helmgate.kong",
                    KongProperties.class,
                    Map.of(
                        "helmgate.kong.environments.prod.admin-url", "http://kong-admin:8001",
                        "helmgate.kong.environments.prod.admin-token", "not-a-token")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageStartingWith("helmgate.kong.environments.prod.admin-url:");
    KongProperties loopback =
        bind(
            "helmgate.kong",
            KongProperties.class,
            Map.of(
                "helmgate.kong.environments.prod.admin-url", "http://127.0.0.1:8001",
                "helmgate.kong.environments.prod.admin-token", "not-a-token"));
    assertThat(loopback.environments()).containsKey("prod");
  }

  @Test
  void nothingConfiguredMeansNotConfiguredAndNoDrain() {
    EdgeVerifier edge =
        new EdgeConfiguration()
            .edgeVerifier(new KongProperties(Map.of()), new F5Properties(Map.of()));
    Target prod = new Target("acme", "payments", "prod");

    assertThat(edge.verify(prod).status()).isEqualTo(EdgeVerifier.Report.Status.NOT_CONFIGURED);
    assertThat(edge.drainsForMaintenance(prod)).isFalse();
    assertThat(edge.enable(prod).status()).isEqualTo(EdgeVerifier.Step.Status.NOT_CONFIGURED);
  }
}
