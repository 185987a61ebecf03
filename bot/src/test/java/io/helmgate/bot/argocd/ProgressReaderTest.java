package io.helmgate.bot.argocd;

import static io.helmgate.bot.argocd.ArgoCdTestSupport.NEW_SHA;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.NOW;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.application;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.argocd.client.model.Application;
import io.helmgate.domain.port.SyncProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How one look at an Application reads as the progress of the sync Helmgate asked for at NOW. */
class ProgressReaderTest {

  @Test
  void requestedOperationWithoutStateYetIsPending() {
    SyncProgress progress = ProgressReader.progress(application("sync-accepted.json"), NOW);

    assertThat(progress).isInstanceOf(SyncProgress.Running.class);
    assertThat(((SyncProgress.Running) progress).phase()).isEqualTo("Pending");
  }

  @Test
  void runningOperationReportsItsPhaseAndMessage() {
    assertThat(ProgressReader.progress(application("watch-running.json"), NOW))
        .isEqualTo(
            new SyncProgress.Running(
                "Running",
                "Healthy",
                "waiting for completion of hook batch/Job/payments-db-migrate"));
  }

  @Test
  void succeededBeforeTheControllerReconciledIsStillRunningWhateverTheOldHealthSays() {
    assertThat(ProgressReader.progress(application("watch-succeeded.json"), NOW))
        .isEqualTo(
            new SyncProgress.Running(
                "Succeeded", "Healthy", "waiting for ArgoCD to assess health after the sync"));
  }

  @Test
  void succeededAndProgressingIsStillRunning() {
    assertThat(ProgressReader.progress(application("watch-progressing.json"), NOW))
        .isEqualTo(
            new SyncProgress.Running(
                "Succeeded",
                "Progressing",
                "Waiting for rollout to finish: 1 old replicas are pending termination..."));
  }

  @Test
  void succeededHealthyAndSyncedIsHealthyAtTheValuesCommit() {
    assertThat(ProgressReader.progress(application("watch-healthy.json"), NOW))
        .isEqualTo(new SyncProgress.Healthy(NEW_SHA));
  }

  @Test
  void healthyButOutOfSyncWaitsForSynced() {
    Application app = application("watch-healthy.json");
    app.getStatus().getSync().setStatus("OutOfSync");

    assertThat(ProgressReader.progress(app, NOW))
        .isEqualTo(
            new SyncProgress.Running(
                "Succeeded", "Healthy", "healthy, waiting for Synced (now OutOfSync)"));
  }

  @Test
  void degradedAfterTheSyncIsAFailureWithArgoCdsHealthMessage() {
    assertThat(ProgressReader.progress(application("watch-degraded.json"), NOW))
        .isEqualTo(
            new SyncProgress.Failed(
                "Succeeded",
                "Degraded",
                "Deployment \"payments-api\" exceeded its progress deadline"));
  }

  @Test
  void missingAfterTheSyncIsAFailure() {
    Application app = application("watch-healthy.json");
    app.getStatus().getHealth().status("Missing").message(null);

    assertThat(ProgressReader.progress(app, NOW))
        .isEqualTo(
            new SyncProgress.Failed(
                "Succeeded", "Missing", "the application is Missing after the sync"));
  }

  @Test
  void failedOperationIsAFailureWithItsMessage() {
    SyncProgress progress = ProgressReader.progress(application("watch-failed.json"), NOW);

    assertThat(progress).isInstanceOf(SyncProgress.Failed.class);
    SyncProgress.Failed failed = (SyncProgress.Failed) progress;
    assertThat(failed.phase()).isEqualTo("Failed");
    assertThat(failed.message()).startsWith("one or more objects failed to apply");
  }

  @Test
  void errorPhaseIsAFailure() {
    Application app = application("watch-failed.json");
    app.getStatus().getOperationState().phase("Error").message(null);

    assertThat(ProgressReader.progress(app, NOW))
        .isEqualTo(new SyncProgress.Failed("Error", "Healthy", "sync Error"));
  }

  @Test
  void terminatingOperationIsStillRunning() {
    Application app = application("watch-running.json");
    app.getStatus().getOperationState().phase("Terminating");

    assertThat(((SyncProgress.Running) ProgressReader.progress(app, NOW)).phase())
        .isEqualTo("Terminating");
  }

  @Test
  void outcomeOfAPreviousOperationDoesNotCountAsOurs() {
    // Succeeded and Healthy, but that operation started on 2026-03-06, before we asked.
    SyncProgress progress = ProgressReader.progress(application("app-multi-source.json"), NOW);

    assertThat(progress).isInstanceOf(SyncProgress.Running.class);
    assertThat(((SyncProgress.Running) progress).phase()).isEqualTo("Pending");
  }

  @Test
  void operationThatSeemsToStartJustBeforeOurRequestIsOursWithinClockSkew() {
    // ArgoCD stamped 09:00:02; our clock said 09:00:06 when we asked: 4 s of skew.
    SyncProgress progress =
        ProgressReader.progress(application("watch-healthy.json"), NOW.plus(Duration.ofSeconds(6)));

    assertThat(progress).isEqualTo(new SyncProgress.Healthy(NEW_SHA));
  }

  @Test
  void operationThatStartedWellBeforeOurRequestIsNotOurs() {
    SyncProgress progress =
        ProgressReader.progress(application("watch-healthy.json"), NOW.plus(Duration.ofMinutes(1)));

    assertThat(progress).isInstanceOf(SyncProgress.Running.class);
  }
}
