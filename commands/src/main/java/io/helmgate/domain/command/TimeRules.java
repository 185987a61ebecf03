package io.helmgate.domain.command;

import io.helmgate.domain.command.Tokenizer.Token;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code at=}, {@code for=} and {@code since=}. Local times are read in the configured zone;
 * a local time that a daylight-saving change skips or repeats is refused rather than guessed, since
 * a production change an hour off is worse than a question.
 */
final class TimeRules {

  private static final Pattern CLOCK_TIME = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])");
  private static final Pattern LOCAL_DATE_TIME =
      Pattern.compile("([0-9]{4}-[0-9]{2}-[0-9]{2})[ Tt]([0-9]{2}:[0-9]{2}(:[0-9]{2})?)");
  private static final Pattern DURATION =
      Pattern.compile("(?:([0-9]{1,4})d)?(?:([0-9]{1,5})h)?(?:([0-9]{1,6})m)?");
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);

  /** The last year written with four digits; later ones are typos, not plans. */
  private static final int LAST_YEAR = 9999;

  private final ZoneId zone;

  TimeRules(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * {@code at=}: ISO-8601 with an offset, a local date-time in the zone, or {@code HH:MM} (the next
   * time the clock shows it). Never in the past.
   */
  Instant at(Token token, String value, Instant now) {
    String text = value.strip();
    Matcher clock = CLOCK_TIME.matcher(text);
    if (clock.matches()) {
      LocalTime time =
          LocalTime.of(Integer.parseInt(clock.group(1)), Integer.parseInt(clock.group(2)));
      LocalDate today = now.atZone(zone).toLocalDate();
      LocalDateTime candidate = today.atTime(time);
      if (!latestInstant(candidate).isAfter(now)) {
        candidate = today.plusDays(1).atTime(time);
      }
      return resolve(token, candidate);
    }
    Instant instant;
    Matcher local = LOCAL_DATE_TIME.matcher(text);
    if (local.matches()) {
      LocalDateTime dateTime;
      try {
        dateTime = LocalDateTime.parse(local.group(1) + "T" + local.group(2));
      } catch (DateTimeParseException e) {
        throw unreadable(token);
      }
      instant = resolve(token, dateTime);
    } else {
      OffsetDateTime offsetDateTime;
      try {
        offsetDateTime = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeParseException e) {
        throw unreadable(token);
      }
      // ISO-8601 reads years up to ±999999999; so far out, showing the time in a zone overflows.
      if (offsetDateTime.getYear() > LAST_YEAR) {
        throw beyondAnyDate(token);
      }
      try {
        instant = offsetDateTime.toInstant();
      } catch (DateTimeException e) {
        throw beyondAnyDate(token);
      }
    }
    if (instant.isBefore(now)) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} is in the past: it is now {1} in {2}. Give a later time, for example"
                  + " `at=22:00`.",
              Mrkdwn.code(token.raw()),
              SHOWN.format(now.atZone(zone)),
              Mrkdwn.escape(zone.getId())));
    }
    return instant;
  }

  /**
   * {@code for=}: {@code 30m}, {@code 2h}, {@code 1d}, {@code 1h30m}; more than zero, at most 7d.
   */
  static Duration duration(Token token, String value) {
    Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (value.isBlank() || !m.matches()) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} is not a duration: use days, hours and minutes such as `30m`, `2h`, `1d` or"
                  + " `1h30m` (at most 7d).",
              Mrkdwn.code(token.raw())));
    }
    Duration duration =
        Duration.ofDays(number(m.group(1)))
            .plusHours(number(m.group(2)))
            .plusMinutes(number(m.group(3)));
    if (duration.isZero()) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} is no time at all: a lock lasts at least a minute, for example `for=2h`.",
              Mrkdwn.code(token.raw())));
    }
    if (duration.compareTo(Duration.ofDays(7)) > 0) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} is longer than 7 days, the longest lock. Lock for at most `for=7d` and renew it"
                  + " if needed.",
              Mrkdwn.code(token.raw())));
    }
    return duration;
  }

  /** {@code since=}: an ISO date, not after today in the zone. */
  LocalDate since(Token token, String value, Instant now) {
    LocalDate date;
    try {
      date = LocalDate.parse(value.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} is not a date: write it as yyyy-mm-dd, for example `since=2026-01-01`.",
              Mrkdwn.code(token.raw())));
    }
    LocalDate today = now.atZone(zone).toLocalDate();
    if (date.isAfter(today)) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} is in the future: today is {1} in {2}, so there is nothing to show yet.",
              Mrkdwn.code(token.raw()), today.toString(), Mrkdwn.escape(zone.getId())));
    }
    return date;
  }

  /** The one instant a local date-time names in the zone; refuses skipped and repeated times. */
  private Instant resolve(Token token, LocalDateTime dateTime) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(dateTime);
    if (offsets.size() == 1) {
      return dateTime.toInstant(offsets.get(0));
    }
    ZoneOffsetTransition change = rules.getTransition(dateTime);
    String day = dateTime.toLocalDate().toString();
    String place = Mrkdwn.escape(zone.getId());
    if (offsets.isEmpty()) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} does not exist on {1} in {2}: the clocks jump from {3} to {4}. Pick a time that"
                  + " exists, for example {5}.",
              Mrkdwn.code(token.raw()),
              day,
              place,
              change.getDateTimeBefore().toLocalTime().toString(),
              change.getDateTimeAfter().toLocalTime().toString(),
              Mrkdwn.trusted("at=" + dateTime.plus(change.getDuration()))));
    }
    String first = dateTime + change.getOffsetBefore().getId();
    String second = dateTime + change.getOffsetAfter().getId();
    throw new Refusal(
        Mrkdwn.format(
            "{0} happens twice on {1} in {2}: the clocks go back from {3} to {4}. Say which with"
                + " its offset: {5} (the first) or {6} (the second).",
            Mrkdwn.code(token.raw()),
            day,
            place,
            change.getDateTimeBefore().toLocalTime().toString(),
            change.getDateTimeAfter().toLocalTime().toString(),
            Mrkdwn.trusted("at=" + first),
            Mrkdwn.trusted("at=" + second)));
  }

  /** The last instant a local date-time could name; for a skipped time, the jump itself. */
  private Instant latestInstant(LocalDateTime dateTime) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(dateTime);
    if (offsets.isEmpty()) {
      return rules.getTransition(dateTime).getInstant();
    }
    Instant latest = dateTime.toInstant(offsets.get(0));
    for (ZoneOffset offset : offsets) {
      Instant candidate = dateTime.toInstant(offset);
      if (candidate.isAfter(latest)) {
        latest = candidate;
      }
    }
    return latest;
  }

  private static Refusal beyondAnyDate(Token token) {
    return new Refusal(
        Mrkdwn.format(
            "{0} is beyond any date Helmgate can schedule. Give a time in the coming days, for"
                + " example `at=22:00`.",
            Mrkdwn.code(token.raw())));
  }

  private Refusal unreadable(Token token) {
    return new Refusal(
        Mrkdwn.format(
            "{0} is not a time I can read. Use one of: `2026-12-01T22:00+01:00` (ISO-8601 with"
                + " offset), `2026-12-01T22:00` or `at=\"2026-12-01 22:00\"` (in {1}), `22:00`"
                + " (the next time the clock shows it).",
            Mrkdwn.code(token.raw()), Mrkdwn.escape(zone.getId())));
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
