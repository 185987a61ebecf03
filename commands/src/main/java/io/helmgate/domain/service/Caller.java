package io.helmgate.domain.service;

import io.helmgate.domain.UserRef;
import java.util.Objects;

/**
 * Who typed or clicked, and where: the conversation (in Slack, the channel id) a reply and a new
 * request's message belong to, and whether that conversation is private to the caller (a direct
 * message or a form), where nobody else could see an Approve button.
 */
public record Caller(UserRef user, String conversation, boolean direct) {

  public Caller {
    Objects.requireNonNull(user, "user");
  }

  /** A caller in a shared conversation, such as a channel. */
  public Caller(UserRef user, String conversation) {
    this(user, conversation, false);
  }
}
