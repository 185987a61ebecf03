package io.helmgate.domain.execution;

/**
 * The names under which the Argo CD steps store what they learnt on the request's {@link
 * io.helmgate.domain.request.Execution}: facts later steps rely on, and progress a step keeps for
 * its own next run. Instants are ISO-8601; those read from Argo CD are on the controller's clock
 * and are only ever compared with other controller timestamps.
 */
public final class ArgoOutputs {

  // --- argo-preflight

  /** The application's name as Argo CD knows it. */
  public static final String APPLICATION = "argo.application";

  /** {@code true} when the application is auto-synced. */
  public static final String AUTO_SYNC = "argo.auto-sync";

  /** {@code true} when the sync prunes (the environment's setting, else the app's own). */
  public static final String PRUNE = "argo.prune";

  /**
   * The values source's position (0: single source; n: {@code spec.sources[n-1]}); absent: none.
   */
  public static final String VALUES_POSITION = "argo.values-position";

  /** What the values source tracks ({@code HEAD}, a branch, a tag or a commit); absent: none. */
  public static final String TRACKED_REVISION = "argo.tracked-revision";

  // --- start-sync

  /** The marker our operation carries ({@code R-42}). */
  public static final String MARKER = "argo.marker";

  /** The revision sent with the sync, or {@link #NONE} when the application allows none. */
  public static final String REVISION_SENT = "argo.revision-sent";

  /** When the sync was requested, on the bot's clock: the sync timeout counts from it. */
  public static final String REQUESTED_AT = "argo.requested-at";

  /** Whose operation the request watches: {@link #MODE_OURS} or {@link #MODE_ADOPTED}. */
  public static final String MODE = "argo.mode";

  /** The operation Helmgate started, carrying its marker. */
  public static final String MODE_OURS = "ours";

  /** An automated operation (auto-sync after our push) already syncing our commit. */
  public static final String MODE_ADOPTED = "adopted";

  /** The adopted operation's {@code startedAt} (controller's clock): its identity. */
  public static final String ADOPTED_STARTED_AT = "argo.adopted-started-at";

  /** Progress of start-sync: a sync was asked for before, so look before asking again. */
  public static final String SYNC_ASKED = "argo.sync-asked";

  // --- await-deployed (progress)

  /** The phase and health last reported to people, so the same line is not posted twice. */
  public static final String LAST_SEEN = "argo.last-seen";

  /** Our operation's {@code finishedAt} (controller's clock), once it was seen to succeed. */
  public static final String SUCCEEDED_FINISHED_AT = "argo.succeeded-finished-at";

  /** When our operation was first seen to succeed (bot's clock): health settles from then. */
  public static final String SUCCEEDED_SEEN_AT = "argo.succeeded-seen-at";

  /** When health was first seen Degraded (bot's clock), or empty when it is not Degraded. */
  public static final String DEGRADED_SINCE = "argo.degraded-since";

  /** The values revision Argo CD runs, once the request is deployed. */
  public static final String DEPLOYED_REVISION = "argo.deployed-revision";

  /** The value of {@link #REVISION_SENT} when no revision was sent. */
  public static final String NONE = "none";

  private ArgoOutputs() {}
}
