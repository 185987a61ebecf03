package io.helmgate.domain.port;

/**
 * The answer to one sync request. Refusals that retrying will not change (no permission, no such
 * application, a bad token) are thrown as {@link DeployerException}; so are transient faults, whose
 * {@link DeployerException#isTransient()} is true.
 */
public sealed interface SyncStart {

  /** Argo CD took the operation. */
  record Started() implements SyncStart {}

  /** Another operation is in progress; {@code current} says whose and at which revision. */
  record Busy(AppObservation.Operation current) implements SyncStart {}

  /** A sync window blocks manual syncs now. */
  record Blocked(String window) implements SyncStart {}
}
