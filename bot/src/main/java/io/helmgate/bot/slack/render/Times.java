package io.helmgate.bot.slack.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Instants as Ops read them in the configured zone: {@code Tue 1 Dec 22:00 CET}. */
final class Times {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm zzz", Locale.ENGLISH);

  private final ZoneId zone;

  Times(ZoneId zone) {
    this.zone = zone;
  }

  String when(Instant instant) {
    return WHEN.format(instant.atZone(zone));
  }

  ZoneId zone() {
    return zone;
  }
}
