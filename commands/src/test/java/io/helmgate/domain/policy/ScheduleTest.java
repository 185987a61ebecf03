package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.DEV;
import static io.helmgate.domain.policy.Fixtures.NOW;
import static io.helmgate.domain.policy.Fixtures.PROD;
import static io.helmgate.domain.policy.MaintenanceWindowTest.zurich;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.policy.ScheduleDecision.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Policy#schedule}: when a change may run. NOW is Wednesday 2026-12-02 11:00 in Zurich. */
class ScheduleTest {

  static final MaintenanceWindow SATURDAY_NIGHT =
      MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich");
  static final Freeze YEAR_END =
      Freeze.parse("year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich");

  static Policy policy(EnvironmentRules prod) {
    return new Policy(ExampleGroups.policy().withEnvironment("prod", prod));
  }

  final Policy windowed =
      policy(
          EnvironmentRules.production()
              .withMaintenanceWindows(List.of(SATURDAY_NIGHT), true)
              .withFreezes(List.of(YEAR_END)));

  @Nested
  class WithoutAt {

    @Test
    void windowedEnvironmentProposesTheNextWindow() {
      ScheduleDecision s = windowed.schedule(PROD, Optional.empty(), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.PROPOSED);
      assertThat(s.rule()).isEqualTo("maintenance-window");
      assertThat(s.runAt()).contains(zurich("2026-12-05T22:00"));
      assertThat(s.message())
          .isEqualTo(
              "prod takes changes in its maintenance windows (Sat 22:00-02:00 Europe/Zurich):"
                  + " runs at Sat 2026-12-05 22:00 Europe/Zurich. To choose another window, add"
                  + " at=.");
    }

    @Test
    void insideAnOpenWindowItRunsNow() {
      ScheduleDecision s =
          windowed.schedule(PROD, Optional.empty(), false, zurich("2026-12-05T23:00"));

      assertThat(s.kind()).isEqualTo(Kind.NOW);
      assertThat(s.rule()).isEqualTo("maintenance-window");
    }

    @Test
    void duringAFreezeTheProposalIsTheFirstWindowAfterIt() {
      ScheduleDecision s =
          windowed.schedule(PROD, Optional.empty(), false, zurich("2027-01-01T09:00"));

      assertThat(s.kind()).isEqualTo(Kind.PROPOSED);
      assertThat(s.runAt()).contains(zurich("2027-01-09T22:00"));
    }

    @Test
    void aProposalBeyondTheHorizonIsRefusedRatherThanLeftToExpire() {
      ScheduleDecision s =
          windowed.schedule(PROD, Optional.empty(), false, zurich("2026-12-21T09:00"));

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.rule()).isEqualTo("schedule-horizon");
      assertThat(s.message())
          .isEqualTo(
              "prod takes no change before Sat 2027-01-09 22:00 Europe/Zurich, more than 14 days"
                  + " ahead, the furthest Helmgate schedules a change (helmgate.schedule.horizon):"
                  + " request it again nearer the time.");
    }

    @Test
    void freezeEndingInsideAWindowOpensTheRestOfThatWindow() {
      Freeze untilElevenPm =
          Freeze.parse("migration: 2026-12-05 18:00 - 2026-12-05 23:00 Europe/Zurich");
      Policy p =
          policy(
              EnvironmentRules.production()
                  .withMaintenanceWindows(List.of(SATURDAY_NIGHT), true)
                  .withFreezes(List.of(untilElevenPm)));

      assertThat(p.schedule(PROD, Optional.empty(), false, NOW).runAt())
          .contains(zurich("2026-12-05T23:00"));
    }

    @Test
    void proposalAfterTheClocksGoForwardCarriesTheSummerOffset() {
      ScheduleDecision s =
          windowed.schedule(PROD, Optional.empty(), false, Instant.parse("2026-03-30T10:00:00Z"));

      assertThat(s.runAt()).contains(Instant.parse("2026-04-04T20:00:00Z"));
    }

