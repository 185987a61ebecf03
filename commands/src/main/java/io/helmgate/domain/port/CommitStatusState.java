package io.helmgate.domain.port;

/** The states of the {@code helmgate/policy} status that branch protection requires. */
public enum CommitStatusState {
  /** Approvals are still missing: the forge refuses the merge. */
  PENDING,
  /** The policy's quorum is met: the forge allows the merge. */
  SUCCESS,
  /** The request was rejected, cancelled or became stale: the forge refuses the merge. */
  FAILURE
}
