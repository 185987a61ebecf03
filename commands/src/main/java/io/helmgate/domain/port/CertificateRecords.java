package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers certificate checks: the last result per environment, for {@code /deploy status}, and
 * which notices were sent for which certificate, so that each is sent once. A certificate is known
 * by its end of validity: a renewed certificate has another and starts with no notices.
 */
public interface CertificateRecords {

  /** Replaces the environment's last check. */
  void save(CertificateCheck check);

  /** The environment's last check, if it was ever checked. */
  Optional<CertificateCheck> last(Target target);

  /** Whether {@code notice} was already sent for the certificate ending at {@code notAfter}. */
  boolean notified(Target target, Instant notAfter, String notice);

  /** Records that {@code notice} was sent for the certificate ending at {@code notAfter}. */
  void recordNotice(Target target, Instant notAfter, String notice, Instant at);

  /**
   * Forgets {@code notice} for every certificate of the environment, so that it can be sent again.
   */
  void forgetNotice(Target target, String notice);
}
