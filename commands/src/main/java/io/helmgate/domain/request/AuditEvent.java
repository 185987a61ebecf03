package io.helmgate.domain.request;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One fact for the audit trail: who did what to which request and target, when, with details.
 * Events are appended before the action they describe is taken.
 */
public record AuditEvent(
    Type type,
    Instant at,
    Optional<RequestId> requestId,
    Optional<UserRef> actor,
    Optional<Target> target,
    Map<String, String> detail) {

  /** The kinds of fact Helmgate records. */
  public enum Type {
    REQUESTED,
    DECIDED,
    REFUSED,
    APPROVED,
    REJECTED,
    TRANSITION,
    COMMITTING,
    COMMITTED,
    SYNC_STARTED,
    SYNC_PHASE,
    SYNC_FINISHED,
    NOTIFICATION_FAILED,
    REMINDED,
    LOCKED,
    UNLOCKED,
    FAULT
  }

  public AuditEvent {
    detail = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(detail));
  }

  /** An event about a request. */
  public static AuditEvent of(
      Type type, Instant at, Request request, UserRef actor, Map<String, String> detail) {
    return new AuditEvent(
        type,
        at,
        Optional.of(request.id()),
        Optional.ofNullable(actor),
        Optional.of(request.target()),
        detail);
  }
}
