package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The values remote goes away: between approval and execution, and at the exact moment between
 * Helmgate's last fetch and its push (the remote is moved away while the thread is told
 * "Executing", which Helmgate does after it read the file and before it commits). The request fails
 * saying that nothing was committed; once the remote is back, asking again works, and no commit is
 * duplicated.
 */
class GitRemoteDownTest extends ReliabilityApp {

  static Path away() {
    return remote.resolveSibling("values.git.away");
  }

  static void takeRemoteAway() {
    try {
      Files.move(remote, away());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void bringRemoteBack() throws IOException {
    if (Files.exists(away())) {
      Files.move(away(), remote);
    }
  }

  @Test
  void remoteGoneJustBeforeThePushFailsTheRequestWithNothingCommittedAndAskingAgainWorks()
      throws Exception {
    argoApp("acme/payments qa");
    String headBefore = head();
    AtomicBoolean armed = new AtomicBoolean(true);
    slack.onEveryRequest(
        r -> {
          if (r.getUrl().equals("/api/chat.postMessage")
              && URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8)
                  .contains("Executing R-")
              && armed.compareAndSet(true, false)) {
            takeRemoteAway();
          }
        });
    String t = tag("git-push");

    signed().command("U0ALICE", "alice", "/deploy", "acme/payments qa image.tag=8.0.1", t);

    RequestId id = openedBy(t);
    Request failed = awaitEnd(id);
    assertThat(armed).isFalse();
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.commitId()).isEmpty();
    // Changed by issue 16: the execution reads the values repository before it commits, so the
    // remote's loss is met there and told as the error that stopped the execution.
    assertThat(failed.outcome().orElseThrow())
        .startsWith("Stopped by an error: the values repository failed: git fetch failed")
        // a remote taken away while it is read may still show its directory, without main
        .containsAnyOf("there is no git repository at", "has no branch 'main'");
    // The last line is sent after the state is stored (through the outbox): wait for it.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(slack.threadLines(id).get(slack.threadLines(id).size() - 1))
                    .contains("Stopped by an error"));

    bringRemoteBack();
    assertThat(head()).isEqualTo(headBefore);
    assertThat(commitsOf(id)).isZero();

    String again = tag("git-push-again");
    signed().command("U0ALICE", "alice", "/deploy", "acme/payments qa image.tag=8.0.1", again);
    RequestId retry = openedBy(again);
    Request done = awaitEnd(retry);
    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    assertThat(commitsOf(retry)).isEqualTo(1);
    assertThat(commitsOf(id)).isZero();
    assertThat(commitsSince(headBefore)).isEqualTo(1);
  }

  @Test
  void remoteGoneBetweenApprovalAndExecutionFailsTheRequestAndAFreshRequestSucceeds()
      throws Exception {
    argoApp("acme/payments prod");
    String headBefore = head();
    String t = tag("git-approve");
    signed()
        .command(
            "U0ALICE",
            "alice",
            "/deploy",
            "acme/payments prod image.tag=8.0.2 reason=\"CHG-80\"",
            t);
    RequestId id = openedBy(t);
    awaitState(id, RequestState.PENDING_APPROVAL);

    takeRemoteAway();
    String click = tag("git-approve-click");
    signed().click("U0BOB", "bob", "helmgate-approve", id.toString(), click);

    assertThat(slack.answerTo(click)).contains("You approved " + id);
    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    // Changed by issue 16: told as the error that stopped the execution.
    assertThat(failed.outcome().orElseThrow())
        .startsWith("Stopped by an error: the values repository failed: git fetch failed")
        // a remote taken away while it is read may still show its directory, without main
        .containsAnyOf("there is no git repository at", "has no branch 'main'");

    bringRemoteBack();
    String again = tag("git-approve-again");
    signed()
        .command(
            "U0ALICE",
            "alice",
            "/deploy",
            "acme/payments prod image.tag=8.0.2 reason=\"CHG-80 again\"",
            again);
    RequestId retry = openedBy(again);
    awaitState(retry, RequestState.PENDING_APPROVAL);
    signed().click("U0BOB", "bob", "helmgate-approve", retry.toString(), tag("git-approve-2"));
    Request done = awaitEnd(retry);
    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    assertThat(commitsOf(id)).isZero();
    assertThat(commitsOf(retry)).isEqualTo(1);
    assertThat(commitsSince(headBefore)).isEqualTo(1);
  }
}
