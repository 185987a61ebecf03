package io.helmgate.domain.execution;

import static io.helmgate.domain.execution.StepDriver.LATER_SHA;
import static io.helmgate.domain.execution.StepDriver.NEW_SHA;
import static io.helmgate.domain.execution.StepDriver.OLD_SHA;
import static io.helmgate.domain.execution.StepDriver.PROD;
import static io.helmgate.domain.execution.StepDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.AppObservation.Condition;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class AwaitDeployedTest {

  final MovingClock clock = new MovingClock(T0);
  final FakeArgoCd argo = new FakeArgoCd(clock);
  ArgoSettings settings = ArgoSettings.defaults();
  BiPredicate<String, String> contains = (descendant, commit) -> false;
  final ArgoPreflight preflight = new ArgoPreflight(argo, env -> settings, "main");
  final StartSync startSync = new StartSync(argo, env -> settings, (d, c) -> contains.test(d, c));
  final AwaitDeployed step =
      new AwaitDeployed(argo, env -> settings, (d, c) -> contains.test(d, c));

  /** A deploy that passed the pre-flight, pushed {@code sha} and asked for its sync. */
  StepDriver syncing(String sha) {
    StepDriver run = new StepDriver(clock, StepDriver.deploy());
    assertThat(run.once(preflight)).isInstanceOf(StepResult.Succeeded.class);
    argo.app(PROD).push(sha);
    run.committed(sha);
    assertThat(run.once(startSync)).isInstanceOf(StepResult.Succeeded.class);
    return run;
  }

  static String reason(StepResult result) {
    assertThat(result).isInstanceOf(StepResult.Failed.class);
    return ((StepResult.Failed) result).reason();
  }

  static ArgoSettings with(
      Duration syncTimeout, boolean terminate, Duration degradedGrace, Optional<Boolean> prune) {
    return new ArgoSettings(
        Duration.ofSeconds(5),
        syncTimeout,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        degradedGrace,
        terminate,
        prune,
        false);
  }

  @Test
  void operationStartingLateThenDeployedOnlyOnceItRanOurCommitAndTheAppWasComparedAfter() {
    argo.app(PROD).deployed(OLD_SHA);
    argo.operationsStartAfter(Duration.ofSeconds(30)).reconcileAfter(Duration.ofSeconds(20));
    StepDriver run = syncing(NEW_SHA);

    // Requested, not started: the app still says Synced and Healthy, of the old revision.
    assertThat(run.once(step)).isInstanceOf(StepResult.Running.class);
    clock.advance(Duration.ofSeconds(33)); // ours ended Succeeded, not compared yet
    assertThat(run.once(step)).isInstanceOf(StepResult.Running.class);

    StepResult done = run.untilDone(step);

    assertThat(done).isInstanceOf(StepResult.Succeeded.class);
    assertThat(clock.instant()).isAfterOrEqualTo(T0.plusSeconds(53));
    assertThat(run.lines)
        .last()
        .isEqualTo("ArgoCD: Synced and Healthy: acme-payments-prod runs abc1234");
    assertThat(run.output(ArgoOutputs.DEPLOYED_REVISION)).contains(NEW_SHA);
  }

  @Test
  void eachChangeOfPhaseOrHealthIsToldOnceAndNothingWhenNothingChanged() {
    argo.app(PROD)
        .deployed(OLD_SHA)
        .healthAfterSync("Progressing", Duration.ofSeconds(30), "Healthy");
    argo.operationsRunFor(Duration.ofSeconds(20));
    StepDriver run = syncing(NEW_SHA);

    run.untilDone(step);

    assertThat(run.lines)
        .containsExactly(
            "ArgoCD: Requested, Healthy",
            "ArgoCD: Running, Healthy — one or more tasks are running",
            "ArgoCD: Succeeded, Progressing — Deployment is progressing",
            "ArgoCD: Synced and Healthy: acme-payments-prod runs abc1234");
  }

  @Test
  void controllerClockTenSecondsBehindThenOurOperationIsStillRecognisedByItsMarker() {
    argo.app(PROD).deployed(OLD_SHA);
    argo.controllerClockOffset(Duration.ofSeconds(-10));
    StepDriver run = syncing(NEW_SHA);

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(clock.instant()).isBefore(T0.plusSeconds(30));
  }

  @Test
  void adoptedAutoSyncWithControllerClockBehindThenDeployedByItsRevisionAndStart() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).autoSyncsAfterPush(Duration.ZERO);
    argo.controllerClockOffset(Duration.ofSeconds(-10));
    StepDriver run = syncing(NEW_SHA);
    assertThat(run.output(ArgoOutputs.MODE)).contains(ArgoOutputs.MODE_ADOPTED);

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(argo.syncRequests()).isEmpty();
  }

  @Test
  void ourOperationFollowedByAFailingAutoSyncThenJudgedByTheAppNotByTheFollowOn() {
    argo.app(PROD)
        .deployed(OLD_SHA)
        .autoSync(false)
        .followedByAutoSync()
        .followOnsEnd("Failed", "one or more objects failed to apply");
    StepDriver run = syncing(NEW_SHA);

    StepResult done = run.untilDone(step);

    assertThat(done).isInstanceOf(StepResult.Succeeded.class);
    assertThat(argo.syncRequests()).hasSize(1);
  }

  @Test
  void followOnAfterOurSucceededOperationBeforeTheComparisonThenNoVerdictOnTheOldRevision() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).followedByAutoSync(Duration.ofSeconds(3));
    argo.reconcileAfter(Duration.ofSeconds(20));
    StepDriver run = syncing(NEW_SHA);
    run.once(step); // requested
    clock.advance(Duration.ofSeconds(5));
    run.once(step); // ours Succeeded at 3 s, compared only at 23 s
    clock.advance(Duration.ofSeconds(5)); // the follow-on ran from 6 s to 8 s: ours is gone

    // The app still says Synced at the old revision: that is the state before ours.
    assertThat(run.once(step)).isInstanceOf(StepResult.Running.class);
    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void ourOperationReplacedByAFollowOnBeforeItWasSeenThenTheAppSyncedAtOurCommitDecides() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).selfHeal();
    argo.operationsRunFor(Duration.ofSeconds(1));
    StepDriver run = syncing(NEW_SHA);
    clock.advance(Duration.ofSeconds(30)); // ours and the self-heal after it both ended

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void appTrackingAMirrorThatDeploysAnotherRevisionThenFailsNamingBoth() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).resolvesTo(LATER_SHA);
    StepDriver run = syncing(NEW_SHA);

    String reason = reason(run.untilDone(step));

    assertThat(reason)
        .startsWith(
            "Argo CD deployed fed9876, not Helmgate's commit abc1234: the app tracks `main`")
        .contains("not what runs");
  }

  @Test
  void branchMovedOnBeforeTheAutoSyncThenDescendantCountsOnlyWhereAllowed() {
    argo.app(PROD).deployed(OLD_SHA).autoSync(false);
    StepDriver run = new StepDriver(clock, StepDriver.deploy());
    run.once(preflight);
    argo.app(PROD).push(NEW_SHA);
    run.committed(NEW_SHA);
    argo.app(PROD).push(LATER_SHA); // someone's commit lands before Argo CD resolves the branch
    run.once(startSync);

    assertThat(reason(run.untilDone(step))).contains("deployed fed9876, not Helmgate's commit");
  }

  @Test
  void descendantOfOurCommitDeployedWhereAllowedThenSucceeds() {
    settings =
        new ArgoSettings(
            Duration.ofSeconds(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            false,
            Optional.empty(),
            true);
    contains = (descendant, commit) -> descendant.equals(LATER_SHA) && commit.equals(NEW_SHA);
    argo.app(PROD).deployed(OLD_SHA).autoSync(false).resolvesTo(LATER_SHA);
    StepDriver run = syncing(NEW_SHA);

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(run.lines).last().asString().endsWith("runs fed9876");
  }

  @Test
  void syncTimeoutWithTerminateOnTimeoutThenOurOperationIsTerminated() {
    settings = with(Duration.ofMinutes(10), true, Duration.ofMinutes(1), Optional.empty());
    argo.app(PROD).deployed(OLD_SHA);
    argo.operationsRunFor(Duration.ofHours(1));
    StepDriver run = syncing(NEW_SHA);

    String reason = reason(run.untilDone(step));

    assertThat(reason).contains("did not finish within 10 minutes").contains("terminated");
    assertThat(argo.terminations()).containsExactly(new RequestId(42));
    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void syncTimeoutWithoutTerminateThenSaysArgoCdMayStillFinishIt() {
    argo.app(PROD).deployed(OLD_SHA);
    argo.operationsRunFor(Duration.ofHours(1));
    StepDriver run = syncing(NEW_SHA);

    String reason = reason(run.untilDone(step));

    assertThat(reason).contains("did not finish within 10 minutes").contains("may still finish it");
    assertThat(argo.terminations()).isEmpty();
  }

  @Test
  void degradedWithinItsGraceThenHealthyThenDeployed() {
    argo.app(PROD).deployed(OLD_SHA).healthAfterSync("Degraded", Duration.ofSeconds(40), "Healthy");
    StepDriver run = syncing(NEW_SHA);

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(run.lines).anyMatch(l -> l.startsWith("ArgoCD: Succeeded, Degraded"));
  }

  @Test
  void degradedPastItsGraceThenFailsWithTheRollbackHint() {
    argo.app(PROD).deployed(OLD_SHA).healthAfterSync("Degraded");
    StepDriver run = syncing(NEW_SHA);

    String reason = reason(run.untilDone(step));

    assertThat(reason)
        .contains("stayed Degraded for 1 minute")
        .contains("`/rollback acme/payments prod`");
  }

  @Test
  void progressingPastTheSettleTimeoutThenFails() {
    argo.app(PROD).deployed(OLD_SHA).healthAfterSync("Progressing");
    StepDriver run = syncing(NEW_SHA);

    String reason = reason(run.untilDone(step));

    assertThat(reason).contains("still Progressing").contains("5 minutes later");
  }

  @Test
  void missingAfterTheSyncThenFails() {
    argo.app(PROD).deployed(OLD_SHA).healthAfterSync("Missing");
    StepDriver run = syncing(NEW_SHA);

    assertThat(reason(run.untilDone(step))).contains("Missing");
  }

  @Test
  void operationFailedThenFailsWithItsMessageConditionsAndRollbackHint() {
    argo.app(PROD)
        .deployed(OLD_SHA)
        .operationsEnd(
            "Failed",
            "one or more objects failed to apply",
            new Condition("SyncError", "Deployment.apps \"api\" is invalid"),
            new Condition("SharedResourceWarning", "ignored"));
    StepDriver run = syncing(NEW_SHA);

    String reason = reason(run.untilDone(step));

    assertThat(reason)
        .contains("ended Failed: one or more objects failed to apply")
        .contains("SyncError: Deployment.apps \"api\" is invalid")
        .doesNotContain("SharedResourceWarning")
        .contains("`/rollback acme/payments prod`");
  }

  @Test
  void pruneOffAndResourcesLeftThenTheSuccessLineSaysSo() {
    argo.app(PROD).deployed(OLD_SHA).leavesForPruning(3);
    StepDriver run = syncing(NEW_SHA);

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);

    assertThat(run.lines)
        .last()
        .asString()
        .contains("runs abc1234")
        .contains("3 resources are left for pruning: prune is off for this environment");
  }

  @Test
  void pruneOnThenNothingIsLeftAndNothingSaid() {
    settings = with(Duration.ofMinutes(10), false, Duration.ofMinutes(1), Optional.of(true));
    argo.app(PROD).deployed(OLD_SHA).leavesForPruning(3);
    StepDriver run = syncing(NEW_SHA);

    run.untilDone(step);

    assertThat(run.lines).last().asString().doesNotContain("pruning");
  }

  @Test
  void repoServerOutageWhileWatchingThenErroredRetryableAndDeployedWithoutASecondSync() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run = syncing(NEW_SHA);
    argo.repoServerDownUntil(T0.plusSeconds(15));

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(run.results).anyMatch(r -> r instanceof StepResult.Errored e && e.retryable());
    assertThat(argo.syncRequests()).hasSize(1);
  }

  @Test
  void restartInTheMiddleOfALongSyncThenANewInstanceWatchesTheSameOperation() {
    argo.app(PROD).deployed(OLD_SHA);
    argo.operationsRunFor(Duration.ofMinutes(3));
    StepDriver run = syncing(NEW_SHA);
    clock.advance(Duration.ofMinutes(1));
    assertThat(run.once(step)).isInstanceOf(StepResult.Running.class);

    clock.advance(Duration.ofMinutes(1));
    AwaitDeployed afterRestart = new AwaitDeployed(argo, env -> settings, (d, c) -> false);
    assertThat(afterRestart.run(StepContext.of(run.request, clock.instant())))
        .isInstanceOf(StepResult.Running.class);
    assertThat(run.untilDone(afterRestart)).isInstanceOf(StepResult.Succeeded.class);

    assertThat(argo.syncRequests()).hasSize(1);
  }

  @Test
  void rbacDenialWhileWatchingThenFailedNotRetried() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run = syncing(NEW_SHA);
    argo.denyRbac("get");

    assertThat(reason(run.once(step))).contains("permission denied");
  }

  @Test
  void syncOnlyRequestThenDeployedWhenOurOperationSucceededAndHealthy() {
    argo.app(PROD).deployed(OLD_SHA);
    StepDriver run =
        new StepDriver(
            clock,
            StepDriver.request(io.helmgate.domain.request.RequestKind.SYNC, Optional.empty()));
    run.once(preflight);
    run.once(startSync);

    assertThat(run.untilDone(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(run.lines).last().asString().endsWith("runs 1111111");
  }
}
