package io.helmgate.bot.argocd;

import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;

/**
 * Hears how a watched sync goes: each change of phase, then exactly one of {@link #onDone} or
 * {@link #onError}. Called on the watcher's scheduler thread, so implementations hand slow work
 * (Slack calls) to their own executor.
 */
public interface SyncListener {

  /** The sync moved to another phase or health, and is still going. */
  void onPhase(SyncTicket ticket, SyncProgress.Running progress);

  /**
   * The sync ended: {@link SyncProgress.Healthy} or {@link SyncProgress.Failed} (which includes a
   * timeout).
   */
  void onDone(SyncTicket ticket, SyncProgress outcome);

  /**
   * The outcome is unknown because ArgoCD refused to answer (not found, permission, token) or could
   * not be reached until the timeout. The sync itself may still be running.
   */
  void onError(SyncTicket ticket, DeployerException error);
}
