package io.helmgate.domain.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weekly period in which changes to an environment may run, such as {@code Sat 22:00-02:00
 * Europe/Zurich}.
 *
 * <p>{@code days} are the days on which the window <em>starts</em>; a window whose end time is not
 * after its start time runs overnight into the next day. Times are wall-clock times in {@code
 * zone}, so a window keeps its local start and end across daylight-saving changes while its real
 * length follows the clocks: {@code Sat 22:00-04:00 Europe/Zurich} lasts five hours on the night
 * the clocks go forward and seven on the night they go back. An end in the repeated hour is its
 * first occurrence; a start in a clock gap moves forward by the gap (02:30 becomes 03:30 on the day
 * summer time begins).
 *
 * <p>Accepted text (see {@link #parse(String, ZoneId)}): {@code Sat 22:00-02:00 Europe/Zurich},
 * {@code Mon-Fri 22:00-23:30 UTC}, {@code Sat,Sun 01:00-05:00 Europe/Zurich}; an en dash works like
 * a hyphen and {@code 24:00} may end a window.
 */
public record MaintenanceWindow(
    Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone) {

  private static final String EXAMPLES =
      "such as `Sat 22:00-02:00 Europe/Zurich`, `Mon-Fri 22:00-23:30 UTC` or"
          + " `Sat,Sun 01:00-05:00 Europe/Zurich`";
  private static final Pattern FORM =
      Pattern.compile(
          "(\\S+)\\s+(\\d{1,2}:\\d{2})\\s*[-\u2013]\\s*(\\d{1,2}:\\d{2})(?:\\s+(\\S+))?");
  private static final Duration MAX_LENGTH = Duration.ofDays(7);

  public MaintenanceWindow {
    Objects.requireNonNull(days, "days");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(zone, "zone");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a maintenance window needs at least one day");
    }
    if (length.isNegative() || length.isZero() || length.compareTo(MAX_LENGTH) > 0) {
      throw new IllegalArgumentException(
          "a maintenance window must last more than zero and at most 7 days, not " + length);
    }
    days = Collections.unmodifiableSet(EnumSet.copyOf(days));
  }

  /** Parses a window whose text names its zone; see the type's Javadoc for the forms. */
  public static MaintenanceWindow parse(String text) {
    return parse(text, null);
  }

  /**
   * Parses {@code <days> <HH:MM>-<HH:MM> [<zone>]}, using {@code defaultZone} when the text names
   * no zone.
   *
   * @throws IllegalArgumentException with a message that quotes the text and shows the forms
   */
  public static MaintenanceWindow parse(String text, ZoneId defaultZone) {
    Matcher m = text == null ? null : FORM.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw invalid(text, "write days, a start and end time and a time zone");
    }
    Set<DayOfWeek> days =
        TimeText.days(m.group(1))
            .orElseThrow(
                () -> invalid(text, "`" + m.group(1) + "` are not days like `Sat` or `Mon-Fri`"));
    int from =
        TimeText.minutes(m.group(2))
            .filter(minutes -> minutes < 24 * 60)
            .orElseThrow(() -> invalid(text, "`" + m.group(2) + "` is not a time like `22:00`"));
    int to =
        TimeText.minutes(m.group(3))
            .orElseThrow(() -> invalid(text, "`" + m.group(3) + "` is not a time like `02:00`"));
    if (from == to) {
      throw invalid(text, "it starts and ends at the same time");
    }
    ZoneId zone;
    if (m.group(4) != null) {
      zone =
          TimeText.zone(m.group(4))
              .orElseThrow(
                  () ->
                      invalid(
                          text, "`" + m.group(4) + "` is not a time zone like `Europe/Zurich`"));
    } else if (defaultZone != null) {
      zone = defaultZone;
    } else {
      throw invalid(text, "add a time zone like `Europe/Zurich`");
    }
    int minutes = to > from ? to - from : to + 24 * 60 - from;
    return new MaintenanceWindow(
        days, LocalTime.of(from / 60, from % 60), Duration.ofMinutes(minutes), zone);
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "`" + text + "` is not a maintenance window: " + why + ". Write one " + EXAMPLES + ".");
  }

  /** True when {@code instant} lies in one of this window's periods (start inclusive, end not). */
  public boolean contains(Instant instant) {
    return startOfPeriodContaining(instant).isPresent();
  }

  /** The start of the period that contains {@code instant}, if one does. */
  public Optional<ZonedDateTime> startOfPeriodContaining(Instant instant) {
    LocalDate date = instant.atZone(zone).toLocalDate();
    for (long back = 0; back <= length.toDays() + 1; back++) {
      LocalDate day = date.minusDays(back);
      if (days.contains(day.getDayOfWeek())) {
        ZonedDateTime periodStart = startOn(day);
        if (!instant.isBefore(periodStart.toInstant()) && instant.isBefore(end(periodStart))) {
          return Optional.of(periodStart);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The first start at or after {@code from}. Always present for a valid window; optional so that
   * callers treat "no next start" as a case rather than an exception.
   */
  public Optional<ZonedDateTime> nextStart(Instant from) {
    LocalDate date = from.atZone(zone).toLocalDate();
    for (int ahead = 0; ahead <= 8; ahead++) {
      LocalDate day = date.plusDays(ahead);
      if (days.contains(day.getDayOfWeek())) {
        ZonedDateTime periodStart = startOn(day);
        if (!periodStart.toInstant().isBefore(from)) {
          return Optional.of(periodStart);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The end of the period that begins at {@code periodStart} (a value from {@link #nextStart} or
   * {@link #startOfPeriodContaining}): the nominal local start plus the length, on the wall clock.
   */
  public Instant end(ZonedDateTime periodStart) {
    return periodStart
        .withZoneSameInstant(zone)
        .toLocalDate()
        .atTime(start)
        .plus(length)
        .atZone(zone)
        .toInstant();
  }

  private ZonedDateTime startOn(LocalDate day) {
    return day.atTime(start).atZone(zone);
  }

  /** {@code Sat 22:00-02:00 Europe/Zurich}: the form {@link #parse} reads. */
  @Override
  public String toString() {
    long endMinutes = (start.getHour() * 60L + start.getMinute() + length.toMinutes()) % (24 * 60);
    String end =
        length.equals(Duration.ofDays(1)) && start.equals(LocalTime.MIDNIGHT)
            ? "24:00"
            : TimeText.time(LocalTime.of((int) endMinutes / 60, (int) endMinutes % 60));
    return TimeText.days(days) + " " + TimeText.time(start) + "-" + end + " " + zone.getId();
  }
}
