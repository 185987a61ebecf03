package io.helmgate.domain.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Decides when a change may run, rule by rule: a time in the past is refused; break-glass runs when
 * asked; a time inside a freeze, or outside the windows of an environment that requires them, is
 * refused with the next allowed time; without a time, a windowed environment proposes its next
 * window and any other runs now unless frozen.
 */
final class Scheduling {

  static final String AT_IN_THE_PAST = "at-in-the-past";
  static final String BREAK_GLASS = "break-glass";
  static final String FREEZE = "freeze";
  static final String MAINTENANCE_WINDOW = "maintenance-window";
  static final String ANY_TIME = "any-time";

  private final String env;
  private final ChangeCalendar calendar;
  private final ZoneId zone;

  Scheduling(String env, EnvironmentRules rules, ZoneId zone) {
    this.env = env;
    this.calendar = new ChangeCalendar(rules);
    this.zone = zone;
  }

  ScheduleDecision decide(Optional<Instant> at, boolean breakGlass, Instant now) {
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
    if (breakGlass) {
      String ignoring = ", ignoring maintenance windows and freezes.";
      return at.map(
              t ->
                  ScheduleDecision.at(t, BREAK_GLASS, "Break-glass: runs at " + when(t) + ignoring))
          .orElseGet(() -> ScheduleDecision.now(BREAK_GLASS, "Break-glass: runs now" + ignoring));
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

  private String when(Instant t) {
    return TimeText.when(t, zone);
  }
}
