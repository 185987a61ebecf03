package io.helmgate.domain.port;

import io.helmgate.domain.HelmgateException;

/**
 * ArgoCD refused or could not be reached; {@link #kind()} says which, the message says what to do.
 */
public class DeployerException extends HelmgateException {

  /** The ways a call to ArgoCD can fail. */
  public enum Kind {
    /** No ArgoCD is configured (embedded default). */
    NOT_CONFIGURED,
    /** The application does not exist in the configured project. */
    NOT_FOUND,
    /** The token is missing, expired or invalid. */
    UNAUTHENTICATED,
    /** The bot's account lacks an RBAC permission. */
    PERMISSION_DENIED,
    /** A sync window blocks manual syncs now. */
    SYNC_WINDOW,
    /** Another operation was still in progress after the bounded retries. */
    BUSY,
    /** ArgoCD refused the request as invalid. */
    REJECTED,
    /** ArgoCD is unreachable, timed out or answered 5xx after the bounded retries. */
    UNAVAILABLE
  }

  private final Kind kind;

  public DeployerException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public DeployerException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** True for technical errors (as opposed to a refusal that retrying will not change). */
  public boolean isTransient() {
    return kind == Kind.UNAVAILABLE || kind == Kind.BUSY;
  }
}
