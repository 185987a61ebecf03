package io.helmgate.bot.slack.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Slack's pace, as this replica knows it: new messages in one channel at about one per second (a
 * short burst allowed), and nothing on a method or channel that answered 429 until its {@code
 * Retry-After} has passed. Another replica learns of a 429 from its own; the rows wait in the
 * database either way.
 */
final class Pacing {

  private final Duration interval;
  private final int burst;
  private final Map<String, Lane> lanes = new HashMap<>();
  private final Map<String, Object> locks = new HashMap<>();

  Pacing(Duration interval, int burst) {
    this.interval = interval;
    this.burst = burst;
  }

  /** The monitor that callers hold while they call Slack on {@code key}. */
  synchronized Object lane(String key) {
    return locks.computeIfAbsent(key, k -> new Object());
  }

  /** True when a call on {@code key} may go now; takes its place in the pace if so. */
  synchronized boolean take(String key, boolean paced, Instant now) {
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane(burst, now));
    if (now.isBefore(lane.pausedUntil)) {
      return false;
    }
    if (!paced || interval.isZero()) {
      return true;
    }
    double refill = (double) Duration.between(lane.at, now).toNanos() / interval.toNanos();
    lane.tokens = Math.min(burst, lane.tokens + Math.max(0, refill));
    lane.at = now;
    if (lane.tokens < 1) {
      return false;
    }
    lane.tokens -= 1;
    return true;
  }

  /** Slack said 429 on {@code key}: nothing goes there before {@code until}. */
  synchronized void pause(String key, Instant until, Instant now) {
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane(burst, now));
    if (until.isAfter(lane.pausedUntil)) {
      lane.pausedUntil = until;
    }
    lane.tokens = 0;
    lane.at = until;
  }

  private static final class Lane {
    double tokens;
    Instant at;
    Instant pausedUntil = Instant.MIN;

    Lane(int tokens, Instant at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
