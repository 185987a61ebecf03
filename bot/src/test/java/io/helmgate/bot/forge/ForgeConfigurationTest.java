package io.helmgate.bot.forge;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import io.helmgate.bot.forge.bitbucket.BitbucketForge;
import io.helmgate.bot.forge.github.GitHubForge;
import io.helmgate.bot.forge.gitlab.GitLabForge;
import io.helmgate.domain.port.ForgeUsers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

  /** What the rest of the application gives the forge beans: Slack's client and the clock. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ForgeProperties.class)
  static class Neighbours {
    @Bean
    MethodsClient slackMethods() {
      return Slack.getInstance().methods("xoxb-fake");
    }

    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withUserConfiguration(Neighbours.class, ForgeConfiguration.class)
          .withPropertyValues(
              "helmgate.forge.type=github",
              "helmgate.forge.repository=acme/helm-values",
              "helmgate.forge.token=fake-token");

  @Test
  void aConfiguredForgeComesWithTheSlackMappingOfItsReviewers() {
    context
        .withPropertyValues("helmgate.forge.users.ops-bob=U0BOB42")
        .run(
            c -> {
              assertThat(c).hasSingleBean(ForgeUsers.class);
              assertThat(c.getBean(ForgeUsers.class)).isInstanceOf(SlackForgeUsers.class);
            });
  }

  @Test
  void aUsersTableValueThatIsNotAVerifiedMappingStopsStartUpNamingTheKey() {
    context
        .withPropertyValues("helmgate.forge.users.ops-bob=Bob Ops")
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("helmgate.forge.users.ops-bob"));
  }
}
