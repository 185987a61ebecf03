package io.helmgate.domain.port;

import java.util.List;

/**
 * Resolves the image tags and chart versions a change promotes to the digests the registry holds
 * for them now. Runs before a request is offered for approval and again before it executes, so that
 * a tag moved after approval makes the request stale.
 */
public interface ArtifactChecker {

  /** False when no registry is configured; {@link #resolve} then answers NOT_CONFIGURED. */
  boolean isConfigured();

  /**
   * Resolves each reference, in order, one result per reference. Never throws for a missing tag or
   * an unreachable registry: those are results.
   */
  List<Resolution> resolve(List<ArtifactRef> references);

  /** What kind of artifact a reference names; only used to word messages. */
  enum Kind {
    IMAGE,
    CHART
  }

  /**
   * An artifact as a values file names it: {@code repository} is the full reference without tag,
   * e.g. {@code registry.acme.example/checkout/checkout-web}; {@code tag} is as written in the
   * values file (a chart version such as {@code 1.4.0+build.7} is mapped to the registry's tag by
   * the adapter).
   */
  record ArtifactRef(Kind kind, String repository, String tag) {
    @Override
    public String toString() {
      return repository + ":" + tag;
    }
  }

  /**
   * The result for one reference. {@code digest} (e.g. {@code sha256:1a2b…}) is set only when
   * {@code status} is RESOLVED; {@code message} says what went wrong otherwise.
   */
  record Resolution(ArtifactRef ref, Status status, String digest, String message) {

    public static Resolution resolved(ArtifactRef ref, String digest) {
      return new Resolution(ref, Status.RESOLVED, digest, "");
    }

    public static Resolution missing(ArtifactRef ref, String message) {
      return new Resolution(ref, Status.MISSING, null, message);
    }

    public static Resolution unavailable(ArtifactRef ref, String message) {
      return new Resolution(ref, Status.UNAVAILABLE, null, message);
    }

    public static Resolution notConfigured(ArtifactRef ref) {
      return new Resolution(ref, Status.NOT_CONFIGURED, null, "no registry is configured");
    }

    /** How the resolution ended. */
    public enum Status {
      /** The tag exists; {@code digest} is what it points at now. */
      RESOLVED,
      /** The registry says the tag (or the repository) does not exist. */
      MISSING,
      /** The registry refused the bot, failed, or could not be reached in time. */
      UNAVAILABLE,
      /** No registry is configured for this reference. */
      NOT_CONFIGURED
    }
  }
}
