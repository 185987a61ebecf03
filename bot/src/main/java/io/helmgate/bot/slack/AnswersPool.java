package io.helmgate.bot.slack;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that answer people after the acknowledgement, with a bounded queue. When answers pile
 * up past a mark (more than a second or so of work), a new request's acknowledgement waits briefly
 * for room ({@link #awaitRoom()}) instead of queueing more: acknowledging faster than the answers
 * can follow only ends, once the queue is full, in people being told "too busy". The wait is
 * bounded well inside Slack's three seconds; after it the request is queued, or refused as before
 * when the queue is full.
 */
final class AnswersPool extends ThreadPoolExecutor {

  private final int pressure;
  private final long maxWaitNanos;
  private final Object room = new Object();

  /** Acknowledgements waiting for room; changed under {@link #room}, read without it. */
  private volatile int waiting;

  AnswersPool(
      int threads, int capacity, int pressure, Duration maxWait, ThreadFactory threadFactory) {
    super(
        threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(capacity), threadFactory);
    this.pressure = pressure;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /**
   * Returns at once while fewer than the mark wait in the queue; otherwise when an answer thread
   * has taken enough of them, or after the longest wait.
   */
  void awaitRoom() {
    if (getQueue().size() < pressure) {
      return;
    }
    long deadline = System.nanoTime() + maxWaitNanos;
    synchronized (room) {
      waiting++;
      try {
        long left;
        while (getQueue().size() >= pressure && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(room, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting--;
      }
    }
  }

  @Override
  protected void beforeExecute(Thread thread, Runnable task) {
    // An answer was taken from the queue: wake whoever waits for room once there is some.
    if (waiting > 0 && getQueue().size() < pressure) {
      synchronized (room) {
        room.notifyAll();
      }
    }
  }
}
