package io.helmgate.domain.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a change may run: now, at the time asked for, at a proposed time (the next maintenance
 * window), or not as asked (with the next allowed time when there is one).
 *
 * @param runAt when it runs, for {@code AT} and {@code PROPOSED}
 * @param nextAllowed for {@code DENIED}: the earliest time that would be allowed, if any
 */
public record ScheduleDecision(
    Kind kind,
    Optional<Instant> runAt,
    Optional<Instant> nextAllowed,
    String rule,
    String message) {

  /** The four answers to "when may this run?". */
  public enum Kind {
    /** Run as soon as it may (after approval, when it needs one). */
    NOW,
    /** Run at the time the user asked for. */
    AT,
    /** No time was asked for and the environment runs changes only in windows: run at this one. */
    PROPOSED,
    /** Not at the time asked for (or not now). */
    DENIED
  }

  public ScheduleDecision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(nextAllowed, "nextAllowed");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    boolean timed = kind == Kind.AT || kind == Kind.PROPOSED;
    if (timed != runAt.isPresent()) {
      throw new IllegalArgumentException("runAt is given exactly for AT and PROPOSED, not " + kind);
    }
    if (kind != Kind.DENIED && nextAllowed.isPresent()) {
      throw new IllegalArgumentException("nextAllowed is given only for DENIED");
    }
  }

  static ScheduleDecision now(String rule, String message) {
    return new ScheduleDecision(Kind.NOW, Optional.empty(), Optional.empty(), rule, message);
  }

  static ScheduleDecision at(Instant at, String rule, String message) {
    return new ScheduleDecision(Kind.AT, Optional.of(at), Optional.empty(), rule, message);
  }

  static ScheduleDecision proposed(Instant at, String rule, String message) {
    return new ScheduleDecision(Kind.PROPOSED, Optional.of(at), Optional.empty(), rule, message);
  }

  static ScheduleDecision denied(String rule, String message, Optional<Instant> nextAllowed) {
    return new ScheduleDecision(Kind.DENIED, Optional.empty(), nextAllowed, rule, message);
  }

  public boolean isDenied() {
    return kind == Kind.DENIED;
  }

  /** {@code DENIED by freeze: …}: for logs and the audit trail. */
  @Override
  public String toString() {
    return kind + " by " + rule + ": " + message;
  }
}
