package io.helmgate.domain;

/**
 * A fault outside Helmgate's control (git, ArgoCD, Vault, Slack, the database), carrying a message
 * a person can act on. Denials are not exceptions: they are policy decisions.
 */
public class HelmgateException extends RuntimeException {

  public HelmgateException(String message) {
    super(message);
  }

  public HelmgateException(String message, Throwable cause) {
    super(message, cause);
  }
}
