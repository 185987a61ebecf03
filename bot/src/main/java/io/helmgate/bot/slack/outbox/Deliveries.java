package io.helmgate.bot.slack.outbox;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.MessageRef;

/** What the sender reports back about a request's message: posted, or refused for good. */
public interface Deliveries {

  /**
   * Slack shows the request's message at {@code where}. Throwing makes the sender call again later;
   * the message is not posted twice.
   */
  void posted(RequestId id, MessageRef where);

  /**
   * Slack refused the request's message for good ({@code error}, such as {@code not_in_channel}):
   * nobody in {@code channel} can see or approve it. {@code requester} is the person who asked.
   */
  void refused(RequestId id, String channel, String requester, String error);
}
