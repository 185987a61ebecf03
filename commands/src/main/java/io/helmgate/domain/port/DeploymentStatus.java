package io.helmgate.domain.port;

import java.time.Instant;
import java.util.List;

/**
 * What ArgoCD says about one environment's application.
 *
 * @param syncStatus {@code Synced}, {@code OutOfSync} or {@code Unknown}
 * @param health {@code Healthy}, {@code Progressing}, {@code Degraded}, {@code Suspended}, {@code
 *     Missing} or {@code Unknown}
 * @param revisions the synced revisions, one per source
 * @param operationPhase the last operation's phase, or null when there was none
 * @param canSync whether a manual sync is allowed now by the project's sync windows
 * @param activeWindows the active sync windows, described for people
 */
public record DeploymentStatus(
    String application,
    String syncStatus,
    String health,
    List<String> revisions,
    String operationPhase,
    String operationMessage,
    List<Deployment> history,
    boolean canSync,
    List<String> activeWindows) {

  public DeploymentStatus {
    revisions = List.copyOf(revisions);
    history = List.copyOf(history);
    activeWindows = List.copyOf(activeWindows);
  }

  /** One entry of the application's deployment history. */
  public record Deployment(
      long id, List<String> revisions, Instant deployedAt, String initiatedBy) {
    public Deployment {
      revisions = List.copyOf(revisions);
    }
  }
}
