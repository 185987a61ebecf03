package io.helmgate.bot.schedule;

import io.helmgate.domain.RequestId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link ScheduledWork} that records what the scheduler asked of it, in order. */
final class RecordingWork implements ScheduledWork {

  /** One call: a run ({@code before} null) or a reminder ({@code scheduledFor} null). */
  record Call(RequestId id, Instant scheduledFor, Duration before) {
    boolean isRun() {
      return before == null;
    }
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final CountDownLatch release;

  private RecordingWork(CountDownLatch release) {
    this.release = release;
  }

  static RecordingWork recording() {
    return new RecordingWork(new CountDownLatch(0));
  }

  /** Each run is recorded, then blocks until {@link #release()}, like a long deployment. */
  static RecordingWork holdingEachRun() {
    return new RecordingWork(new CountDownLatch(1));
  }

  @Override
  public void fire(RequestId id, Instant scheduledFor) {
    calls.add(new Call(id, scheduledFor, null));
    try {
      // Bounded, so that a forgotten release cannot keep the test JVM alive.
      release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void remind(RequestId id, Duration before) {
    calls.add(new Call(id, null, before));
  }

  /** Resumes are recorded apart: they are neither runs nor reminders. */
  final List<RequestId> resumed = new CopyOnWriteArrayList<>();

  @Override
  public void resume(RequestId id) {
    resumed.add(id);
  }

  void release() {
    release.countDown();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> callsFor(RequestId id) {
    return calls.stream().filter(c -> c.id().equals(id)).toList();
  }

  List<Instant> runsOf(RequestId id) {
    return callsFor(id).stream().filter(Call::isRun).map(Call::scheduledFor).toList();
  }

  List<Duration> remindersOf(RequestId id) {
    return callsFor(id).stream().filter(c -> !c.isRun()).map(Call::before).toList();
  }

  List<Call> runs() {
    return calls.stream().filter(Call::isRun).toList();
  }
}
