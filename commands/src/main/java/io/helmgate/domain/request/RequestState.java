package io.helmgate.domain.request;

/**
 * Where a request is in its life. {@code PENDING_APPROVAL → APPROVED → SCHEDULED → EXECUTING →
 * SUCCEEDED | FAILED}, plus the endings {@code REJECTED}, {@code CANCELLED}, {@code EXPIRED} and
 * {@code STALE}.
 */
public enum RequestState {
  PENDING_APPROVAL(false),
  APPROVED(false),
  SCHEDULED(false),
  EXECUTING(false),
  SUCCEEDED(true),
  FAILED(true),
  REJECTED(true),
  CANCELLED(true),
  EXPIRED(true),
  STALE(true);

  private final boolean terminal;

  RequestState(boolean terminal) {
    this.terminal = terminal;
  }

  /** A terminal state never changes again. */
  public boolean isTerminal() {
    return terminal;
  }

  /** Still waiting for something a person or the clock will do: not executing, not ended. */
  public boolean isOpen() {
    return this == PENDING_APPROVAL || this == APPROVED || this == SCHEDULED;
  }
}
