package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.MaintenanceWindowTest.zurich;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreezeTest {

  static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

  @Nested
  class EveryYear {

    final Freeze yearEnd =
        Freeze.parse("year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich");

    @Test
    void parsesIntoARecurringFreezeWithItsName() {
      assertThat(yearEnd)
          .isEqualTo(
              new Freeze.Recurring(
                  MonthDay.of(Month.DECEMBER, 20),
                  LocalTime.MIDNIGHT,
                  MonthDay.of(Month.JANUARY, 5),
                  LocalTime.MIDNIGHT,
                  ZURICH,
                  "year-end"));
    }

    @Test
    void coversChristmas() {
      assertThat(yearEnd.covers(zurich("2026-12-24T12:00"))).isTrue();
    }

    @Test
    void coversTheNewYearPartOfLastYearsFreeze() {
      assertThat(yearEnd.endAfter(zurich("2027-01-02T09:00"))).contains(zurich("2027-01-05T00:00"));
    }

    @Test
    void startIsInsideAndEndIsOutside() {
      assertThat(yearEnd.covers(zurich("2026-12-20T00:00"))).isTrue();
      assertThat(yearEnd.covers(zurich("2026-12-19T23:59"))).isFalse();
      assertThat(yearEnd.covers(zurich("2027-01-05T00:00"))).isFalse();
    }

    @Test
    void doesNotCoverTheRestOfTheYear() {
      assertThat(yearEnd.covers(zurich("2026-06-15T12:00"))).isFalse();
      assertThat(yearEnd.endAfter(zurich("2026-06-15T12:00"))).isEmpty();
    }

    @Test
    void dayWithoutTimeIncludesTheWholeDay() {
      Freeze christmas = Freeze.parse("every year Dec 24 - Dec 26 Europe/Zurich");

      assertThat(christmas.endAfter(zurich("2026-12-26T23:59")))
          .contains(zurich("2026-12-27T00:00"));
      assertThat(christmas.covers(zurich("2026-12-23T23:59"))).isFalse();
    }

    @Test
    void lastDayOfTheYearWithoutTimeEndsOnNewYearsDay() {
      Freeze lastWeek = Freeze.parse("every year Dec 24 - Dec 31 Europe/Zurich");

      assertThat(lastWeek.endAfter(zurich("2026-12-31T12:00")))
          .contains(zurich("2027-01-01T00:00"));
    }

    @Test
    void periodWithinOneYearDoesNotSpanTheNewYear() {
      Freeze summer = Freeze.parse("summer: every year Jul 1 - Aug 31 UTC");

      assertThat(summer.covers(Instant.parse("2026-07-15T00:00:00Z"))).isTrue();
      assertThat(summer.covers(Instant.parse("2027-01-15T00:00:00Z"))).isFalse();
      assertThat(summer.endAfter(Instant.parse("2026-08-31T12:00:00Z")))
          .contains(Instant.parse("2026-09-01T00:00:00Z"));
    }
  }

  @Nested
  class EveryWeek {

    final Freeze weekend = Freeze.parse("weekend: every Fri 16:00 - Mon 06:00 Europe/Zurich");

    @Test
    void parsesIntoAWeeklyFreeze() {
      assertThat(weekend)
          .isEqualTo(
              new Freeze.Weekly(
                  DayOfWeek.FRIDAY,
                  LocalTime.of(16, 0),
                  DayOfWeek.MONDAY,
                  LocalTime.of(6, 0),
                  ZURICH,
                  "weekend"));
    }

    @Test
    void coversTheWeekendUntilMondayMorning() {
      assertThat(weekend.covers(zurich("2026-12-04T16:00"))).isTrue(); // Fri
      assertThat(weekend.covers(zurich("2026-12-05T12:00"))).isTrue(); // Sat
      assertThat(weekend.endAfter(zurich("2026-12-07T05:59"))).contains(zurich("2026-12-07T06:00"));
    }

    @Test
    void doesNotCoverTheWorkingWeek() {
      assertThat(weekend.covers(zurich("2026-12-04T15:59"))).isFalse(); // Fri
      assertThat(weekend.covers(zurich("2026-12-07T06:00"))).isFalse(); // Mon
      assertThat(weekend.covers(zurich("2026-12-09T12:00"))).isFalse(); // Wed
    }

    @Test
    void dayWithoutTimeIncludesTheWholeDay() {
      Freeze sunday = Freeze.parse("every Sun - Sun Europe/Zurich");

      assertThat(sunday.endAfter(zurich("2026-12-06T23:00"))).contains(zurich("2026-12-07T00:00"));
      assertThat(sunday.covers(zurich("2026-12-05T23:59"))).isFalse();
    }
  }

  @Nested
  class Once {

    @Test
    void coversItsRangeInItsZone() {
      Freeze migration =
          Freeze.parse("migration: 2026-11-14 18:00 - 2026-11-15 06:00 Europe/Zurich");

      assertThat(migration)
          .isEqualTo(
              new Freeze.OneOff(
                  Instant.parse("2026-11-14T17:00:00Z"),
                  Instant.parse("2026-11-15T05:00:00Z"),
                  "migration"));
      assertThat(migration.covers(Instant.parse("2026-11-14T17:00:00Z"))).isTrue();
      assertThat(migration.covers(Instant.parse("2026-11-15T05:00:00Z"))).isFalse();
      assertThat(migration.covers(Instant.parse("2026-11-14T16:59:00Z"))).isFalse();
    }

    @Test
    void datesWithoutTimesIncludeTheLastDay() {
      Freeze audit = Freeze.parse("audit: 2026-12-01 - 2026-12-02 UTC");

      assertThat(audit.endAfter(Instant.parse("2026-12-02T23:59:00Z")))
          .contains(Instant.parse("2026-12-03T00:00:00Z"));
    }

    @Test
    void rangeThatEndsBeforeItStartsIsRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Freeze.parse("2026-12-02 12:00 - 2026-12-02 11:00 UTC"))
          .withMessageContaining("it must end after it starts");
    }
  }

  @Nested
  class Text {

    @Test
    void toWordAndArrowSeparateLikeADash() {
      Freeze dash = Freeze.parse("every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich");

      assertThat(Freeze.parse("every year Dec 20 00:00 to Jan 5 00:00 Europe/Zurich"))
          .isEqualTo(dash);
      assertThat(Freeze.parse("every year Dec 20 00:00 \u2192 Jan 5 00:00 Europe/Zurich"))
          .isEqualTo(dash);
      assertThat(Freeze.parse("every year Dec 20 00:00 \u2013 Jan 5 00:00 Europe/Zurich"))
          .isEqualTo(dash);
    }

    @Test
    void freezeWithoutNameIsCalledFreeze() {
      assertThat(Freeze.parse("2026-12-01 - 2026-12-02 UTC").name()).isEqualTo("freeze");
    }

    @Test
    void textWithoutZoneTakesTheDefaultZone() {
      assertThat(Freeze.parse("every year Dec 20 - Jan 5", ZURICH))
          .isEqualTo(Freeze.parse("every year Dec 20 - Jan 5 Europe/Zurich"));
    }

    @Test
    void textWithoutZoneAndNoDefaultIsRefusedAskingForAZone() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Freeze.parse("every year Dec 20 - Jan 5"))
          .withMessageContaining("add a time zone like `Europe/Zurich`");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich",
          "weekend: every Fri 16:00 - Mon 06:00 Europe/Zurich",
          "migration: 2026-11-14 17:00 - 2026-11-15 05:00 UTC"
        })
    void textFormReadsBackToTheSameFreeze(String text) {
      Freeze freeze = Freeze.parse(text);

      assertThat(freeze).hasToString(text);
      assertThat(Freeze.parse(freeze.toString())).isEqualTo(freeze);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "every year Dez 20 - Jan 5 UTC",
          "every year Feb 30 - Mar 1 UTC",
          "every year Dec 20 00:00 Jan 5 00:00 UTC",
          "every year Dec - Jan UTC",
          "every Funday - Mon UTC",
          "every Fri 25:00 - Mon 06:00 UTC",
          "every Fri 16:00 - Fri 16:00 UTC",
          "2026-13-01 - 2026-12-02 UTC",
          "2026-12-01 - 2026-12-02 noon UTC",
          "2026-12-01 - UTC",
          "whenever UTC"
        })
    void malformedFreezeIsRefusedWithTheAcceptedForms(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Freeze.parse(text))
          .withMessageStartingWith("`" + text + "` is not a freeze")
          .withMessageContaining("`year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich`");
    }
  }
}
