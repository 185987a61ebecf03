package io.helmgate.bot.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.bot.config.ConfigurationFailureAnalyzer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** helmgate.forge.* binds with documented defaults and refuses wrong settings by name. */
class ForgePropertiesTest {

  private static ForgeProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("helmgate.forge", ForgeProperties.class);
  }

  private static String failureLine(Map<String, String> settings) {
    Throwable failure = catchThrowable(() -> bind(settings));
    assertThat(failure).as("binding %s should fail", settings).isNotNull();
    return new ConfigurationFailureAnalyzer().analyze(failure).getDescription();
  }

  private static Map<String, String> with(String... keysAndValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put("helmgate.forge." + keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  @Test
  void withNothingSetThereIsNoForge() {
    ForgeProperties p = bind(Map.of());

    assertThat(p.enabled()).isFalse();
    assertThat(p.mergeMethod()).isEqualTo(ForgeProperties.MergeMethod.MERGE);
    assertThat(p.pollInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void githubDefaultsToGithubDotComAndHidesItsSecrets() {
    ForgeProperties p =
        bind(
            with(
                "type", "github",
                "repository", "acme/helm-values",
                "token", "ghp-not-a-real-token",
                "webhook-secret", "not-a-real-secret",
                "merge-method", "squash",
                "poll-interval", "30s"));

    assertThat(p.baseUrl()).isEqualTo(URI.create("https://api.github.com"));
    assertThat(p.mergeMethod()).isEqualTo(ForgeProperties.MergeMethod.SQUASH);
    assertThat(p.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.toString()).doesNotContain("ghp-not-a-real-token", "not-a-real-secret");
  }

  @Test
  void githubEnterpriseServerNeedsTheApiV3Root() {
    assertThat(
            bind(with(
                    "type", "github",
                    "base-url", "https://github.acme.example/api/v3",
                    "repository", "ops/helm-values",
                    "token", "t"))
                .apiRoot())
        .isEqualTo("https://github.acme.example/api/v3");
    assertThat(
            failureLine(
                with(
                    "type", "github",
                    "base-url", "https://github.acme.example",
                    "repository", "ops/helm-values",
                    "token", "t")))
        .contains("helmgate.forge.base-url")
        .contains("/api/v3");
  }

  @Test
  void gitlabNeedsTheApiV4RootAndAcceptsAProjectIdOrPath() {
    assertThat(
            bind(with(
                    "type", "gitlab",
                    "base-url", "https://gitlab.acme.example/api/v4",
                    "repository", "ops/platform/helm-values",
                    "token", "t"))
                .enabled())
        .isTrue();
    assertThat(
            bind(with(
                    "type", "gitlab",
                    "base-url", "https://gitlab.acme.example/api/v4",
                    "repository", "278964",
                    "token", "t"))
                .repository())
        .isEqualTo("278964");
    assertThat(
            failureLine(
                with(
                    "type", "gitlab",
                    "base-url", "https://gitlab.acme.example",
                    "repository", "ops/helm-values",
                    "token", "t")))
        .contains("helmgate.forge.base-url")
        .contains("/api/v4");
  }

  @Test
  void bitbucketWantsProjectKeyAndSlugAndABaseUrlWithoutRest() {
    assertThat(
            failureLine(
                with(
                    "type", "bitbucket",
                    "base-url", "https://bitbucket.acme.example",
                    "repository", "helm-values",
                    "token", "t")))
        .contains("helmgate.forge.repository")
        .contains("PROJECTKEY/repo-slug");
    assertThat(
            failureLine(
                with(
                    "type", "bitbucket",
                    "base-url", "https://bitbucket.acme.example/rest/api/1.0",
                    "repository", "OPS/helm-values",
                    "token", "t")))
        .contains("helmgate.forge.base-url");
  }

  @Test
  void aForgeWithoutATokenIsRefusedByName() {
    assertThat(failureLine(with("type", "github", "repository", "acme/helm-values")))
        .contains("helmgate.forge.token");
  }

  @Test
  void plainHttpToARemoteForgeIsRefusedButLoopbackIsAllowed() {
    assertThat(
            failureLine(
                with(
                    "type", "gitlab",
                    "base-url", "http://gitlab.acme.example/api/v4",
                    "repository", "ops/helm-values",
                    "token", "t")))
        .contains("helmgate.forge.base-url")
        .contains("https");
    assertThat(
            bind(with(
                    "type", "gitlab",
                    "base-url", "http://localhost:8929/api/v4",
                    "repository", "ops/helm-values",
                    "token", "t"))
                .enabled())
        .isTrue();
  }

  @Test
  void settingsWithoutATypeAreRefusedSoAHalfConfiguredForgeIsNoticed() {
    assertThat(failureLine(with("repository", "acme/helm-values", "token", "t")))
        .contains("helmgate.forge.type");
  }

  @Test
  void aPollIntervalBelowTenSecondsIsRefused() {
    assertThat(
            failureLine(
                with(
                    "type", "github",
                    "repository", "acme/helm-values",
                    "token", "t",
                    "poll-interval", "1s")))
        .contains("helmgate.forge.poll-interval");
  }

  @Test
  void theUsersTableBindsLoginsToSlackIdsOrEmailsAndBracketsKeepEveryCharacterOfALogin() {
    ForgeProperties p =
        bind(
            with(
                "type", "github",
                "repository", "acme/helm-values",
                "token", "t",
                "users.ops-bob", "U0BOB42",
                "users.[ops_carol.x]", "carol@acme.example"));

    assertThat(p.users())
        .containsEntry("ops-bob", "U0BOB42")
        .containsEntry("ops_carol.x", "carol@acme.example");
  }

  @Test
  void aUsersTableValueThatIsNeitherASlackIdNorAnEmailStopsStartUpNamingTheKey() {
    assertThat(
            failureLine(
                with(
                    "type", "github",
                    "repository", "acme/helm-values",
                    "token", "t",
                    "users.ops-bob", "@bob")))
        .contains("helmgate.forge.users.ops-bob")
        .contains("U0123ABC");
  }

  @Test
  void emailMatchingIsOffUnlessWrittenForEveryForge() {
    assertThat(
            bind(with("type", "github", "repository", "acme/helm-values", "token", "t"))
                .matchesByEmail())
        .isFalse();
    assertThat(
            bind(with(
                    "type", "gitlab",
                    "base-url", "https://gitlab.acme.example/api/v4",
                    "repository", "ops/helm-values",
                    "token", "t"))
                .matchesByEmail())
        .as("GitLab's primary e-mail may be unconfirmed under soft confirmation")
        .isFalse();
    assertThat(
            bind(with(
                    "type", "bitbucket",
                    "base-url", "https://bitbucket.acme.example",
                    "repository", "OPS/helm-values",
                    "token", "t"))
                .matchesByEmail())
        .isFalse();
    assertThat(
            bind(with(
                    "type", "bitbucket",
                    "base-url", "https://bitbucket.acme.example",
                    "repository", "OPS/helm-values",
                    "token", "t",
                    "match-by-email", "true"))
                .matchesByEmail())
        .isTrue();
    assertThat(
            bind(with(
                    "type", "gitlab",
                    "base-url", "https://gitlab.acme.example/api/v4",
                    "repository", "ops/helm-values",
                    "token", "t",
                    "match-by-email", "false"))
                .matchesByEmail())
        .isFalse();
  }
}
