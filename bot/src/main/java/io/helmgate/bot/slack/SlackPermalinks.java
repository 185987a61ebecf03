package io.helmgate.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatGetPermalinkResponse;
import io.helmgate.domain.request.MessageRef;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser link to a request's Slack message, from {@code chat.getPermalink}, for the pull request
 * that carries the request. Empty on any error (the channel or message not found, the token
 * refused, rate-limited, Slack away): the pull request then names the channel and message instead,
 * and opening it never waits for a second try.
 */
public final class SlackPermalinks implements Function<MessageRef, Optional<String>> {

  private static final Logger log = LoggerFactory.getLogger(SlackPermalinks.class);

  private final Optional<MethodsClient> slack;

  /**
   * @param slack the bot's Web API client; empty when Slack is not configured (no link then)
   */
  public SlackPermalinks(Optional<MethodsClient> slack) {
    this.slack = slack;
  }

  /** The message's permalink; empty for no message, and whenever Slack does not give one. */
  @Override
  public Optional<String> apply(MessageRef message) {
    if (message == null || slack.isEmpty()) {
      return Optional.empty();
    }
    try {
      ChatGetPermalinkResponse answer =
          slack
              .get()
              .chatGetPermalink(r -> r.channel(message.conversation()).messageTs(message.id()));
      if (!answer.isOk()) {
        log.info(
            "chat.getPermalink for {} {} refused: {}",
            message.conversation(),
            message.id(),
            answer.getError());
        return Optional.empty();
      }
      return Optional.ofNullable(answer.getPermalink()).filter(SlackPermalinks::isWebAddress);
    } catch (IOException | SlackApiException | RuntimeException e) {
      log.info(
          "chat.getPermalink for {} {} failed: {}",
          message.conversation(),
          message.id(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Only an https address goes into a pull request's body and status link. */
  private static boolean isWebAddress(String link) {
    try {
      URI uri = URI.create(link);
      return "https".equals(uri.getScheme()) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
