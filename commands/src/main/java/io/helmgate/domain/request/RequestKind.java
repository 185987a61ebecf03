package io.helmgate.domain.request;

/** What a request changes: promote or set values, restore earlier values, or sync as it is. */
public enum RequestKind {
  /** Promote values from another environment or set chosen keys, then sync. */
  DEPLOY,
  /** Restore an environment's earlier values with a new commit, then sync. */
  ROLLBACK,
  /** No values change: sync the environment as it is. */
  SYNC
}
