package io.helmgate.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.domain.RequestId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * What the {@code Scheduler} port promises, with real Quartz on a real database and short real
 * delays. Tests wait for outcomes, never for a time.
 */
abstract class SchedulerContract {

  static final RequestId R1 = new RequestId(1);
  static final RequestId R2 = new RequestId(2);
  static final RequestId R3 = new RequestId(3);
  static final Duration PATIENCE = Duration.ofSeconds(30);

  DataSource database;
  String cluster;
  private final List<QuartzNode> nodes = new ArrayList<>();

  /** A fresh, migrated database. */
  abstract DataSource newDatabase();

  @BeforeEach
  void freshDatabase() {
    database = newDatabase();
    cluster = QuartzNode.newCluster();
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(QuartzNode::close);
  }

  QuartzNode start(String instanceId, ScheduledWork work, String... properties) {
    QuartzNode node = QuartzNode.start(database, cluster, instanceId, work, properties);
    nodes.add(node);
    return node;
  }

  static Instant inSeconds(long seconds) {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(seconds);
  }

  @Test
  void runIsPrecededByItsRemindersAndGetsTheTimeItWasScheduledFor() throws Exception {
    RecordingWork work = RecordingWork.recording();
    QuartzNode node = start("node-a", work, "helmgate.schedule.reminders=4s,2s");
    Instant at = inSeconds(6);

    node.scheduler().schedule(R1, at);

    assertThat(node.scheduler().pending()).containsExactly(R1);
    await().atMost(PATIENCE).until(() -> !work.runsOf(R1).isEmpty());
    assertThat(work.callsFor(R1))
        .containsExactly(
            new RecordingWork.Call(R1, null, Duration.ofSeconds(4)),
            new RecordingWork.Call(R1, null, Duration.ofSeconds(2)),
            new RecordingWork.Call(R1, at, null));
    assertThat(node.scheduler().pending()).isEmpty();
    await().atMost(PATIENCE).until(() -> !node.quartz().checkExists(QuartzScheduler.jobKey(R1)));
  }

  @Test
  void aResumeRunsTheRequestsStepOnceAtItsTime() {
    RecordingWork work = RecordingWork.recording();
    QuartzNode node = start("node-a", work);

    node.scheduler().resume(R1, inSeconds(1));

    await().atMost(PATIENCE).until(() -> work.resumed.size() == 1);
    assertThat(work.resumed).containsExactly(R1);
    assertThat(work.calls()).as("neither a run nor a reminder").isEmpty();
  }

  /**
   * The pipeline schedules a step's next run from inside the run that is still going: when that run
   * completes, Quartz removes its fired trigger by name, which must not take the new one.
   */
  @Test
  void aResumeScheduledFromInsideARunningResumeStillRuns() {
    List<RequestId> resumed = new java.util.concurrent.CopyOnWriteArrayList<>();
    QuartzNode[] node = new QuartzNode[1];
    ScheduledWork chaining =
        new ScheduledWork() {
          @Override
          public void fire(RequestId id, Instant scheduledFor) {}

          @Override
          public void remind(RequestId id, Duration before) {}

          @Override
          public void resume(RequestId id) {
            resumed.add(id);
            if (resumed.size() < 3) {
              node[0].scheduler().resume(id, Instant.now().plusMillis(300));
            }
          }
        };
    node[0] = start("node-a", chaining);

    node[0].scheduler().resume(R1, inSeconds(1));

    await().atMost(PATIENCE).until(() -> resumed.size() == 3);
    assertThat(resumed).containsOnly(R1);
  }

  @Test
  void cancellingARequestRemovesItsResume() throws Exception {
    RecordingWork work = RecordingWork.recording();
    QuartzNode node = start("node-a", work);

    node.scheduler().resume(R1, inSeconds(2));
    node.scheduler().cancel(R1);
    node.scheduler().resume(R2, inSeconds(3));

    await().atMost(PATIENCE).until(() -> work.resumed.contains(R2));
    assertThat(work.resumed).containsExactly(R2);
  }

  @Test
  void cancelledRequestIsNeitherRemindedNorRun() {
    RecordingWork work = RecordingWork.recording();
    QuartzNode node = start("node-a", work, "helmgate.schedule.reminders=1s");
    node.scheduler().schedule(R1, inSeconds(3));
    node.scheduler().schedule(R2, inSeconds(5));

    node.scheduler().cancel(R1);

    assertThat(node.scheduler().pending()).containsExactly(R2);
    // R2 runs after R1 would have: once it has, R1 has had every chance.
    await().atMost(PATIENCE).until(() -> !work.runsOf(R2).isEmpty());
    assertThat(work.callsFor(R1)).isEmpty();
  }

  @Test
  void cancellingARequestThatIsNotScheduledIsHarmless() {
    QuartzNode node = start("node-a", RecordingWork.recording());

    node.scheduler().cancel(R3);

    assertThat(node.scheduler().pending()).isEmpty();
  }

