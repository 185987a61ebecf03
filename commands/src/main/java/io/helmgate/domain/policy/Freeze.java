package io.helmgate.domain.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A period in which an environment takes no changes, such as the year-end freeze. Changes asked for
 * inside a freeze are refused with the time it ends; break-glass ignores freezes.
 *
 * <p>Accepted text (see {@link #parse(String, ZoneId)}), each with an optional {@code <name>: }
 * prefix and an optional trailing time zone:
 *
 * <ul>
 *   <li>{@code year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich} ({@link Recurring})
 *   <li>{@code weekend: every Fri 16:00 - Mon 06:00 Europe/Zurich} ({@link Weekly})
 *   <li>{@code migration: 2026-11-14 18:00 - 2026-11-15 06:00 Europe/Zurich} ({@link OneOff})
 * </ul>
 *
 * The separator may be {@code -}, an en dash, {@code →} or {@code to}. A day without a time means
 * the whole day: a start without a time begins at 00:00, an end without a time includes that day
 * ({@code every year Dec 24 - Dec 26} ends on Dec 27 at 00:00).
 */
public sealed interface Freeze permits Freeze.Recurring, Freeze.Weekly, Freeze.OneOff {

  /** The name users see, such as {@code year-end}. */
  String name();

  /** When {@code instant} lies inside this freeze (start inclusive, end not): when it ends. */
  Optional<Instant> endAfter(Instant instant);

  /** True when {@code instant} lies inside this freeze. */
  default boolean covers(Instant instant) {
    return endAfter(instant).isPresent();
  }

  /** Parses a freeze whose text names its time zone. */
  static Freeze parse(String text) {
    return parse(text, null);
  }

  /**
   * Parses one of the forms of the type's Javadoc, using {@code defaultZone} when the text names no
   * zone.
   *
   * @throws IllegalArgumentException with a message that quotes the text and shows the forms
   */
  static Freeze parse(String text, ZoneId defaultZone) {
    return FreezeParser.parse(text, defaultZone);
  }

  /** Every year from one calendar day and time to another, in a zone; may span the new year. */
  record Recurring(
      MonthDay fromDay,
      LocalTime fromTime,
      MonthDay toDay,
      LocalTime toTime,
      ZoneId zone,
      String name)
      implements Freeze {

    public Recurring {
      Objects.requireNonNull(fromDay, "fromDay");
      Objects.requireNonNull(fromTime, "fromTime");
      Objects.requireNonNull(toDay, "toDay");
      Objects.requireNonNull(toTime, "toTime");
      Objects.requireNonNull(zone, "zone");
      name = FreezeParser.name(name);
      if (fromDay.equals(toDay) && fromTime.equals(toTime)) {
        throw new IllegalArgumentException(
            "the freeze `" + name + "` starts and ends at the same time");
      }
    }

    @Override
    public Optional<Instant> endAfter(Instant instant) {
      int year = instant.atZone(zone).getYear();
      boolean spansNewYear = compare(toDay, toTime, fromDay, fromTime) < 0;
      // The period that started last year may still run (Dec 20 → Jan 5 seen on Jan 2).
      for (int startYear : new int[] {year, year - 1}) {
        Instant start = fromDay.atYear(startYear).atTime(fromTime).atZone(zone).toInstant();
        int endYear = spansNewYear ? startYear + 1 : startYear;
        Instant end = toDay.atYear(endYear).atTime(toTime).atZone(zone).toInstant();
        if (!instant.isBefore(start) && instant.isBefore(end)) {
          return Optional.of(end);
        }
      }
      return Optional.empty();
    }

    private static int compare(MonthDay d1, LocalTime t1, MonthDay d2, LocalTime t2) {
      int byDay = d1.compareTo(d2);
      return byDay != 0 ? byDay : t1.compareTo(t2);
    }

    /** {@code year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich}. */
    @Override
    public String toString() {
      return name
          + ": every year "
          + monthDay(fromDay)
          + " "
          + TimeText.time(fromTime)
          + " - "
          + monthDay(toDay)
          + " "
          + TimeText.time(toTime)
          + " "
          + zone.getId();
    }

    private static String monthDay(MonthDay day) {
      return TimeText.month(day.getMonth()) + " " + day.getDayOfMonth();
    }
  }

  /** Every week from one day and time to another, in a zone; may span the weekend. */
  record Weekly(
      DayOfWeek fromDay,
      LocalTime fromTime,
      DayOfWeek toDay,
      LocalTime toTime,
      ZoneId zone,
      String name)
      implements Freeze {

    public Weekly {
      Objects.requireNonNull(fromDay, "fromDay");
      Objects.requireNonNull(fromTime, "fromTime");
      Objects.requireNonNull(toDay, "toDay");
      Objects.requireNonNull(toTime, "toTime");
      Objects.requireNonNull(zone, "zone");
      name = FreezeParser.name(name);
      if (fromDay == toDay && fromTime.equals(toTime)) {
        throw new IllegalArgumentException(
            "the freeze `" + name + "` starts and ends at the same time");
      }
    }

    @Override
    public Optional<Instant> endAfter(Instant instant) {
      LocalDate date = instant.atZone(zone).toLocalDate();
      for (int back = 0; back <= 7; back++) {
        LocalDate day = date.minusDays(back);
        if (day.getDayOfWeek() != fromDay) {
          continue;
        }
        LocalDateTime start = day.atTime(fromTime);
        if (instant.isBefore(start.atZone(zone).toInstant())) {
          continue;
        }
        // The latest start not after the instant: periods are shorter than a week, so no
        // earlier period can still run.
        int days = (toDay.getValue() - fromDay.getValue() + 7) % 7;
        if (days == 0 && !toTime.isAfter(fromTime)) {
          days = 7;
        }
        Instant end = day.plusDays(days).atTime(toTime).atZone(zone).toInstant();
        return instant.isBefore(end) ? Optional.of(end) : Optional.empty();
      }
      return Optional.empty();
    }

    /** {@code weekend: every Fri 16:00 - Mon 06:00 Europe/Zurich}. */
    @Override
    public String toString() {
      return name
          + ": every "
          + TimeText.day(fromDay)
          + " "
          + TimeText.time(fromTime)
          + " - "
          + TimeText.day(toDay)
          + " "
          + TimeText.time(toTime)
          + " "
          + zone.getId();
    }
  }

  /** Once, from one instant to another, such as a planned migration weekend. */
  record OneOff(Instant from, Instant to, String name) implements Freeze {

    public OneOff {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      name = FreezeParser.name(name);
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException(
            "the freeze `" + name + "` must end after it starts (" + from + " - " + to + ")");
      }
    }

    @Override
    public Optional<Instant> endAfter(Instant instant) {
      return !instant.isBefore(from) && instant.isBefore(to) ? Optional.of(to) : Optional.empty();
    }

    /** {@code migration: 2026-11-14 17:00 - 2026-11-15 05:00 UTC}. */
    @Override
    public String toString() {
      return name + ": " + FreezeParser.utc(from) + " - " + FreezeParser.utc(to) + " UTC";
    }
  }
}
