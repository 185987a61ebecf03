package io.helmgate.domain.policy;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words and numbers of windows, freezes and policy messages: English day and month names,
 * {@code HH:MM} times and the way instants are shown to users.
 */
final class TimeText {

  private static final Pattern TIME = Pattern.compile("([01]?[0-9]|2[0-4]):([0-5][0-9])");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter AT_HINT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmxxx", Locale.ROOT);

  private TimeText() {}

  /** {@code Sat}, {@code saturday}: English names or their first three letters, any case. */
  static Optional<DayOfWeek> day(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      if (t.equals(full) || t.equals(full.substring(0, 3))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code Sat}, {@code Mon-Fri}, {@code Sat,Sun}, {@code Mon-Wed,Fri}; a range may wrap around the
   * week ({@code Fri-Mon}). An en dash works like a hyphen.
   */
  static Optional<Set<DayOfWeek>> days(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.split(",", -1)) {
      String[] ends = part.split("[-\u2013]", -1);
      if (ends.length == 1) {
        Optional<DayOfWeek> d = day(ends[0]);
        if (d.isEmpty()) {
          return Optional.empty();
        }
        days.add(d.get());
      } else if (ends.length == 2) {
        Optional<DayOfWeek> from = day(ends[0]);
        Optional<DayOfWeek> to = day(ends[1]);
        if (from.isEmpty() || to.isEmpty()) {
          return Optional.empty();
        }
        for (DayOfWeek d = from.get(); ; d = d.plus(1)) {
          days.add(d);
          if (d == to.get()) {
            break;
          }
        }
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(days);
  }

  /** {@code Sat}: the three-letter English name. */
  static String day(DayOfWeek day) {
    return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }

  /** {@code Mon-Fri}, {@code Sat,Sun}: runs of three or more days are written as ranges. */
  static String days(Set<DayOfWeek> days) {
    List<String> parts = new ArrayList<>();
    DayOfWeek[] all = DayOfWeek.values();
    int i = 0;
    while (i < all.length) {
      if (!days.contains(all[i])) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < all.length && days.contains(all[j + 1])) {
        j++;
      }
      if (j - i >= 2) {
        parts.add(day(all[i]) + "-" + day(all[j]));
      } else {
        for (int k = i; k <= j; k++) {
          parts.add(day(all[k]));
        }
      }
      i = j + 1;
    }
    return String.join(",", parts);
  }

  /** {@code Dec}, {@code december}: English names or their first three letters, any case. */
  static Optional<Month> month(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    for (Month m : Month.values()) {
      String full = m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      if (t.equals(full) || t.equals(full.substring(0, 3))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** {@code Dec}: the three-letter English name. */
  static String month(Month month) {
    return month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }

  /**
   * Minutes after midnight of {@code HH:MM} (one or two hour digits); {@code 24:00} is 1440, so
   * that a window can end at the end of the day.
   */
  static Optional<Integer> minutes(String text) {
    Matcher m = TIME.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    int hours = Integer.parseInt(m.group(1));
    int minutes = Integer.parseInt(m.group(2));
    if (hours == 24 && minutes != 0) {
      return Optional.empty();
    }
    return Optional.of(hours * 60 + minutes);
  }

  /** {@code HH:MM} as a time of day; {@code 24:00} is not one. */
  static Optional<LocalTime> time(String text) {
    return minutes(text).filter(m -> m < 24 * 60).map(m -> LocalTime.of(m / 60, m % 60));
  }

  /** {@code 22:00}. */
  static String time(LocalTime time) {
    return String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
  }

  /** A time zone id such as {@code Europe/Zurich} or {@code UTC}; empty when it is none. */
  static Optional<ZoneId> zone(String text) {
    try {
      return Optional.of(ZoneId.of(text));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code Sat 2026-12-05 22:00 Europe/Zurich}: an instant as a person in {@code zone} reads it.
   */
  static String when(Instant instant, ZoneId zone) {
    return WHEN.format(instant.atZone(zone)) + " " + zone.getId();
  }

  /** {@code at=2026-12-05T22:00+01:00}: how to ask for that time in a command. */
  static String atHint(Instant instant, ZoneId zone) {
    return "at=" + AT_HINT.format(instant.atZone(zone));
  }
}
