package io.helmgate.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.bot.config.ConfigurationFailureAnalyzer;
import io.helmgate.domain.Role;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PolicyConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code helmgate.schedule.*}: defaults, and one line naming the key when a value is wrong. */
class SchedulePropertiesTest {

  private static ScheduleProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("helmgate.schedule", ScheduleProperties.class);
  }

  private static String failureOf(Map<String, String> values) {
    Throwable failure = catchThrowable(() -> bind(values));
    return new ConfigurationFailureAnalyzer().analyze(failure).getDescription();
  }

  @Test
  void defaultsAreHalfAnHourOfGraceAndRemindersAnHourAndAQuarterAhead() {
    ScheduleProperties properties = bind(Map.of());

    assertThat(properties.misfireGrace()).isEqualTo(Duration.ofMinutes(30));
    assertThat(properties.reminders())
        .containsExactly(Duration.ofMinutes(60), Duration.ofMinutes(15));
  }

  @Test
  void remindersAreKeptLongestFirst() {
    ScheduleProperties properties =
        bind(
            Map.of(
                "helmgate.schedule.reminders",
                "15m,2h,5m",
                "helmgate.schedule.misfire-grace",
                "1h"));

    assertThat(properties.reminders())
        .containsExactly(Duration.ofHours(2), Duration.ofMinutes(15), Duration.ofMinutes(5));
    assertThat(properties.misfireGrace()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void emptyRemindersMeanNone() {
    assertThat(bind(Map.of("helmgate.schedule.reminders", "")).reminders()).isEmpty();
  }

  @Test
  void graceShorterThanAMinuteNamesTheKey() {
    assertThat(failureOf(Map.of("helmgate.schedule.misfire-grace", "10s")))
        .startsWith(
            "invalid configuration: helmgate.schedule.misfire-grace: expected a duration of"
                + " at least 1m")
        .endsWith("got 'PT10S'");
  }

  @Test
  void reminderThatIsNotAheadOfTheRunNamesTheKey() {
    assertThat(failureOf(Map.of("helmgate.schedule.reminders", "15m,0s")))
        .isEqualTo(
            "invalid configuration: helmgate.schedule.reminders: expected positive durations such"
                + " as 60m,15m, got 'PT0S'");
    assertThat(failureOf(Map.of("helmgate.schedule.reminders", "-5m")))
        .startsWith("invalid configuration: helmgate.schedule.reminders:");
  }

  @Test
  void reminderGivenTwiceNamesTheKey() {
    assertThat(failureOf(Map.of("helmgate.schedule.reminders", "60m,1h")))
        .isEqualTo(
            "invalid configuration: helmgate.schedule.reminders: expected each reminder once, got"
                + " [PT1H, PT1H]");
  }

  @Test
  void horizonIsFourteenDaysUnlessSet() {
    assertThat(bind(Map.of()).horizon()).isEqualTo(Duration.ofDays(14));
    assertThat(bind(Map.of("helmgate.schedule.horizon", "30d")).horizon())
        .isEqualTo(Duration.ofDays(30));
  }

  @Test
  void horizonShorterThanAnHourNamesTheKey() {
    assertThat(failureOf(Map.of("helmgate.schedule.horizon", "10m")))
        .startsWith("invalid configuration: helmgate.schedule.horizon: expected a duration of");
  }

  @Test
  void horizonIsJudgedByThePolicysOwnRuleInItsWords() {
    Throwable domain =
        catchThrowable(
            () ->
                new Policy(
                    PolicyConfig.defaults(Map.of(Role.OPS, List.of("@ops-team"))),
                    Duration.ofMinutes(10)));

    assertThat(domain).isInstanceOf(IllegalArgumentException.class);
    assertThat(failureOf(Map.of("helmgate.schedule.horizon", "10m")))
        .isEqualTo("invalid configuration: helmgate.schedule.horizon: " + domain.getMessage());
  }
}
