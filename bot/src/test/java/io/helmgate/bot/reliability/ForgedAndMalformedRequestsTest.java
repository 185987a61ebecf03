package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.bot.reliability.HostileRequests.Hostile;
import io.helmgate.bot.reliability.HostileRequests.Original;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A barrage of generated hostile requests against {@code /slack/events}. Nothing that is not
 * validly signed gets anything but a refusal; nothing validly signed but malformed gets a 5xx; and
 * none of them changes anything: no message, no answer, no commit, no request, no audit entry.
 *
 * <p>What counts as a refusal: 401 for every request whose signature, timestamp or freshness is
 * wrong (Bolt's check, then the replay guard), 413 for any body over a megabyte, or 400 where the
 * body or headers cannot even be read (Tomcat refuses an 8 kB signature header, and may close the
 * connection before the client reads its 400; a payload that is not JSON is refused before its
 * signature is looked at); and for a validly signed request, a 4xx: 400 for a body Helmgate cannot
 * read, 401 for one that names no team, 404 for a command or action id without a listener, 413 for
 * a body over a megabyte, 415 for a content type Slack never sends. A validly signed click whose
 * value is not a request id is acknowledged (200) and dropped, as Slack expects an acknowledgement
 * for every click.
 *
 * <p>What a refusal may record: nothing. The audit trail records decisions about requests and
 * commands, and these never reach the domain; refusals are logged (at INFO) by Bolt and by the
 * servlet, not audited, so that a flood of forgeries cannot grow the trail.
 */
class ForgedAndMalformedRequestsTest extends ReliabilityApp {

  /** Change to explore; a failure message names the seed so that a run can be repeated. */
  static final long SEED = 0x5EED_2026_1212L;

  static final int COUNT = 1_200;

  @Test
  void everyForgedReplayedStaleOrMalformedRequestIsRefusedAndChangesNothing() throws Exception {
    SignedSlack slackClient = signed();
    String opened = tag("hostile-setup");
    slackClient.command(
        "U0ALICE",
        "alice",
        "/deploy",
        "globex/portal prod image.tag=9.0.1 reason=\"CHG-7\"",
        opened);
    RequestId pending = openedBy(opened);
    awaitState(pending, RequestState.PENDING_APPROVAL);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> requests.find(pending).orElseThrow().message().isPresent());

    List<Original> originals = new ArrayList<>();
    List<String> originalTags = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String t = tag("original");
      String body = slackClient.commandBody("U0DAVE", "dave", "/deploy", "help", t);
      long ts = Instant.now().getEpochSecond() - i;
      String signature = slackClient.signature(body, ts);
      assertThat(slackClient.sendSigned(body, ts, signature).statusCode()).isEqualTo(200);
      originals.add(new Original(body.getBytes(StandardCharsets.UTF_8), ts, signature));
      originalTags.add(t);
    }
    originalTags.forEach(slack::answerTo);

    Snapshot before = snapshot();
    java.util.Set<String> answeredBefore = answeredTags();
    List<Hostile> hostile =
        new HostileRequests(SEED, slackClient, SECRET, pending.toString(), originals)
            .generate(COUNT);

    Map<String, Map<Integer, Integer>> statuses = new ConcurrentHashMap<>();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (Hostile h : hostile) {
        sent.add(
            clients.submit(
                () -> {
                  int status;
                  try {
                    HttpResponse<String> response =
                        slackClient.post(h.body(), h.contentType(), h.headers());
                    status = response.statusCode();
                  } catch (java.io.IOException e) {
                    status = DROPPED;
                  }
                  statuses
                      .computeIfAbsent(h.kind(), k -> new ConcurrentHashMap<>())
                      .merge(status, 1, Integer::sum);
                  if (!acceptable(h, status)) {
                    wrong.add(status + " for " + h.describe());
                  }
                  return null;
                }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
    System.out.println("hostile requests by kind and status: " + new TreeMap<>(statuses));

    assertThat(hostile).hasSizeGreaterThanOrEqualTo(1_000);
    assertThat(wrong).as("answers that are not refusals (seed %s)", SEED).isEmpty();

    // Let anything a request might have started finish, then compare: listeners answer on the
    // work pool, so once it is idle after the sentinel's answer, nothing is still under way.
    String sentinel = tag("sentinel");
    slackClient.command("U0DAVE", "dave", "/deploy", "help", sentinel);
    slack.answerTo(sentinel);
    awaitWorkDone();
    Snapshot after = snapshot();
    assertThat(after.withoutAnswers()).isEqualTo(before.withoutAnswers());
    List<String> unexpectedAnswers =
        answeredTags().stream()
            .filter(t -> !answeredBefore.contains(t) && !t.equals(sentinel))
            .toList();
    assertThat(unexpectedAnswers).as("answers sent to hostile response_urls").isEmpty();
    Request stillPending = requests.find(pending).orElseThrow();
    assertThat(stillPending.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(stillPending.approvals()).isEmpty();
  }

  /** The connection closed without an answer. */
  static final int DROPPED = -1;

  /**
   * Tomcat's limit on a request's headers ({@code server.max-http-request-header-size}). Tomcat
   * answers a request over it with 400 and closes the connection at once, with the body still
   * unread; the client may see the reset before the answer.
   */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  /** Refused, or for a validly signed request, at least no server error. */
  static boolean acceptable(Hostile h, int status) {
    if (status == DROPPED) {
      return headerBytes(h) > MAX_HEADER_BYTES;
    }
    if (h.kind().equals("unsigned ssl_check")) {
      return status == 200;
    }
    if (!h.validlySigned()) {
      // 401 from the signature check; 400 where Tomcat or the body parser refuses first; 413
      // for a body too large to read at all
      return status == 401 || status == 400 || status == 413;
    }
    return status >= 400 && status < 500
        || status == 200 && h.kind().equals("unreadable request id");
  }

  static int headerBytes(Hostile h) {
    return h.headers().entrySet().stream()
        .mapToInt(e -> e.getKey().length() + e.getValue().length() + 4)
        .sum();
  }

  record Snapshot(
      int requests, int audit, String head, int posts, int updates, int views, int answers) {
    Snapshot withoutAnswers() {
      return new Snapshot(requests, audit, head, posts, updates, views, 0);
    }
  }

  java.util.Set<String> answeredTags() {
    return slack.answers().stream()
        .map(r -> r.getUrl().substring("/respond/".length()))
        .collect(java.util.stream.Collectors.toSet());
  }

  Snapshot snapshot() {
    return new Snapshot(
        requestRows(),
        auditRows(),
        head(),
        slack.calls("chat.postMessage").size(),
        slack.calls("chat.update").size(),
        slack.calls("views.open").size(),
        slack.answers().size());
  }
}
