package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.model.Application;
import io.helmgate.bot.argocd.client.model.ApplicationStatus;
import io.helmgate.bot.argocd.client.model.HealthStatus;
import io.helmgate.bot.argocd.client.model.OperationState;
import io.helmgate.bot.argocd.client.model.SyncOperationResult;
import io.helmgate.bot.logging.RemoteText;
import io.helmgate.domain.port.SyncProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides from one look at an Application how a sync stands. The rules follow ArgoCD's own {@code
 * argocd app wait} (cmd/argocd/commands/app.go): the operation is over only when the top-level
 * {@code operation} is gone and the phase is terminal; {@code Succeeded} only means "applied", so
 * health decides, and only after the controller has reconciled once after the sync.
 */
final class ProgressReader {

  /**
   * How much earlier than our request an operation may appear to start and still be ours: ArgoCD's
   * clock (it stamps {@code startedAt}) and ours are not the same clock.
   */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  private ProgressReader() {}

  /**
   * @param requestedAt when Helmgate asked for the sync; an operation state that started well
   *     before it belongs to a previous operation and says nothing about ours
   */
  static SyncProgress progress(Application app, Instant requestedAt) {
    ApplicationStatus status = app.getStatus();
    HealthStatus healthStatus = status == null ? null : status.getHealth();
    String health = Applications.orUnknown(healthStatus == null ? null : healthStatus.getStatus());
    String healthMessage = healthStatus == null ? null : said(healthStatus.getMessage());
    OperationState state = status == null ? null : status.getOperationState();
    boolean ours = state != null && isOurs(state, requestedAt);

    if (app.getOperation() != null) {
      // Requested or running. Right after the request the server clears operationState.
      if (ours && state.getPhase() != null && !state.getPhase().isEmpty()) {
        return new SyncProgress.Running(state.getPhase(), health, said(state.getMessage()));
      }
      return new SyncProgress.Running(
          "Pending", health, "waiting for ArgoCD's application controller to start the sync");
    }
    if (!ours) {
      // Only a lagging cache shows this: the operation is gone but its state is not ours yet.
      return new SyncProgress.Running("Pending", health, "waiting for ArgoCD to report the sync");
    }
    String phase = Applications.orUnknown(state.getPhase());
    switch (phase) {
      case "Failed", "Error" -> {
        return new SyncProgress.Failed(
            phase, health, orDefault(said(state.getMessage()), "sync " + phase));
      }
      case "Succeeded" -> {
        return afterSuccess(app, state, health, healthMessage);
      }
      default -> {
        // Running, Terminating, or a phase a newer ArgoCD adds.
        return new SyncProgress.Running(phase, health, said(state.getMessage()));
      }
    }
  }

  private static SyncProgress afterSuccess(
      Application app, OperationState state, String health, String healthMessage) {
    Instant finishedAt = Applications.instant(state.getFinishedAt());
    Instant reconciledAt = Applications.instant(app.getStatus().getReconciledAt());
    if (finishedAt != null && (reconciledAt == null || reconciledAt.isBefore(finishedAt))) {
      // Health still describes the state before the sync until the controller reconciles.
      return new SyncProgress.Running(
          "Succeeded", health, "waiting for ArgoCD to assess health after the sync");
    }
    switch (health) {
      case "Healthy" -> {
        String sync =
            app.getStatus().getSync() == null ? null : app.getStatus().getSync().getStatus();
        if ("Synced".equals(sync)) {
          return new SyncProgress.Healthy(revision(app, state));
        }
        return new SyncProgress.Running(
            "Succeeded",
            health,
            "healthy, waiting for Synced (now " + Applications.orUnknown(sync) + ")");
      }
      case "Degraded", "Missing" -> {
        return new SyncProgress.Failed(
            "Succeeded",
            health,
            orDefault(healthMessage, "the application is " + health + " after the sync"));
      }
      default -> {
        // Progressing, Suspended, Unknown: still settling.
        return new SyncProgress.Running("Succeeded", health, healthMessage);
      }
    }
  }

  private static boolean isOurs(OperationState state, Instant requestedAt) {
    Instant startedAt = Applications.instant(state.getStartedAt());
    return startedAt != null && !startedAt.isBefore(requestedAt.minus(CLOCK_SKEW));
  }

  private static String revision(Application app, OperationState state) {
    SyncOperationResult result = state.getSyncResult();
    List<String> revisions =
        result == null
            ? List.of()
            : Applications.revisions(result.getRevision(), result.getRevisions());
    if (revisions.isEmpty()) {
      revisions = Applications.revisions(app);
    }
    return Applications.displayRevision(revisions, app.getSpec());
  }

  /**
   * Argo CD's own words, made safe to quote: the domain puts them into Slack threads, the audit
   * trail and logs, and Argo CD passes on what hooks and controllers wrote.
   */
  private static String said(String message) {
    return message == null || message.isBlank()
        ? message
        : RemoteText.summary(message, Observations.MESSAGE_MAX);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
