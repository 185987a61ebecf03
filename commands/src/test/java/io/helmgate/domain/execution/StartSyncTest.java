package io.helmgate.domain.execution;

import static io.helmgate.domain.execution.StepDriver.LATER_SHA;
import static io.helmgate.domain.execution.StepDriver.NEW_SHA;
import static io.helmgate.domain.execution.StepDriver.OLD_SHA;
import static io.helmgate.domain.execution.StepDriver.PROD;
import static io.helmgate.domain.execution.StepDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.request.RequestKind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartSyncTest {

  final MovingClock clock = new MovingClock(T0);
  final FakeArgoCd argo = new FakeArgoCd(clock);
  ArgoSettings settings = ArgoSettings.defaults();
  final ArgoPreflight preflight = new ArgoPreflight(argo, env -> settings, "main");
  final StartSync step = new StartSync(argo, env -> settings, (descendant, commit) -> false);

  /** A deploy that passed the pre-flight and pushed NEW_SHA. */
  StepDriver committed() {
    StepDriver run = new StepDriver(clock, StepDriver.deploy());
    assertThat(run.once(preflight)).isInstanceOf(StepResult.Succeeded.class);
    argo.app(PROD).push(NEW_SHA);
    return run.committed(NEW_SHA);
  }

  @Test
  void manualAppThenOneSyncMarkedWithTheRequestNamingTheCommit() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run = committed();

    assertThat(run.once(step)).isInstanceOf(StepResult.Succeeded.class);

    assertThat(argo.syncRequests())
        .containsExactly(
            new SyncOrder(new RequestId(42), StepDriver.ALICE, Optional.of(NEW_SHA), false));
    assertThat(run.output(ArgoOutputs.MARKER)).contains("R-42");
    assertThat(run.output(ArgoOutputs.REVISION_SENT)).contains(NEW_SHA);
    assertThat(run.output(ArgoOutputs.REQUESTED_AT)).contains(T0.toString());
    assertThat(run.output(ArgoOutputs.MODE)).contains(ArgoOutputs.MODE_OURS);
  }

  @Test
  void autoSyncedAppThenSyncNamesNoRevisionAndPrunesAsTheAppDoes() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(true);
    StepDriver run = committed();

    run.once(step);

    assertThat(argo.syncRequests())
        .singleElement()
        .satisfies(
            order -> {
              assertThat(order.revision()).isEmpty();
              assertThat(order.prune()).isTrue();
            });
    assertThat(run.output(ArgoOutputs.REVISION_SENT)).contains(ArgoOutputs.NONE);
  }

  @Test
  void syncOnlyRequestThenNoRevisionSent() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run = new StepDriver(clock, StepDriver.request(RequestKind.SYNC, Optional.empty()));
    run.once(preflight);

    run.once(step);

    assertThat(argo.syncRequests())
        .singleElement()
        .satisfies(o -> assertThat(o.revision()).isEmpty());
  }

  @Test
  void autoSyncOfOurCommitStartedBeforeOurRequestThenAdoptedWithoutASecondSync() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).autoSyncsAfterPush(Duration.ZERO);
    argo.controllerClockOffset(Duration.ofSeconds(-10));
    StepDriver run = committed();

    StepResult result = run.once(step);

    assertThat(result).isInstanceOf(StepResult.Succeeded.class);
    assertThat(argo.syncRequests()).isEmpty();
    assertThat(run.output(ArgoOutputs.MODE)).contains(ArgoOutputs.MODE_ADOPTED);
    // The controller's own start time, 10 s behind ours: an identity, never compared with ours.
    assertThat(run.output(ArgoOutputs.ADOPTED_STARTED_AT)).contains(T0.minusSeconds(10).toString());
  }

  @Test
  void autoSyncOfAnotherRevisionRunningThenWaitsAndSyncsWhenItEnds() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).autoSyncsAfterPush(Duration.ZERO);
    argo.operationsRunFor(Duration.ofSeconds(30));
    StepDriver run = new StepDriver(clock, StepDriver.deploy());
    run.once(preflight);
    argo.app(PROD).push(LATER_SHA); // someone else's commit is being synced
    run.committed(NEW_SHA);

    StepResult first = run.once(step);

    assertThat(first).isInstanceOf(StepResult.Running.class);
    assertThat(run.lines)
        .singleElement()
        .asString()
        .contains("busy with an automated sync of fed9876");
    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(argo.syncRequests()).hasSize(1);
    assertThat(run.output(ArgoOutputs.MODE)).contains(ArgoOutputs.MODE_OURS);
  }

  @Test
  void anotherOperationBusyPastBusyTimeoutThenFailsSayingTheCommitLanded() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).autoSyncsAfterPush(Duration.ZERO);
    argo.operationsRunFor(Duration.ofHours(1));
    StepDriver run = new StepDriver(clock, StepDriver.deploy());
    run.once(preflight);
    argo.app(PROD).push(LATER_SHA);
    run.committed(NEW_SHA);

    StepResult result = run.untilDone(step);

    assertThat(((StepResult.Failed) result).reason())
        .contains("commit abc1234 landed")
        .contains("busy with an automated sync of fed9876")
        .contains("5 minutes")
        .contains("/deploy acme/payments prod");
    assertThat(argo.syncRequests()).isEmpty();
  }

  @Test
  void lostAnswerThenTheNextRunFindsOurOperationAndNeverAsksTwice() {
    argo.app(PROD).deployed(OLD_SHA);
    argo.loseNextSyncAnswer();
    StepDriver run = committed();

    StepResult first = run.once(step);
    assertThat(first).isInstanceOf(StepResult.Errored.class);
    assertThat(((StepResult.Errored) first).retryable()).isTrue();

    clock.advance(Duration.ofSeconds(10)); // ours started and ended meanwhile
    StartSync afterRestart = new StartSync(argo, env -> settings, (d, c) -> false);
    assertThat(run.once(afterRestart)).isInstanceOf(StepResult.Succeeded.class);

    assertThat(argo.syncRequests()).hasSize(1);
    assertThat(run.output(ArgoOutputs.MODE)).contains(ArgoOutputs.MODE_OURS);
    assertThat(run.output(ArgoOutputs.REQUESTED_AT)).contains(T0.toString());
  }

  @Test
  void repoServerOutageThenErroredRetryableAndOneSyncOnceItIsBack() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run = committed();
    argo.repoServerDownUntil(T0.plus(Duration.ofSeconds(25)));

    StepResult result = run.untilDone(step);

    assertThat(result).isInstanceOf(StepResult.Succeeded.class);
    assertThat(run.results)
        .filteredOn(r -> r instanceof StepResult.Errored e && e.retryable())
        .hasSize(3);
    assertThat(argo.syncRequests()).hasSize(1);
  }

  @Test
  void syncWindowOpenedAfterThePreflightThenWaitsAndFailsSayingTheCommitIsNotSynced() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run = committed();
    argo.denyWindows("deny 10:00-12:00");

    StepResult result = run.untilDone(step);

    assertThat(run.lines).singleElement().asString().contains("deny 10:00-12:00");
    assertThat(((StepResult.Failed) result).reason())
        .contains("commit abc1234 landed")
        .contains("deny 10:00-12:00")
        .contains("not synced");
    assertThat(argo.syncRequests()).isEmpty();
  }

  @Test
  void rbacDenialOfSyncThenFailedKeepingArgoCdsText() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run = committed();
    argo.denyRbac("sync");

    StepResult result = run.once(step);

    assertThat(((StepResult.Failed) result).reason())
        .contains("permission denied: applications, sync")
        .contains("p, helmgate, applications, sync");
  }

  @Test
  void restartAfterTheRequestWasSentButBeforeItsAnswerWasStoredThenOurOperationIsAdopted() {
    argo.app(PROD).deployed(OLD_SHA);
    argo.operationsRunFor(Duration.ofMinutes(2));
    StepDriver run = committed();
    StepContext beforeCrash = StepContext.of(run.request, clock.instant());
    assertThat(step.run(beforeCrash)).isInstanceOf(StepResult.Succeeded.class); // answer lost

    clock.advance(Duration.ofSeconds(30));
    StartSync afterRestart = new StartSync(argo, env -> settings, (d, c) -> false);
    assertThat(run.once(afterRestart)).isInstanceOf(StepResult.Succeeded.class);

    assertThat(argo.syncRequests()).hasSize(1);
    assertThat(run.output(ArgoOutputs.MODE)).contains(ArgoOutputs.MODE_OURS);
  }
}
