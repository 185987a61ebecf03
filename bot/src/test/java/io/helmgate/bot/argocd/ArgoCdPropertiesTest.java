package io.helmgate.bot.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Target;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding and validation of {@code helmgate.argocd.*}. */
class ArgoCdPropertiesTest {

  private static ArgoCdProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("helmgate.argocd", ArgoCdProperties.class);
  }

  @Test
  void nothingSetMeansNotConfiguredWithDocumentedDefaults() {
    ArgoCdProperties properties = bind(Map.of());

    assertThat(properties.isConfigured()).isFalse();
    assertThat(properties.project()).isEqualTo("default");
    assertThat(properties.appNameTemplate()).isEqualTo("{customer}-{product}-{env}");
    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(properties.syncTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.busyRetries()).isEqualTo(5);
    assertThat(properties.busyRetryDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(properties.transientRetries()).isEqualTo(3);
    assertThat(properties.historyLimit()).isEqualTo(5);
  }

  @Test
  void urlAndTokenMakeItConfiguredAndATrailingSlashIsDropped() {
    ArgoCdProperties properties =
        bind(
            Map.of(
                "helmgate.argocd.url", "https://argocd.example.org/",
                "helmgate.argocd.token", ArgoCdTestSupport.TOKEN,
                "helmgate.argocd.app-name-template", "{env}-{customer}-{product}"));

    assertThat(properties.isConfigured()).isTrue();
    assertThat(properties.url()).isEqualTo("https://argocd.example.org");
    assertThat(properties.applicationName(new Target("acme", "payments", "prod")))
        .isEqualTo("prod-acme-payments");
  }

  @Test
  void urlThatIsNotAbsoluteHttpIsRefusedNamingTheKey() {
    for (String url : new String[] {"argocd.example.org", "ftp://argocd.example.org", "http://"}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ArgoCdTestSupport.properties(url))
          .withMessage(
              "helmgate.argocd.url must be an absolute http(s) URL such as"
                  + " https://argocd.example.org, not `"
                  + url
                  + "`");
    }
  }

  @Test
  void urlWithoutTokenIsRefusedNamingBothKeys() {
    assertThatThrownBy(() -> bind(Map.of("helmgate.argocd.url", "https://argocd.example.org")))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "helmgate.argocd.token is required when helmgate.argocd.url is set");
  }

  @Test
  void unknownPlaceholderInTheNameTemplateIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("helmgate.argocd.app-name-template", "{customer}-{app}")))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "helmgate.argocd.app-name-template `{customer}-{app}` has an unknown placeholder;"
                + " use {customer}, {product} and {env}");
  }

  @Test
  void toStringDoesNotShowTheToken() {
    assertThat(ArgoCdTestSupport.properties("https://argocd.example.org").toString())
        .doesNotContain(ArgoCdTestSupport.TOKEN)
        .contains("token=(set)");
  }
}
