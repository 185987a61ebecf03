package io.helmgate.domain.command;

import static io.helmgate.domain.command.Fixtures.parsed;
import static io.helmgate.domain.command.Fixtures.parser;
import static io.helmgate.domain.command.Fixtures.parserAt;
import static io.helmgate.domain.command.Fixtures.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.command.Command.Deploy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code at=} in Europe/Zurich with a fixed clock; "now" is 2026-11-30 14:05 CET unless said. */
class CommandParserTimeTest {

  private static final ZoneId ZURICH = Fixtures.ZURICH;

  private static Instant at(CommandParser parser, String at) {
    Deploy deploy = (Deploy) parsed(parser.parse("/deploy", "acme/payments prod at=" + at));
    return deploy.at().orElseThrow();
  }

  private static Instant zurich(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), ZURICH).toInstant();
  }

  @Nested
  class IsoWithOffset {

    @Test
    void anOffsetIsHonouredWhateverTheConfiguredZone() {
      assertThat(at(parser(), "2026-12-01T22:00+01:00"))
          .isEqualTo(Instant.parse("2026-12-01T21:00:00Z"));
      assertThat(at(parser(), "2026-12-01T22:00-05:00"))
          .isEqualTo(Instant.parse("2026-12-02T03:00:00Z"));
    }

    @Test
    void utcWithZAndSecondsIsAccepted() {
      assertThat(at(parser(), "2026-12-01T21:00:30Z"))
          .isEqualTo(Instant.parse("2026-12-01T21:00:30Z"));
    }

    @Test
    void anOffsetTimeOneMinuteAgoIsInThePast() {
      assertThat(refusal(parser().parse("/deploy", "acme/payments prod at=2026-11-30T14:04+01:00")))
          .contains("is in the past: it is now 2026-11-30 14:05 in Europe/Zurich");
    }

    @Test
    void anOffsetPushingTheLastReadableYearPastTimeItselfIsRefusedClearly() {
      assertThat(
              refusal(
                  parser()
                      .parse("/deploy", "acme/payments prod at=+999999999-12-31T23:59:59-18:00")))
          .isEqualTo(
              "`at=+999999999-12-31T23:59:59-18:00` is beyond any date Helmgate can schedule."
                  + " Give a time in the coming days, for example `at=22:00`.");
    }

    @Test
    void exactlyNowIsNotInThePast() {
      assertThat(at(parser(), "2026-11-30T14:05+01:00")).isEqualTo(Fixtures.NOW);
    }
  }

  @Nested
  class LocalDateTimeInTheZone {

    @Test
    void withATIsReadInTheConfiguredZone() {
      assertThat(at(parser(), "2026-12-01T22:00")).isEqualTo(zurich("2026-12-01T22:00"));
    }

    @Test
    void withASpaceInQuotesIsTheSameTime() {
      assertThat(at(parser(), "\"2026-12-01 22:00\"")).isEqualTo(zurich("2026-12-01T22:00"));
    }

    @Test
    void summerTimeDatesUseTheSummerOffset() {
      assertThat(at(parser(), "2027-07-01T22:00")).isEqualTo(Instant.parse("2027-07-01T20:00:00Z"));
    }

    @Test
    void aLocalTimeEarlierTodayIsInThePast() {
      assertThat(refusal(parser().parse("/deploy", "acme/payments prod at=\"2026-11-30 09:00\"")))
          .contains("`at=\"2026-11-30 09:00\"` is in the past")
          .contains("it is now 2026-11-30 14:05 in Europe/Zurich");
    }

    @Test
    void aTimeSkippedBySpringForwardIsRefusedWithOneThatExists() {
      assertThat(refusal(parser().parse("/deploy", "acme/payments prod at=2027-03-28T02:30")))
          .contains("`at=2027-03-28T02:30` does not exist on 2027-03-28 in Europe/Zurich")
          .contains("the clocks jump from 02:00 to 03:00")
          .contains("`at=2027-03-28T03:30`");
    }

    @Test
    void aTimeRepeatedByFallBackIsRefusedWithBothOffsets() {
      assertThat(refusal(parser().parse("/deploy", "acme/payments prod at=2027-10-31T02:30")))
          .contains("happens twice on 2027-10-31 in Europe/Zurich")
          .contains("`at=2027-10-31T02:30+02:00` (the first)")
          .contains("`at=2027-10-31T02:30+01:00` (the second)");
    }

    @Test
    void aRepeatedTimeWithItsOffsetIsAccepted() {
      assertThat(at(parser(), "2027-10-31T02:30+01:00"))
          .isEqualTo(Instant.parse("2027-10-31T01:30:00Z"));
    }
  }

  @Nested
  class ClockTime {

    @Test
    void laterTodayIsToday() {
      assertThat(at(parser(), "22:00")).isEqualTo(zurich("2026-11-30T22:00"));
    }

    @Test
    void earlierThanNowIsTomorrow() {
      assertThat(at(parser(), "09:30")).isEqualTo(zurich("2026-12-01T09:30"));
    }

    @Test
    void theCurrentMinuteIsTomorrow() {
      assertThat(at(parser(), "14:05")).isEqualTo(zurich("2026-12-01T14:05"));
    }

    @Test
    void aSingleDigitHourIsAccepted() {
      assertThat(at(parser(), "9:30")).isEqualTo(zurich("2026-12-01T09:30"));
    }

    @Test
    void itIsReadInTheConfiguredZoneNotInTheClocksZone() {
      // 23:30 UTC on 30 November is already 00:30 on 1 December in Zurich.
      CommandParser lateEvening = parserAt(Instant.parse("2026-11-30T23:30:00Z"));

      assertThat(at(lateEvening, "01:00")).isEqualTo(zurich("2026-12-01T01:00"));
      assertThat(at(lateEvening, "00:15")).isEqualTo(zurich("2026-12-02T00:15"));
    }

    @Test
    void onTheSpringForwardDayATimeAfterTheJumpUsesSummerTime() {
      // Saturday 2027-03-27 20:00 CET; the clocks jump on Sunday at 02:00.
      CommandParser saturday = parserAt(Instant.parse("2027-03-27T19:00:00Z"));

      assertThat(at(saturday, "03:30")).isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
      assertThat(at(saturday, "01:30")).isEqualTo(Instant.parse("2027-03-28T00:30:00Z"));
    }

    @Test
    void onTheSpringForwardDayATimeInTheJumpIsRefusedNotMovedADay() {
      CommandParser saturday = parserAt(Instant.parse("2027-03-27T19:00:00Z"));

      assertThat(refusal(saturday.parse("/deploy", "acme/payments prod at=02:30")))
          .contains("`at=02:30` does not exist on 2027-03-28 in Europe/Zurich")
          .contains("`at=2027-03-28T03:30`");
    }

    @Test
    void afterTheJumpTheSkippedTimeIsTomorrow() {
      // Sunday 2027-03-28 12:00 CEST: 02:30 next exists on Monday.
      CommandParser sunday = parserAt(Instant.parse("2027-03-28T10:00:00Z"));

      assertThat(at(sunday, "02:30")).isEqualTo(Instant.parse("2027-03-29T00:30:00Z"));
    }

    @Test
    void onTheFallBackDayARepeatedTimeIsRefusedWithBothOffsets() {
      // Saturday 2027-10-30 20:00 CEST; the clocks go back on Sunday at 03:00.
      CommandParser saturday = parserAt(Instant.parse("2027-10-30T18:00:00Z"));

      assertThat(refusal(saturday.parse("/deploy", "acme/payments prod at=02:30")))
          .contains("happens twice on 2027-10-31")
          .contains("`at=2027-10-31T02:30+02:00`")
          .contains("`at=2027-10-31T02:30+01:00`");
    }

    @Test
    void onTheFallBackDayAnUnambiguousTimeIsAccepted() {
      CommandParser saturday = parserAt(Instant.parse("2027-10-30T18:00:00Z"));

      assertThat(at(saturday, "04:00")).isEqualTo(Instant.parse("2027-10-31T03:00:00Z"));
    }
  }

  @Test
  void unreadableTimesListTheThreeForms() {
    for (String text : new String[] {"tomorrow", "22h00", "2026-12-01", "1.12.2026 22:00", "now"}) {
      assertThat(refusal(parser().parse("/deploy", "acme/payments prod at=\"" + text + "\"")))
          .as(text)
          .contains("is not a time I can read")
          .contains("`2026-12-01T22:00+01:00`")
          .contains("`2026-12-01T22:00`")
          .contains("`22:00`");
    }
  }
}
