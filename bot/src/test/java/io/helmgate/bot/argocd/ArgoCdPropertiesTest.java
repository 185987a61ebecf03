package io.helmgate.bot.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.bot.config.InvalidConfigurationException;
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
  void eachEnvironmentMayHaveItsOwnProjectNamespaceAndNameTemplate() {
    ArgoCdProperties properties =
        bind(
            Map.of(
                "helmgate.argocd.project", "payments",
                "helmgate.argocd.environments.prod.project", "payments-prod",
                "helmgate.argocd.environments.prod.app-namespace", "apps-prod",
                "helmgate.argocd.environments.prod.app-name-template", "{product}-{customer}-live",
                "helmgate.argocd.environments.qa.app-namespace", "apps-qa"));

    ArgoCdAddress prod = properties.address(new Target("acme", "payments", "prod"));
    assertThat(prod.name()).isEqualTo("payments-acme-live");
    assertThat(prod.project()).isEqualTo("payments-prod");
    assertThat(prod.namespaceField()).isEqualTo("apps-prod");
    assertThat(prod.rbacObject()).isEqualTo("payments-prod/apps-prod/payments-acme-live");
    assertThat(prod.nameKey()).isEqualTo("helmgate.argocd.environments.prod.app-name-template");

    ArgoCdAddress qa = properties.address(new Target("acme", "payments", "qa"));
    assertThat(qa.name()).isEqualTo("acme-payments-qa");
    assertThat(qa.project()).isEqualTo("payments");
    assertThat(qa.display()).isEqualTo("apps-qa/acme-payments-qa");
    assertThat(qa.nameKey()).isEqualTo("helmgate.argocd.app-name-template");

    ArgoCdAddress dev = properties.address(new Target("acme", "payments", "dev"));
    assertThat(dev.namespaceField()).isNull();
    assertThat(dev.rbacObject()).isEqualTo("payments/acme-payments-dev");
  }

  @Test
  void aGlobalAppNamespaceAppliesWhereNoEnvironmentSetsItsOwn() {
    ArgoCdProperties properties =
        bind(
            Map.of(
                "helmgate.argocd.app-namespace", "helmgate-apps",
                "helmgate.argocd.environments.dev.app-namespace", ""));

    assertThat(properties.address(new Target("acme", "payments", "prod")).namespaceField())
        .isEqualTo("helmgate-apps");
    assertThat(properties.address(new Target("acme", "payments", "dev")).namespaceField()).isNull();
  }

  @Test
  void anEnvironmentsUnknownPlaceholderIsRefusedNamingItsKey() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "helmgate.argocd.environments.prod.app-name-template",
                        "{customer}-{stage}")))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "helmgate.argocd.environments.prod.app-name-template `{customer}-{stage}` has an"
                + " unknown placeholder; use {customer}, {product} and {env}");
  }

  @Test
  void aNamespaceThatIsNoKubernetesNameIsRefusedNamingItsKey() {
    assertThatThrownBy(
            () -> bind(Map.of("helmgate.argocd.environments.prod.app-namespace", "Apps_Prod")))
        .rootCause()
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("helmgate.argocd.environments.prod.app-namespace: expected a")
        .hasMessageEndingWith("got 'Apps_Prod'");
    assertThatThrownBy(() -> bind(Map.of("helmgate.argocd.app-namespace", "-apps")))
        .rootCause()
        .hasMessageStartingWith("helmgate.argocd.app-namespace: expected a");
  }

  @Test
  void toStringDoesNotShowTheToken() {
    assertThat(ArgoCdTestSupport.properties("https://argocd.example.org").toString())
        .doesNotContain(ArgoCdTestSupport.TOKEN)
        .contains("token=(set)");
  }
}
