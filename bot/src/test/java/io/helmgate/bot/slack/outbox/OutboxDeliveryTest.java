package io.helmgate.bot.slack.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slack.api.model.block.LayoutBlock;
import io.helmgate.bot.slack.render.Rendered;
import io.helmgate.bot.testsupport.Databases;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.MessageRef;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox against a Slack that answers with its real error shapes: every request's message ends
 * showing its last state, every thread has its last line, nothing is sent twice.
 */
class OutboxDeliveryTest {

  private static final String CHANNEL = "C0OPS";

  /** Fast enough for a test, still paced: one message per 20 ms per channel, bursts of 3. */
  private static final OutboxProperties FAST =
      new OutboxProperties(
          Duration.ofMillis(50),
          Duration.ofMillis(20),
          3,
          Duration.ofSeconds(30),
          Duration.ofMillis(50),
          Duration.ofSeconds(1),
          30);

  private final FakeSlack slack = new FakeSlack().start();
  private final RecordingDeliveries deliveries = new RecordingDeliveries();
  private final List<OutboxSender> senders = new ArrayList<>();
  private DataSource database;
  private JdbcTemplate jdbc;

  @BeforeEach
  void database() {
    database = newDatabase();
    jdbc = new JdbcTemplate(database);
  }

  /** A new, migrated database; H2 here, PostgreSQL in {@link PostgresOutboxDeliveryTest}. */
  DataSource newDatabase() {
    return Databases.h2();
  }

  @AfterEach
  void stop() {
    senders.forEach(OutboxSender::stop);
    slack.stop();
  }

  private Outbox outbox() {
    return new Outbox(jdbc, Clock.systemUTC());
  }

  private OutboxSender sender(String owner, Outbox outbox) {
    OutboxSender sender =
        new OutboxSender(jdbc, slack.client(), Clock.systemUTC(), FAST, deliveries, owner);
    senders.add(sender);
    return outbox == null ? sender : sender.sendingFor(outbox);
  }

  private static Rendered text(String text) {
    return new Rendered(text, List.<LayoutBlock>of());
  }

  /** A request's life as the domain tells it: posted, approved, executing, then its outcome. */
  private static void life(Outbox outbox, RequestId id) {
    outbox.postRequest(id, CHANNEL, text(id + " waiting for approval"), "U0ALICE", List.of());
    outbox.updateRequest(id, Optional.empty(), text(id + " approved"));
    outbox.thread(id, Optional.empty(), text(id + " line: approved by Bob"), false);
    outbox.updateRequest(id, Optional.empty(), text(id + " executing"));
    outbox.thread(id, Optional.empty(), text(id + " line: committed"), false);
    outbox.updateRequest(id, Optional.empty(), text(id + " succeeded"));
    outbox.thread(id, Optional.empty(), text(id + " line: <@U0ALICE> healthy"), false);
  }

