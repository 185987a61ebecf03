package io.helmgate.domain.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How an environment's approved change reaches the values branch: pushed by Helmgate, or merged
 * through a pull request so that a branch protection that forbids direct pushes keeps holding.
 */
public enum ChangeMode {
  /** Helmgate commits and pushes to the values branch itself. */
  PUSH("push"),
  /** Helmgate pushes a branch {@code helmgate/<request-id>} and merges its pull request. */
  PULL_REQUEST("pull-request");

  private final String key;

  ChangeMode(String key) {
    this.key = key;
  }

  /** The word the configuration and the description use. */
  public String key() {
    return key;
  }

  /** The mode written as {@code key} ({@code push}, {@code pull-request}), case aside. */
  public static Optional<ChangeMode> ofKey(String key) {
    String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.key.equals(k)).findFirst();
  }
}
