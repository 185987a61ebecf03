package io.helmgate.bot.forge;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.forge.bitbucket.BitbucketForge;
import io.helmgate.bot.forge.github.GitHubForge;
import io.helmgate.bot.forge.gitlab.GitLabForge;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** helmgate.forge.type picks the adapter and the webhook checker of that forge. */
class ForgeConfigurationTest {

  static ForgeProperties of(ForgeProperties.Type type, String baseUrl, String repository) {
    return new ForgeProperties(
        type,
        baseUrl == null ? null : URI.create(baseUrl),
        repository,
        "fake-token",
        "fake-secret",
        null,
        Duration.ofMinutes(1),
        Duration.ofSeconds(5));
  }

  @Test
  void eachTypeGetsItsOwnAdapterAndWebhook() {
    Clock clock = Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);
    ForgeProperties github = of(ForgeProperties.Type.GITHUB, null, "acme/helm-values");
    ForgeProperties gitlab =
        of(ForgeProperties.Type.GITLAB, "https://gitlab.example.com/api/v4", "ops/helm-values");
    ForgeProperties bitbucket =
        of(ForgeProperties.Type.BITBUCKET, "https://bitbucket.example.com", "OPS/helm-values");

    assertThat(ForgeConfiguration.forgeFor(github, clock)).isInstanceOf(GitHubForge.class);
    assertThat(ForgeConfiguration.forgeFor(gitlab, clock)).isInstanceOf(GitLabForge.class);
    assertThat(ForgeConfiguration.forgeFor(bitbucket, clock)).isInstanceOf(BitbucketForge.class);
    assertThat(ForgeConfiguration.webhookFor(github)).isInstanceOf(GitHubWebhook.class);
    assertThat(ForgeConfiguration.webhookFor(gitlab)).isInstanceOf(GitLabWebhook.class);
    assertThat(ForgeConfiguration.webhookFor(bitbucket)).isInstanceOf(BitbucketWebhook.class);
  }
}
