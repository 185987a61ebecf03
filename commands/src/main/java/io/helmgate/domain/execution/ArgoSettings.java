package io.helmgate.domain.execution;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Argo CD steps of one environment behave: how often they look, how long each phase may
 * take, and what to do at the end of that time.
 *
 * @param pollInterval the pause between two looks at a running sync
 * @param syncTimeout from the sync request until the operation ends (ours, or the auto-sync we
 *     adopted)
 * @param busyTimeout how long to wait for another operation (not ours, not of our commit) to end
 *     before giving up
 * @param settleTimeout after the operation succeeded, how long health may stay Progressing,
 *     Suspended or Unknown before the request fails
 * @param degradedGrace how long Degraded may last after the operation before it counts as failed (a
 *     rolling update passes through Degraded)
 * @param terminateOnTimeout whether a sync that times out has its own operation terminated; when
 *     false, people are told that Argo CD may still finish it
 * @param prune whether the sync prunes; empty: as the application's own {@code
 *     syncPolicy.automated.prune}, else off
 * @param acceptDescendant whether a synced revision that contains our commit (a later commit on the
 *     same branch) counts as our commit deployed
 * @param windowWait how long a scheduled request waits for a sync window that blocks it (before the
 *     commit, or after it when a window opened in between) before it fails
 */
public record ArgoSettings(
    Duration pollInterval,
    Duration syncTimeout,
    Duration busyTimeout,
    Duration settleTimeout,
    Duration degradedGrace,
    boolean terminateOnTimeout,
    Optional<Boolean> prune,
    boolean acceptDescendant,
    Duration windowWait) {

  // A scheduled change is usually set for a maintenance slot; an hour covers a window that closes
  // late without letting a change land long after the people who scheduled it went home.
  private static final Duration DEFAULT_WINDOW_WAIT = Duration.ofHours(1);

  public ArgoSettings {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(syncTimeout, "syncTimeout");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(settleTimeout, "settleTimeout");
    Objects.requireNonNull(degradedGrace, "degradedGrace");
    Objects.requireNonNull(prune, "prune");
    Objects.requireNonNull(windowWait, "windowWait");
  }

  /** Settings whose scheduled requests wait up to an hour for a sync window. */
  public ArgoSettings(
      Duration pollInterval,
      Duration syncTimeout,
      Duration busyTimeout,
      Duration settleTimeout,
      Duration degradedGrace,
      boolean terminateOnTimeout,
      Optional<Boolean> prune,
      boolean acceptDescendant) {
    this(
        pollInterval,
        syncTimeout,
        busyTimeout,
        settleTimeout,
        degradedGrace,
        terminateOnTimeout,
        prune,
        acceptDescendant,
        DEFAULT_WINDOW_WAIT);
  }

  /**
   * Five-second looks, ten minutes to sync, five to settle, a minute of grace for Degraded, an
   * hour's wait for a sync window.
   */
  public static ArgoSettings defaults() {
    return new ArgoSettings(
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        false,
        Optional.empty(),
        false,
        DEFAULT_WINDOW_WAIT);
  }
}
