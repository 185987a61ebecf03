package io.helmgate.domain.service;

import io.helmgate.domain.UserRef;
import java.util.Objects;

/**
 * Who typed or clicked, and where: the conversation (in Slack, the channel id) a reply and a new
 * request's message belong to.
 */
public record Caller(UserRef user, String conversation) {

  public Caller {
    Objects.requireNonNull(user, "user");
  }
}
