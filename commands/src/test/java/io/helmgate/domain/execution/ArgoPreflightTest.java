package io.helmgate.domain.execution;

import static io.helmgate.domain.execution.StepDriver.PROD;
import static io.helmgate.domain.execution.StepDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.request.RequestKind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgoPreflightTest {

  final MovingClock clock = new MovingClock(T0);
  final FakeArgoCd argo = new FakeArgoCd(clock);
  ArgoSettings settings = ArgoSettings.defaults();
  final ArgoPreflight step = new ArgoPreflight(argo, env -> settings, "main");

  StepDriver immediate() {
    return new StepDriver(clock, StepDriver.deploy());
  }

  StepDriver scheduled() {
    return new StepDriver(
        clock, StepDriver.request(RequestKind.DEPLOY, Optional.of(T0.plus(Duration.ofHours(2)))));
  }

  @Test
  void manualAppWithGitValuesSourceThenOutputsItsFactsAndPruneOff() {
    argo.app(PROD).valuesAt(2).tracks("main");
    StepDriver run = immediate();

    assertThat(run.once(step)).isInstanceOf(StepResult.Succeeded.class);

    assertThat(run.output(ArgoOutputs.APPLICATION)).contains("acme-payments-prod");
    assertThat(run.output(ArgoOutputs.AUTO_SYNC)).contains("false");
    assertThat(run.output(ArgoOutputs.PRUNE)).contains("false");
    assertThat(run.output(ArgoOutputs.VALUES_POSITION)).contains("2");
    assertThat(run.output(ArgoOutputs.TRACKED_REVISION)).contains("main");
  }

  @Test
  void pruneUnsetForEnvironmentThenTheAppsOwnAutomatedPrune() {
    argo.app(PROD).autoSync(true);
    StepDriver run = immediate();

    run.once(step);

    assertThat(run.output(ArgoOutputs.PRUNE)).contains("true");
  }

  @Test
  void pruneSetForEnvironmentThenItWinsOverTheApps() {
    argo.app(PROD).autoSync(true);
    settings =
        new ArgoSettings(
            Duration.ofSeconds(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            false,
            Optional.of(false),
            false);
    StepDriver run = immediate();

    run.once(step);

    assertThat(run.output(ArgoOutputs.PRUNE)).contains("false");
  }

  @Test
  void deployToAppWithoutIdentifiableGitValuesSourceThenRefusedBeforeCommit() {
    argo.app(PROD).noGitValuesSource();

    StepResult result = immediate().once(step);

    assertThat(result).isInstanceOf(StepResult.Failed.class);
    assertThat(((StepResult.Failed) result).reason())
        .contains("acme-payments-prod")
        .contains("no git source")
        .contains("nothing was committed")
        .contains("`ref` source");
  }

  @Test
  void syncOnlyRequestToAppWithoutGitValuesSourceThenAllowed() {
    argo.app(PROD).noGitValuesSource();
    StepDriver run = new StepDriver(clock, StepDriver.request(RequestKind.SYNC, Optional.empty()));

    assertThat(run.once(step)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(run.output(ArgoOutputs.VALUES_POSITION)).isEmpty();
  }

  @Test
  void autoSyncedAppPinnedToCommitThenRefusedBeforeCommit() {
    argo.app(PROD).autoSync(false).tracks(StepDriver.OLD_SHA);

    StepResult result = immediate().once(step);

    assertThat(((StepResult.Failed) result).reason())
        .contains("auto-synced")
        .contains("pinned to commit 1111111")
        .contains("would never deploy")
        .contains("nothing was committed");
  }

  @Test
  void autoSyncedAppTrackingAnotherBranchThenRefusedBeforeCommit() {
    argo.app(PROD).autoSync(false).tracks("release");

    StepResult result = immediate().once(step);

    assertThat(((StepResult.Failed) result).reason())
        .contains("tracks `release`, not the values branch `main`");
  }

  @Test
  void autoSyncedAppTrackingHeadThenAccepted() {
    argo.app(PROD).autoSync(false).tracks("HEAD");

    assertThat(immediate().once(step)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void autoSyncedAppTrackingTheValuesBranchByItsFullRefThenAccepted() {
    argo.app(PROD).autoSync(false).tracks("refs/heads/main");

    assertThat(immediate().once(step)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void manualAppTrackingAnotherBranchThenAcceptedBecauseTheSyncNamesTheCommit() {
    argo.app(PROD).tracks("release");

    assertThat(immediate().once(step)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void immediateRequestBlockedBySyncWindowThenRefusedNamingTheWindowBeforeCommit() {
    argo.app(PROD);
    argo.denyWindows("deny 22:00-06:00 (schedule 0 22 * * *, 8h)");

    StepResult result = immediate().once(step);

    assertThat(((StepResult.Failed) result).reason())
        .contains("deny 22:00-06:00")
        .contains("nothing was committed")
        .contains("at=<time>");
  }

  @Test
  void scheduledRequestBlockedBySyncWindowThenWaitsAndGoesOnWhenItOpens() {
    argo.app(PROD);
    argo.denyWindows("deny 22:00-06:00");
    StepDriver run = scheduled();

    StepResult first = run.once(step);
    assertThat(first).isInstanceOf(StepResult.Running.class);
    assertThat(((StepResult.Running) first).retryAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(run.lines).singleElement().asString().contains("nothing is committed");
    clock.advance(Duration.ofMinutes(1));
    assertThat(run.once(step)).isInstanceOf(StepResult.Running.class);
    assertThat(run.lines).hasSize(1);

    argo.denyWindows();
    clock.advance(Duration.ofMinutes(1));
    assertThat(run.once(step)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void scheduledRequestBlockedLongerThanWindowWaitThenFailsWithNothingCommitted() {
    argo.app(PROD);
    argo.denyWindows("deny 22:00-06:00");
    StepDriver run = scheduled();

    StepResult result = run.untilDone(step);

    assertThat(((StepResult.Failed) result).reason())
        .contains("after waiting 60 minutes")
        .contains("nothing was committed");
    assertThat(clock.instant()).isEqualTo(T0.plus(settings.windowWait()));
  }

  @Test
  void repoServerOutageThenErroredRetryableAndThenGoesOn() {
    argo.app(PROD);
    argo.failNextCalls(1);
    StepDriver run = immediate();

    StepResult first = run.once(step);

    assertThat(first).isInstanceOf(StepResult.Errored.class);
    assertThat(((StepResult.Errored) first).retryable()).isTrue();
    assertThat(((StepResult.Errored) first).reason()).contains("repo revision");
    assertThat(run.once(step)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void rbacDenialThenFailedKeepingArgoCdsTextWithTheLineToAdd() {
    argo.app(PROD);
    argo.denyRbac("get");

    StepResult result = immediate().once(step);

    assertThat(((StepResult.Failed) result).reason())
        .contains("permission denied: applications, get")
        .contains("p, helmgate, applications, get, default/acme-payments-prod, allow");
  }

  @Test
  void missingApplicationThenFailedNotErrored() {
    StepResult result = immediate().once(step);

    assertThat(result).isInstanceOf(StepResult.Failed.class);
  }

  @Test
  void argoCdNotConfiguredThenNoArgoStepApplies() {
    argo.unconfigured();
    StepContext context = StepContext.of(StepDriver.deploy(), T0);

    assertThat(step.appliesTo(context)).isFalse();
    assertThat(new StartSync(argo, env -> settings, (a, b) -> false).appliesTo(context)).isFalse();
    assertThat(new AwaitDeployed(argo, env -> settings, (a, b) -> false).appliesTo(context))
        .isFalse();
  }
}