    @Test
    void environmentWithoutWindowsRunsNow() {
      ScheduleDecision s = windowed.schedule(DEV, Optional.empty(), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.NOW);
      assertThat(s.rule()).isEqualTo("any-time");
    }

    @Test
    void advisoryWindowsDoNotDeferAChange() {
      Policy advisory =
          policy(
              EnvironmentRules.production().withMaintenanceWindows(List.of(SATURDAY_NIGHT), false));

      assertThat(advisory.schedule(PROD, Optional.empty(), false, NOW).kind()).isEqualTo(Kind.NOW);
    }

    @Test
    void frozenEnvironmentWithoutWindowsIsDeniedWithTheFreezesEnd() {
      Policy frozen = policy(EnvironmentRules.production().withFreezes(List.of(YEAR_END)));

      ScheduleDecision s =
          frozen.schedule(PROD, Optional.empty(), false, zurich("2026-12-24T10:00"));

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.rule()).isEqualTo("freeze");
      assertThat(s.nextAllowed()).contains(zurich("2027-01-05T00:00"));
      assertThat(s.message())
          .isEqualTo(
              "prod is frozen (year-end) until Tue 2027-01-05 00:00 Europe/Zurich; the next"
                  + " allowed time is Tue 2027-01-05 00:00 Europe/Zurich: add"
                  + " at=2027-01-05T00:00+01:00.");
    }

    @Test
    void windowsThatFreezesAlwaysCoverLeaveNoTimeAndSaySo() {
      Policy never =
          policy(
              EnvironmentRules.production()
                  .withMaintenanceWindows(List.of(SATURDAY_NIGHT), true)
                  .withFreezes(
                      List.of(Freeze.parse("weekend: every Fri 16:00 - Mon 06:00 Europe/Zurich"))));

      ScheduleDecision s = never.schedule(PROD, Optional.empty(), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.nextAllowed()).isEmpty();
      assertThat(s.message()).contains("prod has no allowed time in the coming year");
    }
  }

  @Nested
  class WithAt {

    @Test
    void timeInsideAWindowIsAccepted() {
      Instant at = zurich("2026-12-05T22:30");

      ScheduleDecision s = windowed.schedule(PROD, Optional.of(at), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.AT);
      assertThat(s.runAt()).contains(at);
    }

    @Test
    void timeOutsideEveryWindowIsDeniedWithTheNextWindow() {
      ScheduleDecision s =
          windowed.schedule(PROD, Optional.of(zurich("2026-12-03T22:00")), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.rule()).isEqualTo("maintenance-window");
      assertThat(s.nextAllowed()).contains(zurich("2026-12-05T22:00"));
      assertThat(s.message())
          .isEqualTo(
              "Thu 2026-12-03 22:00 Europe/Zurich is outside prod's maintenance windows"
                  + " (Sat 22:00-02:00 Europe/Zurich); the next allowed time is"
                  + " Sat 2026-12-05 22:00 Europe/Zurich: add at=2026-12-05T22:00+01:00.");
    }

    @Test
    void timeInsideAFreezeIsDeniedWithTheFirstAllowedTimeAfterIt() {
      ScheduleDecision s =
          windowed.schedule(PROD, Optional.of(zurich("2026-12-26T22:00")), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.rule()).isEqualTo("freeze");
      assertThat(s.nextAllowed()).contains(zurich("2027-01-09T22:00"));
      assertThat(s.message())
          .isEqualTo(
              "prod is frozen (year-end) until Tue 2027-01-05 00:00 Europe/Zurich; the next"
                  + " allowed time is Sat 2027-01-09 22:00 Europe/Zurich: add"
                  + " at=2027-01-09T22:00+01:00.");
    }

    @Test
    void timeAfterTheFreezeIsAccepted() {
      Policy frozen = policy(EnvironmentRules.production().withFreezes(List.of(YEAR_END)));
      Instant after = zurich("2027-01-05T08:00");

      ScheduleDecision s =
          frozen.schedule(PROD, Optional.of(after), false, zurich("2026-12-24T10:00"));

      assertThat(s.kind()).isEqualTo(Kind.AT);
      assertThat(s.rule()).isEqualTo("any-time");
    }

    @Test
    void environmentWithoutWindowsTakesAnyTime() {
      Instant tuesdayNoon = zurich("2026-12-08T12:00");

      assertThat(windowed.schedule(DEV, Optional.of(tuesdayNoon), false, NOW).runAt())
          .contains(tuesdayNoon);
    }

    @Test
    void timeInThePastIsDenied() {
      ScheduleDecision s = windowed.schedule(DEV, Optional.of(NOW.minusSeconds(60)), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.rule()).isEqualTo("at-in-the-past");
      assertThat(s.message()).startsWith("Wed 2026-12-02 10:59 Europe/Zurich is in the past");
    }
  }

  @Nested
  class BreakGlass {

    @Test
    void breakGlassWithoutAtRunsNowOutsideAnyWindowAndInsideAFreeze() {
      ScheduleDecision s =
          windowed.schedule(PROD, Optional.empty(), true, zurich("2026-12-24T10:00"));

      assertThat(s.kind()).isEqualTo(Kind.NOW);
      assertThat(s.rule()).isEqualTo("break-glass");
    }

    @Test
    void breakGlassWithAtIsRefusedSayingWhatToTypeInstead() {
      Instant christmasNoon = zurich("2026-12-25T12:00");

      ScheduleDecision s = windowed.schedule(PROD, Optional.of(christmasNoon), true, NOW);

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.rule()).isEqualTo("break-glass-runs-now");
      assertThat(s.message())
          .isEqualTo(
              "Break-glass runs now and takes no time: drop at= to run it now, or drop"
                  + " break-glass to schedule it for Fri 2026-12-25 12:00 Europe/Zurich under"
                  + " prod's usual rules.");
    }

    @Test
    void breakGlassCannotRunInThePast() {
      assertThat(windowed.schedule(PROD, Optional.of(NOW.minusSeconds(1)), true, NOW).rule())
          .isEqualTo("at-in-the-past");
    }
  }

  @Nested
  class Horizon {

    @Test
    void atFurtherAheadThanFourteenDaysIsRefusedNamingTheLimit() {
      ScheduleDecision s =
          windowed.schedule(DEV, Optional.of(NOW.plus(Duration.ofDays(15))), false, NOW);

      assertThat(s.kind()).isEqualTo(Kind.DENIED);
      assertThat(s.rule()).isEqualTo("schedule-horizon");
      assertThat(s.message())
          .isEqualTo(
              "Thu 2026-12-17 11:00 Europe/Zurich is more than 14 days ahead, the furthest"
                  + " Helmgate schedules a change (helmgate.schedule.horizon): give a time before"
                  + " Wed 2026-12-16 11:00 Europe/Zurich, or request it again nearer the time.");
    }

    @Test
    void atExactlyAtTheHorizonIsAccepted() {
      Instant limit = NOW.plus(Duration.ofDays(14));

      assertThat(windowed.schedule(DEV, Optional.of(limit), false, NOW).runAt()).contains(limit);
    }

    @Test
    void anAbsurdYearIsRefusedByTheHorizon() {
      Instant farAway = Instant.parse("+99999-01-01T00:00:00Z");

      assertThat(windowed.schedule(DEV, Optional.of(farAway), false, NOW).rule())
          .isEqualTo("schedule-horizon");
    }

    @Test
    void theHorizonIsConfigurable() {
      Policy month = new Policy(ExampleGroups.policy(), Duration.ofDays(30));
      Instant inThreeWeeks = NOW.plus(Duration.ofDays(21));

      assertThat(month.schedule(DEV, Optional.of(inThreeWeeks), false, NOW).runAt())
          .contains(inThreeWeeks);
      assertThat(month.scheduledExpiry(NOW, NOW.plus(Duration.ofHours(1))))
          .isEqualTo(NOW.plus(Duration.ofDays(31)));
      assertThat(
              new Policy(ExampleGroups.policy())
                  .scheduledExpiry(NOW, NOW.plus(Duration.ofDays(14))))
          .isEqualTo(NOW.plus(Duration.ofDays(15)));
    }
  }
}
