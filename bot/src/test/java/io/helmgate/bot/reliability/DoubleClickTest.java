package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Slack retries a delivery it thinks failed, and people double-click. The same click, byte for
 * byte, and the same click re-signed with a later timestamp (as a retry is), all at once from
 * several threads: exactly one approval is recorded and exactly one commit lands.
 */
class DoubleClickTest extends ReliabilityApp {

  @Test
  void retriedAndDoubleClickedApproveApprovesOnceAndCommitsOnce() throws Exception {
    argoApp("acme/checkout prod");
    SignedSlack client = signed();
    String opened = tag("double-open");
    client.command(
        "U0ALICE",
        "alice",
        "/deploy",
        "acme/checkout prod image.tag=3.1.7 reason=\"CHG-31\"",
        opened);
    RequestId id = openedBy(opened);
    awaitState(id, RequestState.PENDING_APPROVAL);
    String headBefore = head();

    String clicked = tag("double-click");
    String body = client.clickBody("U0BOB", "bob", "helmgate-approve", id.toString(), clicked);
    long now = Instant.now().getEpochSecond();
    String signature = client.signature(body, now);
    int copies = 6;
    int retries = 6;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(copies + retries);
    List<Future<Integer>> identical = new ArrayList<>();
    List<Future<Integer>> resigned = new ArrayList<>();
    try {
      for (int i = 0; i < copies; i++) {
        identical.add(
            threads.submit(
                () -> {
                  start.await();
                  return client.sendSigned(body, now, signature).statusCode();
                }));
      }
      for (int i = 1; i <= retries; i++) {
        long later = now - i; // distinct timestamps, so distinct signatures
        resigned.add(
            threads.submit(
                () -> {
                  start.await();
                  return client.send(body, later).statusCode();
                }));
      }
      start.countDown();
      List<Integer> identicalStatus = new ArrayList<>();
      for (Future<Integer> f : identical) {
        identicalStatus.add(f.get());
      }
      List<Integer> resignedStatus = new ArrayList<>();
      for (Future<Integer> f : resigned) {
        resignedStatus.add(f.get());
      }

      assertThat(identicalStatus).containsOnlyOnce(200).containsOnly(200, 401);
      assertThat(resignedStatus).containsOnly(200);
    } finally {
      threads.shutdownNow();
    }

    Request done = awaitEnd(id);
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.approvals()).hasSize(1);
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(commitsSince(headBefore)).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE request_id = ? AND event_type = 'APPROVED'",
                Integer.class,
                id.number()))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE request_id = ? AND event_type = 'COMMITTED'",
                Integer.class,
                id.number()))
        .isEqualTo(1);
    // every accepted click is answered; one of them is the approval
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> slack.answersTo(clicked).size() == 1 + retries);
    assertThat(slack.answersTo(clicked).stream().filter(a -> a.contains("You approved")))
        .hasSize(1);
    assertThat(syncRequestsOf("acme-checkout-prod", id)).isEqualTo(1);
  }
}
