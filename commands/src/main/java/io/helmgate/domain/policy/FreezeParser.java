package io.helmgate.domain.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the text forms of {@link Freeze}; kept apart so the interface stays readable. */
final class FreezeParser {

  static final String DEFAULT_NAME = "freeze";
  private static final String EXAMPLES =
      "such as `year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich`,"
          + " `weekend: every Fri 16:00 - Mon 06:00 Europe/Zurich` or"
          + " `migration: 2026-11-14 18:00 - 2026-11-15 06:00 Europe/Zurich`";
  private static final List<String> SEPARATORS = List.of("-", "\u2013", "\u2192", "to");

  private FreezeParser() {}

  static String name(String name) {
    return name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
  }

  static String utc(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return t.toLocalDate() + " " + TimeText.time(t.toLocalTime());
  }

  static Freeze parse(String text, ZoneId defaultZone) {
    if (text == null || text.isBlank()) {
      throw invalid(text, "it is empty");
    }
    String rest = text.strip();
    String name = DEFAULT_NAME;
    int colon = rest.indexOf(": ");
    if (colon > 0) {
      name = rest.substring(0, colon).strip();
      rest = rest.substring(colon + 2).strip();
    }
    List<String> tokens = Arrays.asList(rest.split("\\s+"));
    ZoneId zone = defaultZone;
    Optional<ZoneId> lastZone = TimeText.zone(tokens.get(tokens.size() - 1));
    if (tokens.size() > 1 && lastZone.isPresent()) {
      zone = lastZone.get();
      tokens = tokens.subList(0, tokens.size() - 1);
    }
    if (zone == null) {
      throw invalid(text, "add a time zone like `Europe/Zurich`");
    }
    if (tokens.size() >= 2
        && tokens.get(0).equalsIgnoreCase("every")
        && tokens.get(1).equalsIgnoreCase("year")) {
      return yearly(text, name, tokens.subList(2, tokens.size()), zone);
    }
    if (!tokens.isEmpty() && tokens.get(0).equalsIgnoreCase("every")) {
      return weekly(text, name, tokens.subList(1, tokens.size()), zone);
    }
    return oneOff(text, name, tokens, zone);
  }

  private static Freeze yearly(String text, String name, List<String> tokens, ZoneId zone) {
    List<List<String>> ends = split(text, tokens);
    Point from = monthDay(text, ends.get(0), false);
    Point to = monthDay(text, ends.get(1), true);
    if (from.equals(to)) {
      throw invalid(text, "it starts and ends at the same time");
    }
    return new Freeze.Recurring(from.day, from.time, to.day, to.time, zone, name);
  }

  private record Point(MonthDay day, LocalTime time) {}

  private static Point monthDay(String text, List<String> tokens, boolean isEnd) {
    if (tokens.size() < 2 || tokens.size() > 3) {
      throw invalid(text, "write a yearly freeze as `every year Dec 20 00:00 - Jan 5 00:00`");
    }
    Month month =
        TimeText.month(tokens.get(0))
            .orElseThrow(() -> invalid(text, "`" + tokens.get(0) + "` is not a month like `Dec`"));
    int dayOfMonth;
    try {
      dayOfMonth = Integer.parseInt(tokens.get(1));
      MonthDay.of(month, dayOfMonth);
    } catch (RuntimeException e) {
      throw invalid(text, "`" + tokens.get(1) + "` is not a day of " + TimeText.month(month));
    }
    MonthDay day = MonthDay.of(month, dayOfMonth);
    if (tokens.size() == 3) {
      return new Point(day, time(text, tokens.get(2)));
    }
    // A day without a time includes that whole day.
    if (isEnd) {
      LocalDate next = day.atYear(2001).plusDays(1);
      return new Point(MonthDay.from(next), LocalTime.MIDNIGHT);
    }
    return new Point(day, LocalTime.MIDNIGHT);
  }

  private static Freeze weekly(String text, String name, List<String> tokens, ZoneId zone) {
    List<List<String>> ends = split(text, tokens);
    DayOfWeek fromDay = weekDay(text, ends.get(0));
    DayOfWeek toDay = weekDay(text, ends.get(1));
    LocalTime fromTime =
        ends.get(0).size() == 2 ? time(text, ends.get(0).get(1)) : LocalTime.MIDNIGHT;
    LocalTime toTime = LocalTime.MIDNIGHT;
    if (ends.get(1).size() == 2) {
      toTime = time(text, ends.get(1).get(1));
    } else {
      toDay = toDay.plus(1);
    }
    if (fromDay == toDay && fromTime.equals(toTime)) {
      throw invalid(text, "it starts and ends at the same time");
    }
    return new Freeze.Weekly(fromDay, fromTime, toDay, toTime, zone, name);
  }

  private static DayOfWeek weekDay(String text, List<String> tokens) {
    if (tokens.isEmpty() || tokens.size() > 2) {
      throw invalid(text, "write a weekly freeze as `every Fri 16:00 - Mon 06:00`");
    }
    return TimeText.day(tokens.get(0))
        .orElseThrow(() -> invalid(text, "`" + tokens.get(0) + "` is not a day like `Fri`"));
  }

  private static Freeze oneOff(String text, String name, List<String> tokens, ZoneId zone) {
    List<List<String>> ends = split(text, tokens);
    LocalDateTime from = dateTime(text, ends.get(0), false);
    LocalDateTime to = dateTime(text, ends.get(1), true);
    if (!to.isAfter(from)) {
      throw invalid(text, "it must end after it starts");
    }
    return new Freeze.OneOff(from.atZone(zone).toInstant(), to.atZone(zone).toInstant(), name);
  }

  private static LocalDateTime dateTime(String text, List<String> tokens, boolean isEnd) {
    if (tokens.isEmpty() || tokens.size() > 2) {
      throw invalid(text, "write a one-off freeze as `2026-11-14 18:00 - 2026-11-15 06:00`");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(tokens.get(0));
    } catch (DateTimeParseException e) {
      throw invalid(text, "`" + tokens.get(0) + "` is not a date like `2026-12-24`");
    }
    if (tokens.size() == 2) {
      return date.atTime(time(text, tokens.get(1)));
    }
    return isEnd ? date.plusDays(1).atStartOfDay() : date.atStartOfDay();
  }

  private static LocalTime time(String text, String token) {
    return TimeText.time(token)
        .orElseThrow(() -> invalid(text, "`" + token + "` is not a time like `06:00`"));
  }

  private static List<List<String>> split(String text, List<String> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (SEPARATORS.contains(tokens.get(i).toLowerCase(Locale.ROOT))) {
        return List.of(tokens.subList(0, i), tokens.subList(i + 1, tokens.size()));
      }
    }
    throw invalid(text, "separate start and end with ` - `");
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "`" + text + "` is not a freeze: " + why + ". Write one " + EXAMPLES + ".");
  }
}
