package io.helmgate.domain.command;

import java.util.Objects;

/**
 * What {@link CommandParser} made of a slash command: a command, the help text, or a refusal with a
 * message for the user. Texts are Slack mrkdwn, ready to post: user input inside them is already
 * neutralised ({@code &}, {@code <}, {@code >} escaped, anything but printable ASCII shown as a
 * Unicode escape, long tokens cut).
 */
public sealed interface ParseResult {

  /** The text was a well-formed command. Whether the user may run it is the policy's call. */
  record Parsed(Command command) implements ParseResult {
    public Parsed {
      Objects.requireNonNull(command, "command");
    }
  }

  /** The user asked for help. */
  record Help(String text) implements ParseResult {
    public Help {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * The text was not a command; {@code message} quotes the bad token and shows a correct example.
   */
  record Invalid(String message) implements ParseResult {
    public Invalid {
      Objects.requireNonNull(message, "message");
    }
  }
}
