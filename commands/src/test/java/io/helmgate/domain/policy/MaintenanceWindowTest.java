package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaintenanceWindowTest {

  static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
  static final ZoneId UTC = ZoneId.of("UTC");

  @Nested
  class Parsing {

    @Test
    void overnightWindowRunsIntoTheNextDay() {
      MaintenanceWindow w = MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich");

      assertThat(w.days()).containsExactly(DayOfWeek.SATURDAY);
      assertThat(w.start()).isEqualTo(LocalTime.of(22, 0));
      assertThat(w.length()).isEqualTo(Duration.ofHours(4));
      assertThat(w.zone()).isEqualTo(ZURICH);
    }

    @Test
    void dayRangeCoversEveryDayBetween() {
      MaintenanceWindow w = MaintenanceWindow.parse("Mon-Fri 22:00-23:30 UTC");

      assertThat(w.days())
          .containsExactlyInAnyOrder(
              DayOfWeek.MONDAY,
              DayOfWeek.TUESDAY,
              DayOfWeek.WEDNESDAY,
              DayOfWeek.THURSDAY,
              DayOfWeek.FRIDAY);
      assertThat(w.length()).isEqualTo(Duration.ofMinutes(90));
      assertThat(w.zone()).isEqualTo(UTC);
    }

    @Test
    void dayListNamesEachDay() {
      MaintenanceWindow w = MaintenanceWindow.parse("Sat,Sun 01:00-05:00 Europe/Zurich");

      assertThat(w.days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      assertThat(w.length()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void dayRangeMayWrapAroundTheWeek() {
      assertThat(MaintenanceWindow.parse("Fri-Mon 01:00-05:00 UTC").days())
          .containsExactlyInAnyOrder(
              DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    }

    @Test
    void enDashWorksLikeAHyphen() {
      assertThat(MaintenanceWindow.parse("Sat 22:00\u201302:00 Europe/Zurich"))
          .isEqualTo(MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich"));
      assertThat(MaintenanceWindow.parse("Mon\u2013Fri 22:00-23:30 UTC"))
          .isEqualTo(MaintenanceWindow.parse("Mon-Fri 22:00-23:30 UTC"));
    }

    @Test
    void fullDayNamesAndAnyCaseAreAccepted() {
      assertThat(MaintenanceWindow.parse("saturday 22:00-02:00 Europe/Zurich"))
          .isEqualTo(MaintenanceWindow.parse("SAT 22:00-02:00 Europe/Zurich"));
    }

    @Test
    void windowMayEndAtTheEndOfTheDay() {
      MaintenanceWindow w = MaintenanceWindow.parse("Sun 00:00-24:00 UTC");

      assertThat(w.length()).isEqualTo(Duration.ofDays(1));
      assertThat(w).hasToString("Sun 00:00-24:00 UTC");
    }

    @Test
    void textWithoutZoneTakesTheDefaultZone() {
      assertThat(MaintenanceWindow.parse("Sat 22:00-02:00", ZURICH).zone()).isEqualTo(ZURICH);
    }

    @Test
    void textWithoutZoneAndNoDefaultIsRefusedAskingForAZone() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> MaintenanceWindow.parse("Sat 22:00-02:00"))
          .withMessageContaining("add a time zone like `Europe/Zurich`");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "22:00-02:00 UTC",
          "Sat",
          "Sat 22:00 UTC",
          "Funday 22:00-02:00 UTC",
          "Sat 25:00-02:00 UTC",
          "Sat 22:60-02:00 UTC",
          "Sat 24:00-02:00 UTC",
          "Sat 22:00-22:00 UTC",
          "Sat 22:00-02:00 Mars/Olympus",
          "Sat-Sun-Mon 22:00-02:00 UTC",
          "Sat 22:00-02:00 UTC extra"
        })
    void malformedWindowIsRefusedWithTheAcceptedForms(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> MaintenanceWindow.parse(text))
          .withMessageStartingWith("`" + text + "` is not a maintenance window")
          .withMessageContaining("`Sat 22:00-02:00 Europe/Zurich`");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Sat 22:00-02:00 Europe/Zurich",
          "Mon-Fri 22:00-23:30 UTC",
          "Sat,Sun 01:00-05:00 Europe/Zurich",
          "Mon,Wed,Fri 06:00-07:00 America/New_York"
        })
    void textFormReadsBackToTheSameWindow(String text) {
      MaintenanceWindow w = MaintenanceWindow.parse(text);

      assertThat(w).hasToString(text);
      assertThat(MaintenanceWindow.parse(w.toString())).isEqualTo(w);
    }

    @Test
    void windowWithoutDaysIsRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new MaintenanceWindow(
                      EnumSet.noneOf(DayOfWeek.class), LocalTime.NOON, Duration.ofHours(1), UTC))
          .withMessageContaining("at least one day");
    }

    @Test
    void windowOfNoLengthIsRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new MaintenanceWindow(
                      Set.of(DayOfWeek.MONDAY), LocalTime.NOON, Duration.ZERO, UTC));
    }
  }

  @Nested
  class Contains {

    final MaintenanceWindow saturdayNight =
        MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich");

    @Test
    void startIsInsideAndEndIsOutside() {
      assertThat(saturdayNight.contains(zurich("2026-12-05T22:00"))).isTrue();
      assertThat(saturdayNight.contains(zurich("2026-12-06T02:00"))).isFalse();
    }

    @Test
    void instantJustBeforeTheStartIsOutside() {
      assertThat(saturdayNight.contains(zurich("2026-12-05T21:59"))).isFalse();
    }

    @Test
    void nightAfterMidnightBelongsToSaturdaysWindow() {
      assertThat(saturdayNight.contains(zurich("2026-12-06T01:59"))).isTrue();
    }

    @Test
    void otherDaysAtTheSameTimeAreOutside() {
      assertThat(saturdayNight.contains(zurich("2026-12-04T23:00"))).isFalse();
      assertThat(saturdayNight.contains(zurich("2026-12-06T23:00"))).isFalse();
    }

    @Test
    void timeIsReadInTheWindowsZone() {
      // 21:30 UTC on a winter Saturday is 22:30 in Zurich.
      assertThat(saturdayNight.contains(Instant.parse("2026-12-05T21:30:00Z"))).isTrue();
      assertThat(saturdayNight.contains(Instant.parse("2026-12-05T20:30:00Z"))).isFalse();
    }

    @Test
    void weekdayWindowIsOpenOnEachOfItsDays() {
      MaintenanceWindow weekdays = MaintenanceWindow.parse("Mon-Fri 22:00-23:30 UTC");

      assertThat(weekdays.contains(Instant.parse("2026-12-02T23:00:00Z"))).isTrue(); // Wed
      assertThat(weekdays.contains(Instant.parse("2026-12-05T23:00:00Z"))).isFalse(); // Sat
      assertThat(weekdays.contains(Instant.parse("2026-12-02T23:30:00Z"))).isFalse();
    }

    @Test
    void startOfPeriodContainingIsTheStartOfTheOpenPeriod() {
      assertThat(saturdayNight.startOfPeriodContaining(zurich("2026-12-06T01:00")))
          .contains(ZonedDateTime.of(2026, 12, 5, 22, 0, 0, 0, ZURICH));
      assertThat(saturdayNight.startOfPeriodContaining(zurich("2026-12-06T03:00"))).isEmpty();
    }
  }

  @Nested
  class DaylightSaving {

    // Europe/Zurich, 2026: clocks go forward on Sun 29 March at 02:00 (to 03:00) and back on
    // Sun 25 October at 03:00 (to 02:00).

    @Test
    void nightTheClocksGoForwardIsOneHourShorterButEndsAtTheSameLocalTime() {
      MaintenanceWindow w = MaintenanceWindow.parse("Sat 22:00-04:00 Europe/Zurich");
      ZonedDateTime start = w.nextStart(Instant.parse("2026-03-28T00:00:00Z")).orElseThrow();

      assertThat(start.toInstant()).isEqualTo(Instant.parse("2026-03-28T21:00:00Z"));
      assertThat(w.end(start)).isEqualTo(Instant.parse("2026-03-29T02:00:00Z")); // 04:00 CEST
      assertThat(Duration.between(start.toInstant(), w.end(start))).isEqualTo(Duration.ofHours(5));
      assertThat(w.contains(Instant.parse("2026-03-29T01:59:00Z"))).isTrue();
      assertThat(w.contains(Instant.parse("2026-03-29T02:00:00Z"))).isFalse();
    }

    @Test
    void nightTheClocksGoBackIsOneHourLongerButEndsAtTheSameLocalTime() {
      MaintenanceWindow w = MaintenanceWindow.parse("Sat 22:00-04:00 Europe/Zurich");
      ZonedDateTime start = w.nextStart(Instant.parse("2026-10-24T00:00:00Z")).orElseThrow();

      assertThat(start.toInstant()).isEqualTo(Instant.parse("2026-10-24T20:00:00Z"));
      assertThat(w.end(start)).isEqualTo(Instant.parse("2026-10-25T03:00:00Z")); // 04:00 CET
      assertThat(Duration.between(start.toInstant(), w.end(start))).isEqualTo(Duration.ofHours(7));
      assertThat(w.contains(Instant.parse("2026-10-25T02:59:00Z"))).isTrue();
      assertThat(w.contains(Instant.parse("2026-10-25T03:00:00Z"))).isFalse();
    }

    @Test
    void endInTheRepeatedHourIsItsFirstOccurrence() {
      MaintenanceWindow w = MaintenanceWindow.parse("Sat 22:00-02:30 Europe/Zurich");

      // 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC (winter time).
      assertThat(w.contains(Instant.parse("2026-10-25T00:29:00Z"))).isTrue();
      assertThat(w.contains(Instant.parse("2026-10-25T00:30:00Z"))).isFalse();
      assertThat(w.contains(Instant.parse("2026-10-25T01:00:00Z"))).isFalse();
    }

    @Test
    void startInTheClockGapMovesForwardByTheGapAndKeepsItsLocalEnd() {
      MaintenanceWindow w = MaintenanceWindow.parse("Sun 02:30-04:00 Europe/Zurich");
      ZonedDateTime start = w.nextStart(Instant.parse("2026-03-28T00:00:00Z")).orElseThrow();

      assertThat(start.toLocalTime()).isEqualTo(LocalTime.of(3, 30));
      assertThat(start.toInstant()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
      assertThat(w.end(start)).isEqualTo(Instant.parse("2026-03-29T02:00:00Z"));
      assertThat(w.contains(Instant.parse("2026-03-29T01:45:00Z"))).isTrue();
    }
  }

  @Nested
  class NextStart {

    final MaintenanceWindow saturdayNight =
        MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich");

    @Test
    void fromMidweekItIsTheComingSaturday() {
      assertThat(saturdayNight.nextStart(zurich("2026-12-02T12:00")))
          .contains(ZonedDateTime.of(2026, 12, 5, 22, 0, 0, 0, ZURICH));
    }

    @Test
    void fromExactlyTheStartItIsThatStart() {
      assertThat(saturdayNight.nextStart(zurich("2026-12-05T22:00")))
          .contains(ZonedDateTime.of(2026, 12, 5, 22, 0, 0, 0, ZURICH));
    }

    @Test
    void fromInsideAWindowItIsTheFollowingWeeksStart() {
      assertThat(saturdayNight.nextStart(zurich("2026-12-05T23:00")))
          .contains(ZonedDateTime.of(2026, 12, 12, 22, 0, 0, 0, ZURICH));
    }

    @Test
    void fromSaturdayEveningItIsTheSameEvening() {
      assertThat(saturdayNight.nextStart(zurich("2026-12-05T18:00")))
          .contains(ZonedDateTime.of(2026, 12, 5, 22, 0, 0, 0, ZURICH));
    }

    @Test
    void weekdayWindowNextStartIsTheNextWeekdayAfterTheWeekend() {
      MaintenanceWindow weekdays = MaintenanceWindow.parse("Mon-Fri 22:00-23:30 UTC");

      assertThat(weekdays.nextStart(Instant.parse("2026-12-04T23:00:00Z"))) // Fri, inside
          .contains(ZonedDateTime.of(2026, 12, 7, 22, 0, 0, 0, UTC)); // Mon
    }
  }

  static Instant zurich(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(ZURICH).toInstant();
  }
}
