package io.helmgate.bot.app;

import io.helmgate.domain.port.ForgeEvents;
import io.helmgate.domain.service.Helmgate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With a forge configured ({@code helmgate.forge.type}), pull requests are watched: webhook events
 * are handed to the domain in the background, and every poll interval each waiting request's pull
 * request is read again. Without one there is nothing to watch.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "helmgate.forge", name = "type")
public class ForgeWatching {

  /** Events waiting for the hand-off thread; a burst past it is left to polling. */
  static final int QUEUED_EVENTS = 100;

  @Bean
  ForgeEvents forgeEvents(Helmgate helmgate) {
    return new ForgeEventHandoff(e -> helmgate.requests().forgeEvent(e), QUEUED_EVENTS);
  }

  @Bean
  PullRequestWatch pullRequestWatch(Helmgate helmgate) {
    return new PullRequestWatch(() -> helmgate.requests().watchPullRequests());
  }
}
