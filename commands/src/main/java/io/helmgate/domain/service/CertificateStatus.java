package io.helmgate.domain.service;

import java.time.Instant;
import java.util.Optional;

/**
 * One environment's certificate as {@code /deploy status} shows it, from the last stored check.
 *
 * @param daysLeft whole days from now until the certificate (or an intermediate) expires; negative
 *     once expired
 * @param detail what is wrong, in words, for a mismatch, an untrusted chain or an unreachable host
 */
public record CertificateStatus(
    String host,
    Verdict verdict,
    Optional<Instant> notAfter,
    Optional<Long> daysLeft,
    Optional<String> issuer,
    Optional<Instant> checkedAt,
    Optional<String> detail) {

  /** The one word a reader needs first. */
  public enum Verdict {
    OK,
    EXPIRING,
    EXPIRED,
    HOST_MISMATCH,
    UNTRUSTED,
    UNREACHABLE,
    NOT_CHECKED
  }
}
