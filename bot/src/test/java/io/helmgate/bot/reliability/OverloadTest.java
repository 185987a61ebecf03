package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.testsupport.SignedSlack;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the answers queue full, a command is still acknowledged, and the person is told at once that
 * nothing was done and to try again, rather than Slack showing a failure nobody can act on. With
 * the executions' pool full (pushes, Vault, Argo CD all stuck), people are still answered.
 */
class OverloadTest extends ReliabilityApp {

  @Test
  void aCommandArrivingWithTheAnswersQueueFullIsAnsweredBusyAndChangesNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    int requestsBefore = requestRows();
    try {
      fill(answersPool, release);

      SignedSlack client = signed();
      String tag = tag("busy");
      HttpResponse<String> ack =
          client.command("U0ALICE", "alice", "/deploy", "globex/portal dev image.tag=7.7.7", tag);

      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(slack.answerTo(tag)).contains("too busy").contains("nothing was done");
      assertThat(requestRows()).isEqualTo(requestsBefore);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aCommandIsAnsweredWhileEveryExecutionThreadIsStuckAndTheirQueueIsFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try {
      fill(workPool, release);

      SignedSlack client = signed();
      String tag = tag("executions-stuck");
      HttpResponse<String> ack = client.command("U0ALICE", "alice", "/deploy", "help", tag);

      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(slack.answerTo(tag)).contains("Helmgate help").doesNotContain("too busy");
    } finally {
      release.countDown();
    }
  }

  /**
   * Holds every thread of {@code executor} until {@code release}, and fills its queue. Waits until
   * every thread holds before filling: an idle thread that took its task from the queue only after
   * the queue was full would leave a place in it.
   */
  private static void fill(ExecutorService executor, CountDownLatch release) throws Exception {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) executor;
    CountDownLatch holding = new CountDownLatch(pool.getMaximumPoolSize());
    for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
      pool.execute(
          () -> {
            holding.countDown();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(holding.await(30, TimeUnit.SECONDS)).as("every thread holds").isTrue();
    while (pool.getQueue().remainingCapacity() > 0) {
      pool.execute(() -> {});
    }
  }
}
