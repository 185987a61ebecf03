package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnswerPoolTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private AnswersPool pool;

  @AfterEach
  void stop() {
    release.countDown();
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** One thread held by a task until released, and {@code queued} answers waiting behind it. */
  private AnswersPool busyPool(int queued, int pressure, Duration maxWait) throws Exception {
    pool = new AnswersPool(1, 100, pressure, maxWait, Thread::new);
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          await(release);
        });
    started.await(5, TimeUnit.SECONDS);
    for (int i = 0; i < queued; i++) {
      pool.execute(() -> {});
    }
    return pool;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void sixteenThreadsAnswerPeopleUnlessConfiguredOtherwise() {
    assertThat(SlackConfiguration.answerThreads(0)).isEqualTo(16);
    assertThat(SlackConfiguration.answerThreads(4)).isEqualTo(4);
  }

  @Test
  void anAcknowledgementDoesNotWaitWhileFewAnswersAreQueued() throws Exception {
    AnswersPool pool = busyPool(2, 3, Duration.ofSeconds(5));

    long t0 = System.nanoTime();
    pool.awaitRoom();

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void anAcknowledgementWaitsForRoomWhileAnswersArePiledUpAndGoesOnOnceTheyAreTaken()
      throws Exception {
    AnswersPool pool = busyPool(3, 3, Duration.ofSeconds(10));
    CountDownLatch through = new CountDownLatch(1);
    Thread ack =
        new Thread(
            () -> {
              pool.awaitRoom();
              through.countDown();
            });
    ack.start();

    assertThat(through.await(300, TimeUnit.MILLISECONDS)).isFalse();
    release.countDown(); // the answer thread takes the queued answers
    assertThat(through.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anAcknowledgementWaitsForRoomAtMostTheLongestWait() throws Exception {
    AnswersPool pool = busyPool(3, 3, Duration.ofMillis(200));

    long t0 = System.nanoTime();
    pool.awaitRoom();

    Duration waited = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(waited).isLessThan(Duration.ofSeconds(3));
  }
}