  @Test
  void rescheduledRequestRunsOnceAtItsNewTimeWithOnlyItsNewReminders() {
    RecordingWork work = RecordingWork.recording();
    QuartzNode node = start("node-a", work, "helmgate.schedule.reminders=2s");
    Instant first = inSeconds(3);
    Instant second = inSeconds(6);
    node.scheduler().schedule(R1, first);

    node.scheduler().schedule(R1, second);

    await().atMost(PATIENCE).until(() -> !work.runsOf(R1).isEmpty());
    assertThat(work.runsOf(R1)).containsExactly(second);
    assertThat(work.remindersOf(R1)).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void pendingListsRequestsStillToRunSoonestFirst() {
    QuartzNode node = start("node-a", RecordingWork.recording());
    node.scheduler().schedule(R3, inSeconds(3600));
    node.scheduler().schedule(R1, inSeconds(7200));
    node.scheduler().schedule(R2, inSeconds(1800));

    assertThat(node.scheduler().pending()).containsExactly(R2, R3, R1);

    node.scheduler().cancel(R3);
    assertThat(node.scheduler().pending()).containsExactly(R2, R1);
  }

  @Test
  void scheduleIsARecoverableJobWithItsDataAsTextAFireNowRunAndOnlyFutureReminders()
      throws Exception {
    QuartzNode node = start("node-a", RecordingWork.recording());
    Instant at = inSeconds(30 * 60);

    node.scheduler().schedule(R1, at);

    JobDetail job = node.quartz().getJobDetail(QuartzScheduler.jobKey(R1));
    assertThat(job.getKey().getName()).isEqualTo("request-R-1");
    assertThat(job.isDurable()).isTrue();
    assertThat(job.requestsRecovery()).isTrue();
    assertThat(job.isConcurrentExecutionDisallowed()).isTrue();
    assertThat(job.getJobDataMap().getWrappedMap())
        .containsEntry(RequestJob.REQUEST_ID, "R-1")
        .containsEntry(RequestJob.SCHEDULED_FOR, at.toString());
    List<? extends Trigger> triggers = node.quartz().getTriggersOfJob(job.getKey());
    // The default reminders are 60 and 15 minutes: only the 15-minute one is still to come.
    assertThat(triggers)
        .extracting(t -> t.getKey().getGroup())
        .containsExactlyInAnyOrder(QuartzScheduler.FIRE_GROUP, QuartzScheduler.REMINDER_GROUP);
    Trigger run =
        node.quartz().getTrigger(new TriggerKey("request-R-1", QuartzScheduler.FIRE_GROUP));
    assertThat(run.getStartTime().toInstant()).isEqualTo(at);
    assertThat(run.getMisfireInstruction()).isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW);
    Trigger reminder =
        node.quartz()
            .getTrigger(new TriggerKey("request-R-1-PT15M", QuartzScheduler.REMINDER_GROUP));
    assertThat(reminder.getStartTime().toInstant()).isEqualTo(at.minus(Duration.ofMinutes(15)));
    assertThat(reminder.getJobDataMap().getString(RequestJob.BEFORE)).isEqualTo("PT15M");
  }

  @Test
  void scheduleSurvivesARestart() {
    RecordingWork before = RecordingWork.recording();
    QuartzNode first = start("node-a", before);
    Instant at = inSeconds(4);
    first.scheduler().schedule(R1, at);
    first.close();

    RecordingWork after = RecordingWork.recording();
    QuartzNode second = start("node-b", after);

    await().atMost(PATIENCE).until(() -> !after.runsOf(R1).isEmpty());
    assertThat(after.runsOf(R1)).containsExactly(at);
    assertThat(before.calls()).isEmpty();
    assertThat(second.scheduler().pending()).isEmpty();
  }

  @Test
  void runDueWhileNothingWasUpFiresOnStartWithItsOriginalTimeAndTheMissedReminderIsDropped() {
    QuartzNode first = start("node-a", RecordingWork.recording(), "helmgate.schedule.reminders=1s");
    Instant at = inSeconds(3);
    first.scheduler().schedule(R1, at);
    first.close();
    // Down past the run's time by more than the misfire threshold: a misfire, not a late tick.
    Instant misfired = at.plusMillis(QuartzNode.MISFIRE_MILLIS).plusSeconds(1);
    await().atMost(PATIENCE).until(() -> Instant.now().isAfter(misfired));

    RecordingWork work = RecordingWork.recording();
    start("node-b", work, "helmgate.schedule.reminders=1s");

    await().atMost(PATIENCE).until(() -> !work.runsOf(R1).isEmpty());
    assertThat(work.runsOf(R1)).containsExactly(at);
    assertThat(work.remindersOf(R1)).isEmpty();
  }
}
