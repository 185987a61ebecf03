package io.helmgate.domain.port;

import io.helmgate.domain.HelmgateException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The forge refused a call or could not be reached; {@link #kind()} says which, the message says
 * what to do.
 */
public class ForgeException extends HelmgateException {

  /** The ways a call to the forge can fail. */
  public enum Kind {
    /** The token is missing, expired or invalid. */
    UNAUTHENTICATED,
    /** The token's user lacks a permission on the repository. */
    FORBIDDEN,
    /** The repository or pull request does not exist (or the token cannot see it). */
    NOT_FOUND,
    /** The forge refuses the merge now: protection not satisfied, conflicts, still a draft. */
    NOT_MERGEABLE,
    /** The pull request or its head changed since it was read; read it again. */
    CONFLICT,
    /** The forge refused the request as invalid (e.g. a pull request for the branch exists). */
    VALIDATION,
    /** Too many calls; {@link #retryAfter()} says when to try again when the forge says. */
    RATE_LIMITED,
    /** The forge is unreachable, timed out or answered 5xx. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final Duration retryAfter;

  public ForgeException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public ForgeException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, cause);
  }

  private ForgeException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
  }

  /**
   * The forge's rate limit was hit; {@code retryAfter} is null when it did not say for how long.
   */
  public static ForgeException rateLimited(String message, Duration retryAfter) {
    return new ForgeException(Kind.RATE_LIMITED, message, retryAfter, null);
  }

  public Kind kind() {
    return kind;
  }

  /** How long to wait before the next call, when the forge said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** True for technical errors that a later retry may cure (as opposed to a refusal). */
  public boolean isTransient() {
    return kind == Kind.UNAVAILABLE || kind == Kind.RATE_LIMITED;
  }
}
