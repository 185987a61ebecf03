package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;

/**
 * The GitOps engine (ArgoCD): reads an environment's deployment state and syncs it. Each call is
 * one look or one request, with no retries inside: the execution pipeline retries transient faults
 * itself, with backoff, as a step that is still running, and watches a sync by looking again from a
 * scheduler, never by a thread that waits.
 *
 * <p>Faults throw {@link DeployerException} with a {@link DeployerException.Kind}.
 */
public interface Deployer {

  /** False on the embedded default: commits still land, but nothing is synced. */
  boolean isConfigured();

  /** Sync state, health, revisions, operation, recent history and sync windows of one target. */
  DeploymentStatus status(Target target);

  /** Where the application's values come from and how it syncs. */
  ApplicationFacts facts(Target target);

  /** Whether sync windows allow a manual sync now. */
  SyncWindowVerdict syncWindow(Target target);

  /** Requests one sync, marked with {@code order.marker()}. */
  SyncStart startSync(Target target, SyncOrder order);

  /** One look at the application and its operation. */
  AppObservation observe(Target target);

  /**
   * Terminates the running operation if it carries {@code marker}; false when none of ours runs
   * (another operation is never terminated).
   */
  boolean terminate(Target target, RequestId marker);
}
