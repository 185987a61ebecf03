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
    /** One run of an execution step that finished it, failed, or errored; detail names the step. */
    STEP,
    COMMITTED,
    SYNC_STARTED,
    SYNC_PHASE,
    SYNC_FINISHED,
    NOTIFICATION_FAILED,
    REMINDED,
    LOCKED,
    UNLOCKED,
    FAULT,
    /** One post-deploy edge check (Kong, F5) and its result. */
    EDGE_CHECKED,
    /** About to drain the environment's pool members for a maintenance window. */
    EDGE_DRAINING,
    /** The drain's result. */
    EDGE_DRAINED,
    /** About to let the pool members take new connections again. */
    EDGE_ENABLING,
    /** The re-enable's result. */
    EDGE_ENABLED,
    /** Pool members were left drained: a person must re-enable them. */
    EDGE_ATTENTION,
    /**
     * Something Helmgate did or saw on the request's pull request (pull-request mode): opened,
     * rebased, a review and what it counted as, a status set, merged, closed; detail says which.
     */
    PULL_REQUEST
  }

  public AuditEvent {
    detail = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(detail));
  }

  /** The same event with one more fact in its detail. */
  public AuditEvent with(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(detail);
    more.put(key, value);
    return new AuditEvent(type, at, requestId, actor, target, more);
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
