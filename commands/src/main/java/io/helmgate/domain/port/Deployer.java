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
}
