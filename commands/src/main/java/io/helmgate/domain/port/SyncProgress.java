package io.helmgate.domain.port;

/**
 * The state of a sync at one poll. {@link Running} means "poll again"; the others are terminal. A
 * business failure (the sync failed, the app is degraded) is an outcome here; a technical error
 * (ArgoCD unreachable) is a {@link DeployerException}.
 */
public sealed interface SyncProgress {

  /** Still going. {@code phase} is the operation phase or the health while it settles. */
  record Running(String phase, String health, String message) implements SyncProgress {}

  /** Synced and Healthy. */
  record Healthy(String revision) implements SyncProgress {}

  /** The operation failed or errored, or the app ended Degraded or Missing. */
  record Failed(String phase, String health, String message) implements SyncProgress {}
}
