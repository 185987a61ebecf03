package io.helmgate.domain.execution;

import java.time.Duration;
import java.time.Instant;

/**
 * How a step that errored with a retryable fault is run again: after {@code initial}, doubling up
 * to {@code max}, until {@code giveUpAfter} has passed since the step was reached.
 */
public record RetrySettings(Duration initial, Duration max, Duration giveUpAfter) {

  /** Two seconds, doubling to a minute, for five minutes. */
  public static RetrySettings defaults() {
    return new RetrySettings(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(5));
  }

  /** When the {@code attempt}-th retry (0-based) runs, or nothing when the step gives up. */
  java.util.Optional<Instant> next(Instant stepSince, int attempt, Instant now) {
    if (!now.isBefore(stepSince.plus(giveUpAfter))) {
      return java.util.Optional.empty();
    }
    long factor = 1L << Math.min(attempt, 20);
    Duration wait = initial.multipliedBy(factor);
    if (wait.compareTo(max) > 0) {
      wait = max;
    }
    return java.util.Optional.of(now.plus(wait));
  }
}
