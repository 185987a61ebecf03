package io.helmgate.domain.command;

/**
 * Unwinds the parser to {@link CommandParser#parse} with a message for the user; it never leaves
 * the parser. Without a stack trace: it is a user's typo, not a fault.
 */
final class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  Refusal(String mrkdwn) {
    super(mrkdwn, null, false, false);
  }
}
