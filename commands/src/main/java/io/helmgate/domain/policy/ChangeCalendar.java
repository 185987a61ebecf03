package io.helmgate.domain.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

/** When one environment takes changes: its maintenance windows and freezes, asked about a time. */
final class ChangeCalendar {

  /** How far ahead to look for an allowed time before saying there is none. */
  static final Duration HORIZON = Duration.ofDays(400);

  private static final int MAX_STEPS = 10_000;

  private final EnvironmentRules rules;

  ChangeCalendar(EnvironmentRules rules) {
    this.rules = rules;
  }

  boolean windowsRequired() {
    return rules.windowsRequired();
  }

  /** The freeze covering {@code t} that ends last, if any. */
  Optional<Freeze> freezeAt(Instant t) {
    return rules.freezes().stream()
        .filter(f -> f.covers(t))
        .max(Comparator.comparing(f -> f.endAfter(t).orElseThrow()));
  }

  /** True when {@code t} lies in one of the environment's maintenance windows. */
  boolean inWindow(Instant t) {
    return rules.maintenanceWindows().stream().anyMatch(w -> w.contains(t));
  }

  /** {@code Sat 22:00-02:00 Europe/Zurich, Wed 06:00-07:00 UTC}. */
  String windows() {
    return rules.maintenanceWindows().stream()
        .map(MaintenanceWindow::toString)
        .collect(Collectors.joining(", "));
  }

  /**
   * The earliest time at or after {@code from} that no freeze covers and, when windows are
   * required, that lies in a window; empty when there is none within {@link #HORIZON}.
   */
  Optional<Instant> nextAllowed(Instant from) {
    Instant limit = from.plus(HORIZON);
    Instant t = from;
    // Every step moves t forward; the step cap only guards against a calendar bug looping.
    for (int step = 0; step < MAX_STEPS && t.isBefore(limit); step++) {
      Optional<Freeze> freeze = freezeAt(t);
      if (freeze.isPresent()) {
        t = freeze.get().endAfter(t).orElseThrow();
        continue;
      }
      if (windowsRequired() && !inWindow(t)) {
        Instant at = t;
        Optional<Instant> start =
            rules.maintenanceWindows().stream()
                .map(w -> w.nextStart(at))
                .flatMap(Optional::stream)
                .map(ZonedDateTime::toInstant)
                .min(Comparator.naturalOrder());
        if (start.isEmpty()) {
          return Optional.empty();
        }
        t = start.get();
        continue;
      }
      return Optional.of(t);
    }
    return Optional.empty();
  }
}
