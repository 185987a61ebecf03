package io.helmgate.bot.forge;

import com.slack.api.methods.MethodsClient;
import io.helmgate.bot.forge.bitbucket.BitbucketForge;
import io.helmgate.bot.forge.github.GitHubForge;
import io.helmgate.bot.forge.gitlab.GitLabForge;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeUsers;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@link Forge} adapter and its webhook checker named by {@code helmgate.forge.type};
 * with no type there is no forge bean, and pull-request mode cannot be chosen.
 */
@Configuration(proxyBeanMethods = false)
public class ForgeConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "helmgate.forge", name = "type")
  Forge forge(ForgeProperties properties, Clock clock) {
    return forgeFor(properties, clock);
  }

  /** Who a pull-request review counts as in Slack: the table, then e-mail where it is on. */
  @Bean
  @ConditionalOnProperty(prefix = "helmgate.forge", name = "type")
  ForgeUsers forgeUsers(ForgeProperties properties, MethodsClient slack, Clock clock) {
    return new SlackForgeUsers(properties, slack, clock, SlackForgeUsers.TTL);
  }

  /** The adapter for the configured forge. */
  public static Forge forgeFor(ForgeProperties properties, Clock clock) {
    return switch (properties.type()) {
      case GITHUB -> new GitHubForge(properties, clock);
      case GITLAB -> new GitLabForge(properties, clock);
      case BITBUCKET -> new BitbucketForge(properties, clock);
    };
  }

  /** The webhook checker and parser for the configured forge. */
  public static ForgeWebhook webhookFor(ForgeProperties properties) {
    return switch (properties.type()) {
      case GITHUB -> new GitHubWebhook(properties.webhookSecret());
      case GITLAB -> new GitLabWebhook(properties.webhookSecret());
      case BITBUCKET -> new BitbucketWebhook(properties.webhookSecret());
    };
  }
}
