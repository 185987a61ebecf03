package io.helmgate.domain.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.command.ParseResult.Invalid;
import io.helmgate.domain.command.ParseResult.Parsed;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A parser at a fixed time in Zurich, and helpers that say what a result should be. */
final class Fixtures {

  /** Monday 2026-11-30 14:05 in Zurich (CET, +01:00). */
  static final Instant NOW = Instant.parse("2026-11-30T13:05:00Z");

  static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

  private Fixtures() {}

  static CommandParser parserAt(Instant now) {
    return new CommandParser(Clock.fixed(now, ZoneOffset.UTC), ZURICH);
  }

  static CommandParser parser() {
    return parserAt(NOW);
  }

  static Command parsed(ParseResult result) {
    assertThat(result).isInstanceOf(Parsed.class);
    return ((Parsed) result).command();
  }

  /** The refusal as a person reads it in Slack: the three mrkdwn entities decoded. */
  static String refusal(ParseResult result) {
    assertThat(result).isInstanceOf(Invalid.class);
    return plain(((Invalid) result).message());
  }

  static String plain(String mrkdwn) {
    return mrkdwn.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
