package io.helmgate.domain.port;

/**
 * Posts a message to a channel, outside any request's thread: notices about a product, such as a
 * certificate about to expire. Throws when the message could not be posted.
 */
public interface ChannelNotifier {

  /** Posts {@code text} (Slack mrkdwn) to {@code channel}, a channel id such as {@code C0OPS}. */
  void post(String channel, String text);
}
