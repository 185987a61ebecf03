package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.testsupport.SignedSlack;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the work queue full, a command is still acknowledged, and the person is told at once that
 * nothing was done and to try again, rather than Slack showing a failure nobody can act on.
 */
class OverloadTest extends ReliabilityApp {

  @Test
  void aCommandArrivingWithTheWorkQueueFullIsAnsweredBusyAndChangesNothing() throws Exception {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) workPool;
    CountDownLatch release = new CountDownLatch(1);
    int requestsBefore = requestRows();
    try {
      for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
        pool.execute(
            () -> {
              try {
                release.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      while (pool.getQueue().remainingCapacity() > 0) {
        pool.execute(() -> {});
      }

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
}
