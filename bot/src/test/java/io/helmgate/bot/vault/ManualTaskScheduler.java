package io.helmgate.bot.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/** A scheduler that only remembers what it was asked to run; the test decides when it runs. */
final class ManualTaskScheduler implements TaskScheduler {

  private final List<Runnable> pending = new ArrayList<>();

  synchronized int pending() {
    return pending.size();
  }

  /** Runs the task scheduled first, as if its time had come. */
  void runNext() {
    Runnable next;
    synchronized (this) {
      next = pending.remove(0);
    }
    next.run();
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
    pending.add(task);
    return null;
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
    pending.add(task);
    return null;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant start, Duration period) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant start, Duration delay) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
    throw new UnsupportedOperationException();
  }
}
