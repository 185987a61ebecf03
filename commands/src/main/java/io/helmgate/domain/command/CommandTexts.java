package io.helmgate.domain.command;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Canonical spellings for {@link Command#text()}, chosen so the parser reads them back. */
final class CommandTexts {

  private CommandTexts() {}

  /** UTC with offset, e.g. {@code 2026-12-01T21:00:00Z}: unambiguous whatever the zone. */
  static String instant(Instant instant) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  /** In double quotes; the tokenizer reads {@code \"} and {@code \\} back. */
  static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code 1d2h30m}, {@code 2h}, {@code 45m}. */
  static String duration(Duration duration) {
    long minutes = duration.toMinutes();
    StringBuilder text = new StringBuilder();
    if (minutes / (24 * 60) > 0) {
      text.append(minutes / (24 * 60)).append('d');
    }
    if (minutes / 60 % 24 > 0) {
      text.append(minutes / 60 % 24).append('h');
    }
    if (minutes % 60 > 0 || text.length() == 0) {
      text.append(minutes % 60).append('m');
    }
    return text.toString();
  }
}
