package io.helmgate.domain.execution;

import io.helmgate.domain.port.Forge;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Pull-request mode's settings: the forge that carries the pull requests (none when Helmgate has no
 * forge configured, and then an environment in pull-request mode fails its requests instead of
 * pushing), how often a pull request that cannot be merged yet is read again, and for how long.
 */
public record PullRequestSettings(Optional<Forge> forge, Duration poll, Duration mergeWithin) {

  public PullRequestSettings {
    Objects.requireNonNull(forge, "forge");
    if (poll.isNegative() || poll.isZero() || mergeWithin.compareTo(poll) < 0) {
      throw new IllegalArgumentException(
          "the poll interval must be positive and no longer than merge-within");
    }
  }

  /** No forge: pull-request mode is not available. */
  public static PullRequestSettings none() {
    return new PullRequestSettings(Optional.empty(), Duration.ofSeconds(30), Duration.ofHours(4));
  }

  /** {@code forge}, read every 30 seconds for up to 4 hours. */
  public static PullRequestSettings of(Forge forge) {
    return new PullRequestSettings(Optional.of(forge), Duration.ofSeconds(30), Duration.ofHours(4));
  }
}
