package io.helmgate.bot.argocd;

import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches started syncs to their end by polling {@link Deployer#poll} on a scheduler: no thread
 * waits for a sync, each poll is a short task that schedules the next. Reports each change of
 * phase, then the outcome; gives up after the sync timeout, counted from when the sync was
 * requested. Transient poll errors are retried until then.
 */
public final class SyncWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SyncWatcher.class);

  private final Deployer deployer;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration syncTimeout;

  /**
   * A watcher on a scheduler the caller owns (and shuts down).
   *
   * @param pollInterval the pause between two polls of one sync
   * @param syncTimeout how long after {@link SyncTicket#startedAt()} a sync may take to end
   */
  public SyncWatcher(
      Deployer deployer,
      ScheduledExecutorService scheduler,
      Clock clock,
      Duration pollInterval,
      Duration syncTimeout) {
    this(deployer, scheduler, false, clock, pollInterval, syncTimeout);
  }

  private SyncWatcher(
      Deployer deployer,
      ScheduledExecutorService scheduler,
      boolean ownsScheduler,
      Clock clock,
      Duration pollInterval,
      Duration syncTimeout) {
    this.deployer = Objects.requireNonNull(deployer, "deployer");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.ownsScheduler = ownsScheduler;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.syncTimeout = Objects.requireNonNull(syncTimeout, "syncTimeout");
  }

  /** A watcher with its own small pool of daemon threads, shut down by {@link #close()}. */
  static SyncWatcher withOwnScheduler(
      Deployer deployer, Clock clock, Duration pollInterval, Duration syncTimeout) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread = new Thread(task, "argocd-sync-watch-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    // Two threads, so that one slow poll (up to the request timeout) does not stall the others.
    return new SyncWatcher(
        deployer,
        Executors.newScheduledThreadPool(2, threads),
        true,
        clock,
        pollInterval,
        syncTimeout);
  }

  /** Starts watching {@code ticket}; returns at once. The first poll is one interval away. */
  public void watch(SyncTicket ticket, SyncListener listener) {
    new Watch(
            Objects.requireNonNull(ticket, "ticket"), Objects.requireNonNull(listener, "listener"))
        .scheduleNext();
  }

  /** Stops all watches of a scheduler this watcher owns. */
  @Override
  public void close() {
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

  /** {@code 10m}, {@code 1h30m}, {@code 45s}: how people write durations in config. */
  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return duration.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }

  /** One watched sync: a task that polls once and schedules itself again. */
  private final class Watch implements Runnable {

    private final SyncTicket ticket;
    private final SyncListener listener;
    private final Instant deadline;
    private SyncProgress.Running last;

    Watch(SyncTicket ticket, SyncListener listener) {
      this.ticket = ticket;
      this.listener = listener;
      this.deadline = ticket.startedAt().plus(syncTimeout);
    }

    void scheduleNext() {
      try {
        scheduler.schedule(this, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        log.warn("stopped watching the sync of {}: shutting down", ticket.application());
      }
    }

    @Override
    public void run() {
      SyncProgress progress;
      try {
        progress = deployer.poll(ticket);
      } catch (DeployerException e) {
        onPollError(e);
        return;
      } catch (RuntimeException e) {
        error(
            new DeployerException(
                DeployerException.Kind.UNAVAILABLE,
                "watching the sync of " + ticket.application() + " failed: " + e,
                e));
        return;
      }
      if (!(progress instanceof SyncProgress.Running running)) {
        done(progress);
        return;
      }
      if (last == null
          || !Objects.equals(running.phase(), last.phase())
          || !Objects.equals(running.health(), last.health())) {
        phase(running);
      }
      last = running;
      if (timedOut()) {
        done(
            new SyncProgress.Failed(
                running.phase(),
                running.health(),
                "timed out after "
                    + human(syncTimeout)
                    + " waiting for Healthy; last phase "
                    + running.phase()
                    + ", health "
                    + running.health()
                    + (running.message() == null || running.message().isBlank()
                        ? ""
                        : ": " + running.message())));
        return;
      }
      scheduleNext();
    }

    private void onPollError(DeployerException e) {
      if (!e.isTransient()) {
        error(e);
        return;
      }
      if (timedOut()) {
        error(
            new DeployerException(
                DeployerException.Kind.UNAVAILABLE,
                "timed out after "
                    + human(syncTimeout)
                    + " waiting for Healthy, and ArgoCD did not answer the last poll ("
                    + e.getMessage()
                    + "); the sync may still be running",
                e));
        return;
      }
      log.warn(
          "poll of the sync of {} failed, polling again: {}", ticket.application(), e.getMessage());
      scheduleNext();
    }

    private boolean timedOut() {
      return !clock.instant().isBefore(deadline);
    }

    // A listener that throws must not end the watch or hide the outcome.
    private void phase(SyncProgress.Running running) {
      try {
        listener.onPhase(ticket, running);
      } catch (RuntimeException e) {
        log.error("sync listener failed on a phase change of {}", ticket.application(), e);
      }
    }

    private void done(SyncProgress outcome) {
      try {
        listener.onDone(ticket, outcome);
      } catch (RuntimeException e) {
        log.error("sync listener failed on the outcome of {}", ticket.application(), e);
      }
    }

    private void error(DeployerException error) {
      try {
        listener.onError(ticket, error);
      } catch (RuntimeException e) {
        log.error("sync listener failed on an error of {}", ticket.application(), e);
      }
    }
  }
}
