package io.helmgate.bot.schedule;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.domain.policy.Policy;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timing of scheduled requests, bound from {@code helmgate.schedule.*}.
 *
 * @param misfireGrace how late a scheduled request may still run after Helmgate was unavailable at
 *     its time; later than that it is marked missed and never runs
 * @param reminders how long before a scheduled request the channel is reminded, e.g. {@code 60m,
 *     15m}; empty for none. Kept longest first.
 * @param horizon how far ahead a change may be scheduled, and how long an approved scheduled change
 *     may wait to run before it expires
 */
@ConfigurationProperties("helmgate.schedule")
public record ScheduleProperties(
    @DefaultValue("30m") Duration misfireGrace,
    @DefaultValue({"60m", "15m"}) List<Duration> reminders,
    @DefaultValue("14d") Duration horizon) {

  private static final String PREFIX = "helmgate.schedule.";

  /** Even a run that nobody delayed starts a few seconds after its time. */
  static final Duration SHORTEST_GRACE = Duration.ofMinutes(1);

  public ScheduleProperties {
    if (misfireGrace == null || misfireGrace.compareTo(SHORTEST_GRACE) < 0) {
      throw new InvalidConfigurationException(
          PREFIX + "misfire-grace",
          "expected a duration of at least 1m such as 30m (a run can start a few seconds after"
              + " its time even when nothing is wrong), got '"
              + misfireGrace
              + "'");
    }
    reminders = reminders == null ? List.of() : reminders;
    for (Duration before : reminders) {
      if (before == null || before.isZero() || before.isNegative()) {
        throw new InvalidConfigurationException(
            PREFIX + "reminders",
            "expected positive durations such as 60m,15m, got '" + before + "'");
      }
    }
    if (new HashSet<>(reminders).size() != reminders.size()) {
      throw new InvalidConfigurationException(
          PREFIX + "reminders", "expected each reminder once, got " + reminders);
    }
    reminders = reminders.stream().sorted(Comparator.reverseOrder()).toList();
    try {
      Policy.requireScheduleHorizon(horizon);
    } catch (IllegalArgumentException e) {
      // The rule is the domain's; here it learns which key to blame.
      throw new InvalidConfigurationException(PREFIX + "horizon", e.getMessage());
    }
  }
}
