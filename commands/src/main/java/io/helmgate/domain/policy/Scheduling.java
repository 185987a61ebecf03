package io.helmgate.domain.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Decides when a change may run, rule by rule: a time in the past is refused; break-glass runs now
 * and refuses a time; a time inside a freeze, or outside the windows of an environment that
 * requires them, is refused with the next allowed time; without a time, a windowed environment
 * proposes its next window and any other runs now unless frozen. Nothing is scheduled further ahead
 * than the horizon: an approval given today should not fire weeks later on a world that has moved
 * on, so such a request expires instead (see {@link #expiresAt}).
 */
final class Scheduling {

  static final String AT_IN_THE_PAST = "at-in-the-past";
  static final String BREAK_GLASS = "break-glass";
  static final String FREEZE = "freeze";
  static final String MAINTENANCE_WINDOW = "maintenance-window";
  static final String ANY_TIME = "any-time";
  static final String BREAK_GLASS_RUNS_NOW = "break-glass-runs-now";
  static final String HORIZON = "schedule-horizon";

  /** How far ahead a change may be scheduled, and how long an approved one may wait to run. */
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(14);

  private final String env;
  private final ChangeCalendar calendar;
  private final ZoneId zone;
  private final Duration horizon;

  Scheduling(String env, EnvironmentRules rules, ZoneId zone, Duration horizon) {
    this.env = env;
    this.calendar = new ChangeCalendar(rules);
    this.zone = zone;
    this.horizon = horizon;
  }

  /**
   * When a request opened at {@code createdAt} for {@code scheduledAt} stops being runnable: its
   * approval was given for a near future, and a scheduled change left unrun past the horizon (a
   * lost job, a long outage) expires rather than running on an old approval. Counted from the later
   * of the two, plus {@link #LOST_AFTER}: a change scheduled at the very edge of the horizon still
   * gets its run (whose lateness the scheduler's misfire grace judges) before it counts as lost.
   */
  static Instant expiresAt(Instant createdAt, Instant scheduledAt, Duration horizon) {
    Instant unrunAfter = createdAt.plus(horizon);
    return (scheduledAt.isAfter(unrunAfter) ? scheduledAt : unrunAfter).plus(LOST_AFTER);
  }

  /** How long after its time a scheduled change that never ran is taken for lost. */
  static final Duration LOST_AFTER = Duration.ofDays(1);

  ScheduleDecision decide(Optional<Instant> at, boolean breakGlass, Instant now) {
    ScheduleDecision decision = decideIgnoringHorizon(at, breakGlass, now);
    Instant limit = now.plus(horizon);
    if (decision.runAt().isEmpty() || !decision.runAt().get().isAfter(limit)) {
      return decision;
    }
    // A proposal this far out would expire before it ran; refusing now says so at once.
    String furthest =
        " ahead, the furthest Helmgate schedules a change (helmgate.schedule.horizon): ";
    String message =
        at.isPresent()
            ? when(at.get())
                + " is more than "
                + days(horizon)
                + furthest
                + "give a time before "
                + when(limit)
                + ", or request it again nearer the time."
            : env
                + " takes no change before "
                + when(decision.runAt().get())
                + ", more than "
                + days(horizon)
                + furthest
                + "request it again nearer the time.";
    return ScheduleDecision.denied(HORIZON, message, Optional.empty());
  }

  private ScheduleDecision decideIgnoringHorizon(
      Optional<Instant> at, boolean breakGlass, Instant now) {
    if (at.isPresent() && at.get().isBefore(now)) {
      return ScheduleDecision.denied(
          AT_IN_THE_PAST,
          when(at.get())
              + " is in the past; give a later time, or leave out at= to run as soon as"
              + " "
              + env
              + " allows.",
          calendar.nextAllowed(now));
    }
    if (breakGlass && at.isPresent()) {
      // Break-glass is for an emergency now; a planned time would carry its bypass of windows and
      // freezes into the future, where the ordinary rules should decide.
      return ScheduleDecision.denied(
          BREAK_GLASS_RUNS_NOW,
          "Break-glass runs now and takes no time: drop at= to run it now, or drop break-glass"
              + " to schedule it for "
              + when(at.get())
              + " under "
              + env
              + "'s usual rules.",
          Optional.empty());
    }
    if (breakGlass) {
      return ScheduleDecision.now(
          BREAK_GLASS, "Break-glass: runs now, ignoring maintenance windows and freezes.");
    }
    return at.isPresent() ? decideAt(at.get()) : decideNow(now);
  }

  private ScheduleDecision decideAt(Instant at) {
    Optional<Freeze> freeze = calendar.freezeAt(at);
    if (freeze.isPresent()) {
      return frozen(freeze.get(), at);
    }
    if (calendar.windowsRequired() && !calendar.inWindow(at)) {
      Optional<Instant> next = calendar.nextAllowed(at);
      return ScheduleDecision.denied(
          MAINTENANCE_WINDOW,
          when(at)
              + " is outside "
              + env
              + "'s maintenance windows ("
              + calendar.windows()
              + ")"
              + next.map(this::nextAllowedText).orElse(". " + noAllowedTime()),
          next);
    }
    if (calendar.windowsRequired()) {
      return ScheduleDecision.at(
          at, MAINTENANCE_WINDOW, "Runs at " + when(at) + ", inside a maintenance window.");
    }
    return ScheduleDecision.at(at, ANY_TIME, "Runs at " + when(at) + ".");
  }

  private ScheduleDecision decideNow(Instant now) {
    if (calendar.windowsRequired()) {
      Optional<Instant> next = calendar.nextAllowed(now);
      if (next.isEmpty()) {
        return ScheduleDecision.denied(MAINTENANCE_WINDOW, noAllowedTime(), Optional.empty());
      }
      if (next.get().equals(now)) {
        return ScheduleDecision.now(
            MAINTENANCE_WINDOW, env + "'s maintenance window is open now; runs as soon as it may.");
      }
      return ScheduleDecision.proposed(
          next.get(),
          MAINTENANCE_WINDOW,
          env
              + " takes changes in its maintenance windows ("
              + calendar.windows()
              + "): runs at "
              + when(next.get())
              + ". To choose another window, add at=.");
    }
    Optional<Freeze> freeze = calendar.freezeAt(now);
    if (freeze.isPresent()) {
      return frozen(freeze.get(), now);
    }
    return ScheduleDecision.now(
        ANY_TIME, env + " takes changes at any time; runs as soon as it may.");
  }

  private ScheduleDecision frozen(Freeze freeze, Instant t) {
    Optional<Instant> next = calendar.nextAllowed(t);
    return ScheduleDecision.denied(
        FREEZE,
        env
            + " is frozen ("
            + freeze.name()
            + ") until "
            + when(freeze.endAfter(t).orElseThrow())
            + next.map(this::nextAllowedText).orElse(". " + noAllowedTime()),
        next);
  }

  private String nextAllowedText(Instant next) {
    return "; the next allowed time is "
        + when(next)
        + ": add "
        + TimeText.atHint(next, zone)
        + ".";
  }

  private String noAllowedTime() {
    return env
        + " has no allowed time in the coming year: its freezes and maintenance windows leave"
        + " none."
        + " Ask Ops to check helmgate.policy.environments."
        + env
        + ".";
  }

  private static String days(Duration d) {
    long days = d.toDays();
    return d.equals(Duration.ofDays(days))
        ? days + (days == 1 ? " day" : " days")
        : d.toHours() + " hours";
  }

  private String when(Instant t) {
    return TimeText.when(t, zone);
  }
}
