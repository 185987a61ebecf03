package io.helmgate.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.bot.testsupport.Databases;
import io.helmgate.domain.RequestId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several replicas on one real PostgreSQL: Quartz's clustered job store runs each scheduled request
 * once, and another replica takes over what a dead one was running.
 */
class ClusteredSchedulerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(45);

  private DataSource database;
  private String cluster;
  private final List<QuartzNode> nodes = new ArrayList<>();
  private final List<RecordingWork> works = new ArrayList<>();

  @BeforeEach
  void freshDatabase() {
    database = Databases.postgres();
    cluster = QuartzNode.newCluster();
  }

  @AfterEach
  void stopNodes() {
    works.forEach(RecordingWork::release);
    nodes.forEach(QuartzNode::close);
  }

  private QuartzNode start(String instanceId, RecordingWork work) {
    works.add(work);
    QuartzNode node = QuartzNode.start(database, cluster, instanceId, work);
    nodes.add(node);
    return node;
  }

  @Test
  void twoReplicasRunEachOfTwentyRequestsExactlyOnce() {
    RecordingWork workA = RecordingWork.recording();
    RecordingWork workB = RecordingWork.recording();
    QuartzNode a = start("node-a", workA);
    QuartzNode b = start("node-b", workB);
    Instant at = SchedulerContract.inSeconds(4);
    List<RequestId> ids = LongStream.rangeClosed(1, 20).mapToObj(RequestId::new).toList();

    // Due at the same moment, and scheduled through both so that both are awake for them.
    for (RequestId id : ids) {
      (id.number() % 2 == 0 ? a : b).scheduler().schedule(id, at);
    }

    await().atMost(PATIENCE).until(() -> workA.runs().size() + workB.runs().size() >= 20);
    // A duplicate would come moments after the first run; give it every chance to show.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> workA.runs().size() + workB.runs().size() == 20);
    List<RecordingWork.Call> runs = new ArrayList<>(workA.runs());
    runs.addAll(workB.runs());
    Map<RequestId, Long> runsPerRequest =
        runs.stream().collect(Collectors.groupingBy(RecordingWork.Call::id, Collectors.counting()));
    assertThat(runsPerRequest)
        .containsOnlyKeys(ids)
        .allSatisfy((id, count) -> assertThat(count).as("runs of %s", id).isEqualTo(1L));
    assertThat(runs).extracting(RecordingWork.Call::scheduledFor).containsOnly(at);
    assertThat(a.scheduler().pending()).isEmpty();
  }

  @Test
  void runHeldByAReplicaThatDiesIsRecoveredByAnotherWithItsOriginalTime() throws Exception {
    RecordingWork dying = RecordingWork.holdingEachRun();
    QuartzNode a = start("node-a", dying);
    Instant at = SchedulerContract.inSeconds(1);
    RequestId id = new RequestId(42);
    a.scheduler().schedule(id, at);
    await().atMost(PATIENCE).until(() -> !dying.runsOf(id).isEmpty());
    RecordingWork survivor = RecordingWork.recording();
    start("node-b", survivor);

    a.crash();

    // node-b notices node-a's missing check-ins and runs the request again.
    await().atMost(PATIENCE).until(() -> !survivor.runsOf(id).isEmpty());
    assertThat(survivor.runsOf(id)).containsExactly(at);
    assertThat(dying.runsOf(id)).containsExactly(at);
  }
}
