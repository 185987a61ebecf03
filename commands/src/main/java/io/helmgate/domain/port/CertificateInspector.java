package io.helmgate.domain.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the TLS certificate a host serves, the way a browser would reach it (SNI set to the host),
 * and judges it without trusting it: an expired, self-signed or wrongly named certificate is still
 * read and described. Expiry is never judged here; the caller compares {@link Served#notAfter()}
 * with its clock.
 */
public interface CertificateInspector {

  /**
   * Connects to {@code host:port}, reads the served chain and judges it. Never throws for a fault
   * of the host: an unreachable host or a failed handshake is an {@link Unreachable}.
   */
  Inspection inspect(String host, int port);

  /** What one inspection found. */
  sealed interface Inspection permits Served, Unreachable {}

  /**
   * A certificate chain was served.
   *
   * @param notAfter the earliest end of validity over the served chain (an intermediate can expire
   *     before the leaf)
   * @param issuer the leaf's issuer, as a distinguished name
   * @param subject the leaf's subject, as a distinguished name
   * @param names the leaf's DNS and IP subject alternative names
   * @param chainTrusted whether the chain leads to a trusted root (dates aside)
   * @param matchesHost whether the leaf names the host that was asked for
   * @param problem why the chain is not trusted, in words a person can act on
   */
  record Served(
      Instant notAfter,
      String issuer,
      String subject,
      List<String> names,
      boolean chainTrusted,
      boolean matchesHost,
      Optional<String> problem)
      implements Inspection {
    public Served {
      Objects.requireNonNull(notAfter, "notAfter");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(subject, "subject");
      names = List.copyOf(names);
      Objects.requireNonNull(problem, "problem");
    }
  }

  /** No certificate could be read: connection refused, timeout, unknown host, handshake failure. */
  record Unreachable(String reason) implements Inspection {
    public Unreachable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
