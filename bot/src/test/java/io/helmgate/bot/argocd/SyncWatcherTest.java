package io.helmgate.bot.argocd;

import static io.helmgate.bot.argocd.ArgoCdTestSupport.APP;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeployerException.Kind;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SyncInfo;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watcher's rules, over a deployer that answers from a script. */
class SyncWatcherTest {

  private static final SyncTicket TICKET =
      new SyncTicket(new Target("acme", "payments", "prod"), APP, NOW);
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final RecordingListener listener = new RecordingListener();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private SyncWatcher watcher(Deployer deployer, Clock clock) {
    return new SyncWatcher(deployer, scheduler, clock, Duration.ofMillis(1), TEN_MINUTES);
  }

  private static Clock fixedClock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  private static SyncProgress.Running running(String phase, String health, String message) {
    return new SyncProgress.Running(phase, health, message);
  }

  @Test
  void reportsEachChangeOfPhaseOrHealthOnceThenTheOutcome() throws Exception {
    ScriptedDeployer deployer =
        new ScriptedDeployer(
            running("Pending", "Healthy", null),
            running("Pending", "Healthy", null),
            running("Running", "Healthy", "one or more tasks are running"),
            running("Running", "Healthy", "waiting for completion of hook batch/Job/migrate"),
            running("Succeeded", "Healthy", "waiting for ArgoCD to assess health after the sync"),
            running("Succeeded", "Progressing", "Waiting for rollout to finish"),
            new SyncProgress.Healthy("c0ffee1"));

    watcher(deployer, fixedClock()).watch(TICKET, listener);

    assertThat(listener.awaitEnd()).isEqualTo(new SyncProgress.Healthy("c0ffee1"));
    assertThat(listener.phases)
        .extracting(p -> p.phase() + "/" + p.health())
        .containsExactly(
            "Pending/Healthy", "Running/Healthy", "Succeeded/Healthy", "Succeeded/Progressing");
    assertThat(deployer.polls.get()).isEqualTo(7);
    assertThat(scheduler.getQueue()).as("no poll after the end").isEmpty();
  }

  @Test
  void transientPollErrorsArePolledAgain() throws Exception {
    DeployerException down = new DeployerException(Kind.UNAVAILABLE, "ArgoCD answered 503");
    SyncProgress.Failed failed = new SyncProgress.Failed("Failed", "Healthy", "hook failed");
    ScriptedDeployer deployer = new ScriptedDeployer(down, down, failed);

    watcher(deployer, fixedClock()).watch(TICKET, listener);

    assertThat(listener.awaitEnd()).isEqualTo(failed);
    assertThat(deployer.polls.get()).isEqualTo(3);
  }

  @Test
  void refusalEndsTheWatchWithThatError() throws Exception {
    DeployerException gone = new DeployerException(Kind.NOT_FOUND, "no ArgoCD application");
    ScriptedDeployer deployer = new ScriptedDeployer(gone, running("Running", "Healthy", null));

    watcher(deployer, fixedClock()).watch(TICKET, listener);

    assertThat(listener.awaitEnd()).isSameAs(gone);
    assertThat(deployer.polls.get()).isEqualTo(1);
    assertThat(listener.endings()).isEqualTo(1);
  }

  @Test
  void syncStillSettlingAtTheTimeoutFailsNamingTheLastPhase() throws Exception {
    ScriptedDeployer deployer =
        new ScriptedDeployer(running("Succeeded", "Progressing", "Waiting for rollout to finish"));
    Clock minutePerLook = new ArgoCdTestSupport.SteppingClock(NOW, Duration.ofMinutes(1));

    watcher(deployer, minutePerLook).watch(TICKET, listener);

    assertThat(listener.awaitEnd())
        .isEqualTo(
            new SyncProgress.Failed(
                "Succeeded",
                "Progressing",
                "timed out after 10m waiting for Healthy; last phase Succeeded, health Progressing:"
                    + " Waiting for rollout to finish"));
    assertThat(listener.phases).hasSize(1);
  }

  @Test
  void argoCdUnreachableUntilTheTimeoutIsAnErrorNotAFailedSync() throws Exception {
    ScriptedDeployer deployer =
        new ScriptedDeployer(new DeployerException(Kind.UNAVAILABLE, "cannot connect to ArgoCD"));
    Clock minutePerLook = new ArgoCdTestSupport.SteppingClock(NOW, Duration.ofMinutes(1));

    watcher(deployer, minutePerLook).watch(TICKET, listener);

    Object end = listener.awaitEnd();
    assertThat(end).isInstanceOf(DeployerException.class);
    DeployerException error = (DeployerException) end;
    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.getMessage())
        .isEqualTo(
            "timed out after 10m waiting for Healthy, and ArgoCD did not answer the last poll"
                + " (cannot connect to ArgoCD); the sync may still be running");
  }

  @Test
  void unexpectedFaultOfThePollEndsTheWatchWithAnError() throws Exception {
    ScriptedDeployer deployer = new ScriptedDeployer(new IllegalStateException("bug"));

    watcher(deployer, fixedClock()).watch(TICKET, listener);

    Object end = listener.awaitEnd();
    assertThat(end).isInstanceOf(DeployerException.class);
    assertThat(((DeployerException) end).getMessage()).contains(APP).contains("bug");
  }

  @Test
  void listenerThatThrowsOnAPhaseStillHearsTheOutcome() throws Exception {
    ScriptedDeployer deployer =
        new ScriptedDeployer(running("Running", "Healthy", null), new SyncProgress.Healthy("abc"));
    RecordingListener outcome = new RecordingListener();
    SyncListener clumsy =
        new SyncListener() {
          @Override
          public void onPhase(SyncTicket ticket, SyncProgress.Running progress) {
            throw new IllegalStateException("Slack is down");
          }

          @Override
          public void onDone(SyncTicket ticket, SyncProgress result) {
            outcome.onDone(ticket, result);
          }

          @Override
          public void onError(SyncTicket ticket, DeployerException error) {
            outcome.onError(ticket, error);
          }
        };

    watcher(deployer, fixedClock()).watch(TICKET, clumsy);

    assertThat(outcome.awaitEnd()).isEqualTo(new SyncProgress.Healthy("abc"));
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(SyncWatcher.human(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(SyncWatcher.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(SyncWatcher.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(SyncWatcher.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(SyncWatcher.human(Duration.ofMillis(500))).isEqualTo("500ms");
  }

  /** Answers polls from a script; the last entry repeats. */
  private static final class ScriptedDeployer implements Deployer {
    private final Deque<Object> script;
    final AtomicInteger polls = new AtomicInteger();

    ScriptedDeployer(Object... answers) {
      this.script = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public synchronized SyncProgress poll(SyncTicket ticket) {
      polls.incrementAndGet();
      Object next = script.size() > 1 ? script.poll() : script.peek();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (SyncProgress) next;
    }

    @Override
    public boolean isConfigured() {
      return true;
    }

    @Override
    public DeploymentStatus status(Target target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SyncTicket startSync(Target target, SyncInfo info) {
      throw new UnsupportedOperationException();
    }
  }
}
