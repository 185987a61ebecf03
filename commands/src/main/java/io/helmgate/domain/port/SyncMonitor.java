package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;

/**
 * Watches a started sync by polling the {@link Deployer} on a schedule and reports each phase
 * change back to the domain, without holding a thread per sync.
 */
public interface SyncMonitor {

  /** Starts watching; each phase change and the end go to {@code listener}. */
  void watch(RequestId requestId, SyncTicket ticket, Listener listener);

  /** Where a monitor reports. */
  interface Listener {

    /** A new phase, or the end: {@link SyncProgress.Healthy} or {@link SyncProgress.Failed}. */
    void progressed(RequestId requestId, SyncProgress progress);

    /** ArgoCD could not be asked until the watch gave up. */
    void failed(RequestId requestId, DeployerException error);
  }
}
