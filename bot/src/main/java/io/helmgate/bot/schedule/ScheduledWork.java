package io.helmgate.bot.schedule;

import io.helmgate.domain.RequestId;
import java.time.Duration;
import java.time.Instant;

/**
 * What a scheduled request's Quartz triggers call: the application wires it to the domain, which
 * decides everything (re-checks, windows, freezes, whether a late run is still within grace).
 */
public interface ScheduledWork {

  /**
   * The request's time has come. {@code scheduledFor} is always the time it was scheduled for, also
   * when it runs late after a restart or is recovered on another replica after a crash; the domain
   * compares it with its clock to tell "on time", "late" and "missed" apart. A call may repeat for
   * the same request after a crash, so it must do nothing for a request that is no longer waiting
   * to run.
   */
  void fire(RequestId id, Instant scheduledFor);

  /** The request runs in {@code before} (one of {@code helmgate.schedule.reminders}). */
  void remind(RequestId id, Duration before);

  /** An executing request's current step is due to run again. */
  void resume(RequestId id);
}
