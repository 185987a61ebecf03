package io.helmgate.domain.port;

import io.helmgate.domain.Target;

/**
 * The GitOps engine (ArgoCD): reads an environment's deployment state and syncs it. Syncs are
 * watched by polling {@link #poll} from a scheduler, never by a thread that waits.
 *
 * <p>Faults throw {@link DeployerException} with a {@link DeployerException.Kind}.
 */
public interface Deployer {

  /** False on the embedded default: commits still land, but nothing is synced. */
  boolean isConfigured();

  /** Sync state, health, revisions, operation, recent history and sync windows of one target. */
  DeploymentStatus status(Target target);

  /**
   * Starts a sync of the target's application. Retries "another operation in progress" and
   * transient faults a bounded number of times before throwing.
   */
  SyncTicket startSync(Target target, SyncInfo info);

  /** One look at a running sync: still going, or how it ended. Never blocks for long. */
  SyncProgress poll(SyncTicket ticket);

  // --- the execution pipeline's calls (issue 16). Each is one call to Argo CD, no retries inside:
  // the pipeline retries transient faults itself, with backoff, as a step that is still running.
  // The defaults exist only while the old startSync/poll path is being replaced.

  /** Where the application's values come from and how it syncs. */
  default ApplicationFacts facts(Target target) {
    throw new UnsupportedOperationException("facts");
  }

  /** Whether sync windows allow a manual sync now. */
  default SyncWindowVerdict syncWindow(Target target) {
    throw new UnsupportedOperationException("syncWindow");
  }

  /** Requests one sync, marked with {@code order.marker()}. */
  default SyncStart startSync(Target target, SyncOrder order) {
    throw new UnsupportedOperationException("startSync");
  }

  /** One look at the application and its operation. */
  default AppObservation observe(Target target) {
    throw new UnsupportedOperationException("observe");
  }

  /**
   * Terminates the running operation if it carries {@code marker}; false when none of ours runs
   * (another operation is never terminated).
   */
  default boolean terminate(Target target, io.helmgate.domain.RequestId marker) {
    throw new UnsupportedOperationException("terminate");
  }
}
