package io.helmgate.domain.port;

/**
 * The answer to one sync request. Refusals that retrying will not change (no permission, no such
 * application, a bad token, a named revision for an auto-synced app) are thrown as {@link
 * DeployerException}; so are transient faults, whose {@link DeployerException#isTransient()} is
 * true. A transient fault may hide a request Argo CD did take (its answer was lost): {@link
 * Deployer#observe} then shows the marker.
 */
public sealed interface SyncStart {

  /** Argo CD took the operation. */
  record Started() implements SyncStart {}

  /**
   * Another operation is in progress; {@code current} says whose and at which revision, read back
   * right after the refusal. It may be our own (a request whose answer was lost) or Argo CD's
   * auto-sync of our commit. When it ended before it could be read, a transient {@link
   * DeployerException} of kind {@code BUSY} is thrown instead.
   */
  record Busy(AppObservation.Operation current) implements SyncStart {}

  /** A sync window blocks manual syncs now; {@code window} describes the windows that do. */
  record Blocked(String window) implements SyncStart {}
}
