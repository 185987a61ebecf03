package io.helmgate.domain.request;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.values.ChangeSet;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A change someone asked for, and everything that happened to it. Immutable: every change of state
 * goes through {@link RequestLifecycle}, which returns the next {@code Request} and the audit
 * events that record it.
 *
 * @param source the environment a promotion copies from ({@code from=}), if any
 * @param restoreFrom for a rollback, the commit whose file content is restored
 * @param baseCommit the values file's last-change commit when the change was computed; the approval
 *     is bound to it
 * @param approvalsRequired how many approvals the policy asked for when the request was made
 * @param digest the approval digest: base commit, change, target and schedule hashed together
 * @param expiresAt when a pending request expires unapproved
 * @param version optimistic-locking version, incremented by every stored change
 * @param bindings further facts the approval digest is bound to, as {@code name=value} lines (e.g.
 *     {@code artifact=registry.example/shop/web:1.4.2@sha256:…}); kept so that they can be shown
 *     and checked again before execution
 * @param execution where its execution is, and what its steps produced; {@link
 *     Execution#NOT_STARTED} until it runs
 */
public record Request(
    RequestId id,
    RequestKind kind,
    Target target,
    UserRef requester,
    Optional<String> reason,
    Optional<String> source,
    Optional<String> restoreFrom,
    ChangeSet change,
    String baseCommit,
    Optional<Instant> scheduledAt,
    boolean breakGlass,
    RequestState state,
    List<Approval> approvals,
    int approvalsRequired,
    String digest,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> expiresAt,
    Execution execution,
    Optional<String> outcome,
    Optional<MessageRef> message,
    long version,
    List<String> bindings) {

  public Request {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(state, "state");
    execution = execution == null ? Execution.NOT_STARTED : execution;
    approvals = List.copyOf(approvals);
    bindings = bindings == null ? List.of() : List.copyOf(bindings);
  }

  /** The values commit Helmgate pushed for it, once it has. */
  public Optional<String> commitId() {
    return execution.output(Execution.COMMIT);
  }

  /** The people who approved, in order. */
  public List<Approval> approvedBy() {
    return approvals.stream().filter(a -> a.verdict() == Approval.Verdict.APPROVE).toList();
  }

  /** Whether this user already approved or rejected. */
  public boolean hasDecided(String userId) {
    return approvals.stream().anyMatch(a -> a.approver().id().equals(userId));
  }

  /** How many more approvals it needs. */
  public int approvalsMissing() {
    return Math.max(0, approvalsRequired - approvedBy().size());
  }

  Request with(RequestState nextState, Instant at) {
    return copy(nextState, at, approvals, scheduledAt, execution, outcome, message, version);
  }

  Request withApprovals(List<Approval> nextApprovals, Instant at) {
    return copy(state, at, nextApprovals, scheduledAt, execution, outcome, message, version);
  }

  Request withScheduledAt(Optional<Instant> when) {
    return copy(state, updatedAt, approvals, when, execution, outcome, message, version);
  }

  /** The same request at another point of its execution. */
  Request withExecution(Execution next) {
    return copy(state, updatedAt, approvals, scheduledAt, next, outcome, message, version);
  }

  Request withOutcome(String text) {
    return copy(
        state,
        updatedAt,
        approvals,
        scheduledAt,
        execution,
        Optional.ofNullable(text),
        message,
        version);
  }

  /** The same request, posted at {@code ref}. Not a state change, so not audited as one. */
  public Request withMessage(MessageRef ref) {
    return copy(
        state, updatedAt, approvals, scheduledAt, execution, outcome, Optional.of(ref), version);
  }

  /** The same request as stored with a new version; only stores call this. */
  public Request withVersion(long nextVersion) {
    return copy(state, updatedAt, approvals, scheduledAt, execution, outcome, message, nextVersion);
  }

  // The fields that change during a request's life; everything else is fixed when it is made.
  private Request copy(
      RequestState nextState,
      Instant nextUpdatedAt,
      List<Approval> nextApprovals,
      Optional<Instant> nextScheduledAt,
      Execution nextExecution,
      Optional<String> nextOutcome,
      Optional<MessageRef> nextMessage,
      long nextVersion) {
    return new Request(
        id,
        kind,
        target,
        requester,
        reason,
        source,
        restoreFrom,
        change,
        baseCommit,
        nextScheduledAt,
        breakGlass,
        nextState,
        nextApprovals,
        approvalsRequired,
        digest,
        createdAt,
        nextUpdatedAt,
        expiresAt,
        nextExecution,
        nextOutcome,
        nextMessage,
        nextVersion,
        bindings);
  }
}
