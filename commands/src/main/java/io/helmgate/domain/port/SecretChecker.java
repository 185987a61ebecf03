package io.helmgate.domain.port;

import java.util.List;

/**
 * Checks that the secrets a values file refers to exist (never reads or reveals their values). Runs
 * before a request is offered for approval and again before it executes.
 */
public interface SecretChecker {

  /** False when no secret store is configured; {@link #check} then says so. */
  boolean isConfigured();

  /** Checks every reference; never throws for a missing secret or an unreachable store. */
  Preflight check(List<SecretReference> references);

  /**
   * A secret reference as written in a values file, e.g. {@code
   * <path:secret/data/acme/payments/prod#db-password>}: {@code path} is {@code
   * secret/data/acme/payments/prod}, {@code key} is {@code db-password} (null for the whole
   * secret).
   */
  record SecretReference(String path, String key) {
    @Override
    public String toString() {
      return key == null ? path : path + "#" + key;
    }
  }

  /** The result of a check. {@code missing} lists what does not exist. */
  record Preflight(Status status, List<SecretReference> missing, String message) {
    public Preflight {
      missing = List.copyOf(missing);
    }

    /** How the check ended. */
    public enum Status {
      /** Every reference exists (or there were none). */
      PASSED,
      /** At least one reference does not exist. */
      MISSING,
      /** The store is sealed, refused the bot, or cannot be reached. */
      UNAVAILABLE,
      /** No secret store is configured. */
      NOT_CONFIGURED
    }
  }
}