  private void awaitDelivered(OutboxSender sender) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> sender.undelivered() == 0);
  }

  private void assertConverged(List<RequestId> ids) {
    for (RequestId id : ids) {
      String ts = slack.messageTs(id + " waiting").orElseThrow();
      assertThat(slack.messages.get(ts)).as("message of %s", id).isEqualTo(id + " succeeded");
      List<String> thread = slack.threads.get(ts);
      assertThat(thread)
          .as("thread of %s", id)
          .containsExactly(
              id + " line: approved by Bob",
              id + " line: committed",
              id + " line: <@U0ALICE> healthy");
      assertThat(deliveries.posted.get(id)).isEqualTo(new MessageRef(CHANNEL, ts));
    }
    assertThat(
            slack.calls("chat.postMessage").stream()
                .filter(c -> c.status() == 200 && !c.params().containsKey("thread_ts")))
        .as("one request message per request")
        .hasSize(ids.size());
  }

  @Test
  void aStormOf429sOverTwentyRequestsInOneChannelEndsWithEveryMessageAndThreadComplete() {
    // Slack limits one channel: a run of 429s with Retry-After: 1 in the middle of the window.
    slack.faults =
        (n, method) ->
            method.startsWith("chat.") && n % 9 == 4 && n < 120
                ? FakeSlack.tooManyRequests(1)
                : null;
    Outbox outbox = outbox();
    OutboxSender sender = sender("replica-a", outbox);
    sender.start();
    List<RequestId> ids = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      RequestId id = new RequestId(i);
      ids.add(id);
      life(outbox, id);
    }

    awaitDelivered(sender);

    assertConverged(ids);
    // Retry-After was honoured: after a 429, that method waited a second before its next call.
    List<FakeSlack.Call> all = new ArrayList<>(slack.received);
    assertThat(all).anyMatch(c -> c.status() == 429);
    for (int i = 0; i < all.size(); i++) {
      FakeSlack.Call limited = all.get(i);
      if (limited.status() != 429) {
        continue;
      }
      all.stream()
          .skip(i + 1L)
          .filter(c -> c.method().equals(limited.method()))
          .findFirst()
          .ifPresent(
              next ->
                  assertThat(Duration.between(limited.at(), next.at()))
                      .as("wait after the 429 on %s", limited.method())
                      .isGreaterThanOrEqualTo(Duration.ofMillis(900)));
    }
  }

  @Test
  void updatesNotYetSentCoalesceSoOnlyTheLatestStateIsSent() {
    Outbox outbox = outbox(); // nobody delivers yet: Slack is away
    RequestId id = new RequestId(7);
    life(outbox, id);

    OutboxSender sender = sender("replica-a", null);
    sender.start();
    awaitDelivered(sender);

    assertConverged(List.of(id));
    assertThat(slack.calls("chat.update"))
        .singleElement()
        .satisfies(c -> assertThat(c.params().get("text")).isEqualTo(id + " succeeded"));
  }

  @Test
  void okFalseOnChatUpdateIsRetriedUntilTheMessageShowsTheFinalState() {
    List<Integer> refused = new CopyOnWriteArrayList<>();
    slack.faults =
        (n, method) -> {
          if (method.equals("chat.update") && refused.size() < 3) {
            refused.add(n);
            return FakeSlack.okFalse("internal_error");
          }
          return null;
        };
    Outbox outbox = outbox();
    OutboxSender sender = sender("replica-a", outbox);
    sender.start();
    RequestId id = new RequestId(3);

    life(outbox, id);
    awaitDelivered(sender);

    assertThat(refused).hasSize(3);
    assertConverged(List.of(id));
  }

  @Test
  void aTimeoutIsRetriedAndTheMessageArrives() {
    List<Integer> slow = new CopyOnWriteArrayList<>();
    slack.faults =
        (n, method) -> {
          if (method.equals("chat.update") && slow.isEmpty()) {
            slow.add(n);
            return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(200)
                .withFixedDelay(3000) // longer than the client's 2 s read timeout
                .withBody("{\"ok\":true}")
                .build();
          }
          return null;
        };
    Outbox outbox = outbox();
    OutboxSender sender = sender("replica-a", outbox);
    sender.start();
    RequestId id = new RequestId(4);

    life(outbox, id);
    awaitDelivered(sender);

    assertThat(slow).hasSize(1);
    assertConverged(List.of(id));
  }

  @Test
  void channelNotFoundEndsTheRequestMessageAndReportsItOnceWithoutRetrying() {
    slack.refusedChannels.add("C0PRIV");
    Outbox outbox = outbox();
    OutboxSender sender = sender("replica-a", outbox);
    RequestId id = new RequestId(5);

    outbox.postRequest(id, "C0PRIV", text(id + " waiting"), "U0ALICE", List.of(text("diff")));
    outbox.updateRequest(id, Optional.empty(), text(id + " cancelled"));
    awaitDelivered(sender);

    assertThat(deliveries.refused).containsExactly(id + " C0PRIV U0ALICE channel_not_found");
    assertThat(deliveries.posted).isEmpty();
    assertThat(slack.calls("chat.postMessage")).hasSize(1);
    assertThat(slack.calls("chat.update")).isEmpty();
    assertThat(
            jdbc.queryForList(
                "SELECT state FROM slack_outbox WHERE stream = ? ORDER BY id",
                String.class,
                id.toString()))
        .containsOnly("FAILED");
  }

  @Test
  void aMessageTooLongIsSentShortened() {
    List<Integer> refused = new CopyOnWriteArrayList<>();
    slack.faults =
        (n, method) -> {
          if (method.equals("chat.postMessage") && refused.isEmpty()) {
            refused.add(n);
            return FakeSlack.okFalse("msg_too_long");
          }
          return null;
        };
    Outbox outbox = outbox();
    OutboxSender sender = sender("replica-a", outbox);

    outbox.directMessage("U0ALICE", text("x".repeat(50_000)));
    awaitDelivered(sender);

    assertThat(slack.calls("chat.postMessage")).as("calls").hasSize(2);
    assertThat(slack.calls("chat.postMessage").get(1).params().get("text").length())
        .isLessThan(3200);
    assertThat(slack.calls("chat.postMessage").get(1).params().get("text"))
        .endsWith(OutboxSender.SHORTENED);
  }

  @Test
  void aNewSenderAfterARestartDeliversWhatWasLeftOnceEach() {
    // Before the restart: rows written, one claimed by a replica that died mid-call (its lease
    // ran out), one request message Slack had whose posting the domain never heard of.
    Outbox before = outbox();
    RequestId left = new RequestId(11);
    RequestId told = new RequestId(12);
    life(before, left);
    life(before, told);
    jdbc.update(
        "UPDATE slack_outbox SET claimed_by = 'dead', lease_until = ? WHERE stream = ? AND kind ="
            + " 'REQUEST_POST'",
        OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1),
        left.toString());
    jdbc.update(
        "UPDATE slack_outbox SET state = 'POSTED', result_channel = ?, result_ts = ? WHERE stream"
            + " = ? AND kind = 'REQUEST_POST'",
        CHANNEL,
        "1600000000.000001",
        told.toString());

    OutboxSender after = sender("replica-b", outbox());
    after.start();
    awaitDelivered(after);

    assertConverged(List.of(left));
    // Slack already had told's message: it is not posted again, the domain is told, and its
    // updates and thread go to it.
    assertThat(deliveries.posted.get(told)).isEqualTo(new MessageRef(CHANNEL, "1600000000.000001"));
    assertThat(slack.messageTs(told + " waiting")).isEmpty();
    assertThat(slack.messages.get("1600000000.000001")).isEqualTo(told + " succeeded");
    assertThat(slack.threads.get("1600000000.000001")).hasSize(3);
  }

  @Test
  void twoReplicasNeverSendTheSameRowTwice() throws Exception {
    Outbox outbox = outbox();
    List<RequestId> ids = new ArrayList<>();
    for (int i = 21; i <= 30; i++) {
      ids.add(new RequestId(i));
      life(outbox, new RequestId(i));
    }
    OutboxSender a = sender("replica-a", null);
    OutboxSender b = sender("replica-b", null);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> runs = new ArrayList<>();
    for (OutboxSender s : List.of(a, b)) {
      runs.add(
          pool.submit(
              () -> {
                go.await();
                while (s.undelivered() > 0) {
                  s.deliverDue();
                  Thread.sleep(10);
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> run : runs) {
      run.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertConverged(ids);
    assertThat(deliveries.postedCount).isEqualTo(ids.size());
  }

  @Test
  void rowsWrittenInTheCallersTransactionAreSentOnlyOnceItCommits() {
    Outbox outbox = outbox();
    sender("replica-a", outbox);
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(database));

    tx.executeWithoutResult(
        status -> {
          outbox.directMessage("U0ALICE", text("rolled back"));
          status.setRollbackOnly();
        });
    tx.executeWithoutResult(
        status -> {
          outbox.directMessage("U0ALICE", text("committed"));
          assertThat(slack.calls("chat.postMessage")).as("nothing before the commit").isEmpty();
        });

    assertThat(slack.calls("chat.postMessage"))
        .singleElement()
        .satisfies(c -> assertThat(c.params().get("text")).isEqualTo("committed"));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM slack_outbox", Integer.class)).isOne();
  }

  /** Records what the sender reports about request messages. */
  static final class RecordingDeliveries implements Deliveries {
    final Map<RequestId, MessageRef> posted = new ConcurrentHashMap<>();
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    volatile int postedCount;

    @Override
    public synchronized void posted(RequestId id, MessageRef where) {
      posted.put(id, where);
      postedCount++;
    }

    @Override
    public void refused(RequestId id, String channel, String requester, String error) {
      refused.add(id + " " + channel + " " + requester + " " + error);
    }
  }
}
