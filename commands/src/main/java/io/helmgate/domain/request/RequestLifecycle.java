package io.helmgate.domain.request;

import static io.helmgate.domain.request.RequestState.APPROVED;
import static io.helmgate.domain.request.RequestState.CANCELLED;
import static io.helmgate.domain.request.RequestState.EXECUTING;
import static io.helmgate.domain.request.RequestState.EXPIRED;
import static io.helmgate.domain.request.RequestState.FAILED;
import static io.helmgate.domain.request.RequestState.PENDING_APPROVAL;
import static io.helmgate.domain.request.RequestState.REJECTED;
import static io.helmgate.domain.request.RequestState.SCHEDULED;
import static io.helmgate.domain.request.RequestState.STALE;
import static io.helmgate.domain.request.RequestState.SUCCEEDED;

import io.helmgate.domain.Role;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.request.AuditEvent.Type;
import io.helmgate.domain.values.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request state machine. Each method returns {@link Transition.Moved} with the next request and
 * the audit events that record it, or {@link Transition.Refused} when the move is not legal from
 * the current state. Who may ask for a move is the policy's business, not this class's; this class
 * only guards the states and the one-decision-per-person rule.
 *
 * <pre>
 * PENDING_APPROVAL → APPROVED | REJECTED | CANCELLED | EXPIRED | STALE
 * APPROVED         → SCHEDULED | EXECUTING | CANCELLED | STALE | FAILED | EXPIRED
 * SCHEDULED        → EXECUTING | CANCELLED | REJECTED | STALE | FAILED | EXPIRED
 * EXECUTING        → SUCCEEDED | FAILED | STALE (before its commit)
 * </pre>
 */
public final class RequestLifecycle {

  private static final Map<RequestState, Set<RequestState>> LEGAL =
      new EnumMap<>(RequestState.class);

  static {
    LEGAL.put(PENDING_APPROVAL, EnumSet.of(APPROVED, REJECTED, CANCELLED, EXPIRED, STALE));
    LEGAL.put(APPROVED, EnumSet.of(SCHEDULED, EXECUTING, CANCELLED, STALE, FAILED, EXPIRED));
    LEGAL.put(SCHEDULED, EnumSet.of(EXECUTING, CANCELLED, REJECTED, STALE, FAILED, EXPIRED));
    LEGAL.put(EXECUTING, EnumSet.of(SUCCEEDED, FAILED, STALE));
    for (RequestState s : RequestState.values()) {
      LEGAL.putIfAbsent(s, EnumSet.noneOf(RequestState.class));
    }
  }

  private RequestLifecycle() {}

  /** Whether the state machine allows {@code from → to}. */
  public static boolean isLegal(RequestState from, RequestState to) {
    return LEGAL.get(from).contains(to);
  }

  /**
   * Creates a request: {@code PENDING_APPROVAL} when approvals are required, otherwise {@code
   * APPROVED} at once.
   */
  public static Transition.Moved open(
      NewRequest spec, int approvalsRequired, Duration approvalTtl, Instant now) {
    return open(spec, approvalsRequired, approvalTtl, now, Redaction.defaults());
  }

  /**
   * Creates a request as {@link #open(NewRequest, int, Duration, Instant)} does; the change is
   * recorded in the audit event with the values of secret-looking keys masked by {@code redaction}.
   */
  public static Transition.Moved open(
      NewRequest spec,
      int approvalsRequired,
      Duration approvalTtl,
      Instant now,
      Redaction redaction) {
    if (approvalsRequired < 0) {
      throw new IllegalArgumentException("approvalsRequired must be >= 0");
    }
    RequestState state = approvalsRequired == 0 ? APPROVED : PENDING_APPROVAL;
    String digest =
        ApprovalDigest.of(
            spec.kind(),
            spec.target(),
            spec.baseCommit(),
            spec.change(),
            spec.restoreFrom(),
            spec.scheduledAt(),
            spec.bindings());
    Request request =
        new Request(
            spec.id(),
            spec.kind(),
            spec.target(),
            spec.requester(),
            spec.reason(),
            spec.source(),
            spec.restoreFrom(),
            spec.change(),
            spec.baseCommit(),
            spec.scheduledAt(),
            spec.breakGlass(),
            state,
            List.of(),
            approvalsRequired,
            digest,
            now,
            now,
            approvalsRequired == 0 ? Optional.empty() : Optional.of(now.plus(approvalTtl)),
            Execution.NOT_STARTED,
            Optional.empty(),
            Optional.empty(),
            0,
            spec.bindings());
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("kind", spec.kind().name());
    spec.source().ifPresent(s -> detail.put("from", s));
    spec.restoreFrom().ifPresent(c -> detail.put("restoreFrom", c));
    detail.put(
        "change",
        spec.change().changes().stream()
            .map(redaction::describe)
            .collect(java.util.stream.Collectors.joining(", ")));
    detail.put("base", String.valueOf(spec.baseCommit()));
    spec.reason().ifPresent(r -> detail.put("reason", r));
    spec.scheduledAt().ifPresent(at -> detail.put("at", at.toString()));
    if (spec.breakGlass()) {
      detail.put("breakGlass", "true");
    }
    detail.put("approvalsRequired", Integer.toString(approvalsRequired));
    detail.put("digest", digest);
    if (!spec.bindings().isEmpty()) {
      detail.put("bindings", String.join(", ", spec.bindings()));
    }
    detail.put("state", state.name());
    return new Transition.Moved(
        request, List.of(AuditEvent.of(Type.REQUESTED, now, request, spec.requester(), detail)));
  }

  /**
   * Records one approval. The request becomes {@code APPROVED} when enough approvals are in; a
   * person who already decided is refused, so a double click never counts twice.
   */
  public static Transition approve(
      Request request, UserRef approver, Set<Role> roles, Instant now) {
    if (request.state() != PENDING_APPROVAL) {
      return refusedFrom(request, "approved");
    }
    if (request.hasDecided(approver.id())) {
      return new Transition.Refused("You already decided on " + request.id() + ".");
    }
    if (request.expiresAt().isPresent() && !now.isBefore(request.expiresAt().get())) {
      return new Transition.Refused(
          request.id() + " expired unapproved; it can no longer be approved.");
    }
    List<Approval> approvals = new ArrayList<>(request.approvals());
    approvals.add(new Approval(approver, Approval.Verdict.APPROVE, roles, Optional.empty(), now));
    Request next = request.withApprovals(approvals, now);
    List<AuditEvent> events = new ArrayList<>();
    events.add(
        AuditEvent.of(
            Type.APPROVED,
            now,
            next,
            approver,
            Map.of("roles", roles.toString(), "digest", request.digest())));
    if (next.approvalsMissing() == 0) {
      next = next.with(APPROVED, now);
      events.add(transitionEvent(request, next, approver, now, "all approvals in"));
    }
    return new Transition.Moved(next, events);
  }

  /** Records a rejection; one rejection by an allowed approver ends the request. */
  public static Transition reject(
      Request request, UserRef approver, Set<Role> roles, Optional<String> comment, Instant now) {
    if (!isLegal(request.state(), REJECTED)) {
      return refusedFrom(request, "rejected");
    }
    if (request.hasDecided(approver.id())) {
      return new Transition.Refused("You already decided on " + request.id() + ".");
    }
    List<Approval> approvals = new ArrayList<>(request.approvals());
    approvals.add(new Approval(approver, Approval.Verdict.REJECT, roles, comment, now));
    Request next =
        request
            .withApprovals(approvals, now)
            .withOutcome("rejected by " + approver.name() + comment.map(c -> ": " + c).orElse(""))
            .with(REJECTED, now);
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("roles", roles.toString());
    comment.ifPresent(c -> detail.put("comment", c));
    return new Transition.Moved(
        next,
        List.of(
            AuditEvent.of(Type.REJECTED, now, next, approver, detail),
            transitionEvent(request, next, approver, now, "rejected")));
  }

  /** An approved request waits for its time. */
  public static Transition schedule(Request request, Instant at, Instant now) {
    if (!isLegal(request.state(), SCHEDULED)) {
      return refusedFrom(request, "scheduled");
    }
    Request next = request.withScheduledAt(Optional.of(at)).with(SCHEDULED, now);
    return moved(request, next, null, now, "scheduled for " + at);
  }

  /** Execution begins: the values commit and the sync follow. */
  public static Transition start(Request request, Instant now) {
    if (!isLegal(request.state(), EXECUTING)) {
      return refusedFrom(request, "started");
    }
    return moved(request, request.with(EXECUTING, now), null, now, "execution started");
  }

  /**
   * Execution begins at step {@code first}: the request is EXECUTING from now on, and its steps run
   * one after another.
   */
  public static Transition begin(Request request, String first, Instant now) {
    if (!isLegal(request.state(), EXECUTING)) {
      return refusedFrom(request, "started");
    }
    Request next =
        request
            .with(EXECUTING, now)
            // Facts noted before it started (its pull request) stay with it.
            .withExecution(new Execution(first, 0, now, request.execution().outputs()));
    return moved(request, next, null, now, "execution started");
  }

  /**
   * Facts about a request that has not started executing (the pull request opened for it, the
   * reviews seen on it) are noted with {@code events}; not a change of state.
   */
  public static Transition note(
      Request request, Map<String, String> facts, List<AuditEvent> events, Instant now) {
    if (request.execution().started() || request.state().isTerminal()) {
      return refusedFrom(request, "given facts before its execution");
    }
    return new Transition.Moved(request.withExecution(request.execution().note(facts)), events);
  }

  /**
   * The execution moves on (or a step keeps progress for its next run): {@code next} is where it is
   * now. Only an executing request has steps.
   */
  public static Transition step(
      Request request, Execution next, List<AuditEvent> events, Instant now) {
    if (request.state() != EXECUTING) {
      return refusedFrom(request, "moved to step " + next.step());
    }
    return new Transition.Moved(request.withExecution(next).with(EXECUTING, now), events);
  }

  /**
   * An execution ends: {@code end} is SUCCEEDED, FAILED or STALE, {@code outputs} what the steps'
   * compensations recorded as they gave back what the steps took.
   */
  public static Transition finish(
      Request request, RequestState end, String outcome, Map<String, String> outputs, Instant now) {
    if (end != SUCCEEDED && end != FAILED && end != STALE) {
      throw new IllegalArgumentException("an execution does not end " + end);
    }
    if (!isLegal(request.state(), end)) {
      return refusedFrom(request, "ended as " + end.name().toLowerCase());
    }
    Request next =
        request
            .withExecution(request.execution().again(outputs))
            .withOutcome(outcome)
            .with(end, now);
    return moved(request, next, null, now, outcome);
  }

  /** The values commit landed (or there was nothing to commit) while executing. */
  public static Transition committed(Request request, String commitId, Instant now) {
    if (request.state() != EXECUTING) {
      return refusedFrom(request, "given a commit");
    }
    Request next =
        request.withExecution(request.execution().again(Map.of(Execution.COMMIT, commitId)));
    return new Transition.Moved(
        next, List.of(AuditEvent.of(Type.COMMITTED, now, next, null, Map.of("commit", commitId))));
  }

  /** The change is deployed and healthy. */
  public static Transition succeed(Request request, String outcome, Instant now) {
    if (!isLegal(request.state(), SUCCEEDED)) {
      return refusedFrom(request, "marked succeeded");
    }
    return moved(request, request.withOutcome(outcome).with(SUCCEEDED, now), null, now, outcome);
  }

  /** The change failed: a business failure or a fault; {@code outcome} says which and why. */
  public static Transition fail(Request request, String outcome, Instant now) {
    if (!isLegal(request.state(), FAILED)) {
      return refusedFrom(request, "marked failed");
    }
    return moved(request, request.withOutcome(outcome).with(FAILED, now), null, now, outcome);
  }

  /** The requester (or Ops) withdrew it before it ran. */
  public static Transition cancel(Request request, UserRef by, Instant now) {
    if (!isLegal(request.state(), CANCELLED)) {
      return refusedFrom(request, "cancelled");
    }
    Request next = request.withOutcome("cancelled by " + by.name()).with(CANCELLED, now);
    return moved(request, next, by, now, "cancelled");
  }

  /**
   * Helmgate itself withdraws a request: nobody can see it (its approval message could not be
   * posted), or its pull request was closed, pushed to, retargeted or merged by someone else.
   * {@code system} (Helmgate's own identity, never a person) is the actor, and {@code why} is the
   * outcome and the audit reason.
   */
  public static Transition cancelUnseen(Request request, UserRef system, String why, Instant now) {
    if (!isLegal(request.state(), CANCELLED)) {
      return refusedFrom(request, "cancelled");
    }
    Request next = request.withOutcome("cancelled by Helmgate: " + why).with(CANCELLED, now);
    return moved(request, next, system, now, why);
  }

  /**
   * An approved change for a later time that has not run by {@code deadline} (the schedule
   * horizon): its approval is too old to act on. Refused before the deadline and for requests that
   * were never approved, which {@link #expire} handles.
   */
  public static Transition expireUnrun(Request request, Instant deadline, Instant now) {
    if (request.state() == PENDING_APPROVAL || !isLegal(request.state(), EXPIRED)) {
      return refusedFrom(request, "expired unrun");
    }
    if (now.isBefore(deadline)) {
      return new Transition.Refused(request.id() + " has not reached its expiry yet.");
    }
    Request next =
        request
            .withOutcome("expired: approved but not run by " + deadline + "; request it again")
            .with(EXPIRED, now);
    return moved(request, next, null, now, "expired unrun");
  }

  /** No approval came in time. Refused before {@link Request#expiresAt()}. */
  public static Transition expire(Request request, Instant now) {
    if (request.state() != PENDING_APPROVAL || !isLegal(request.state(), EXPIRED)) {
      return refusedFrom(request, "expired");
    }
    if (request.expiresAt().isEmpty() || now.isBefore(request.expiresAt().get())) {
      return new Transition.Refused(request.id() + " has not reached its expiry yet.");
    }
    Request next = request.withOutcome("expired unapproved").with(EXPIRED, now);
    return moved(request, next, null, now, "expired");
  }

  /**
   * The approved change no longer matches the repository (the file changed, or a bound digest
   * moved); its approvals are void.
   */
  public static Transition stale(Request request, String why, Instant now) {
    if (!isLegal(request.state(), STALE)) {
      return refusedFrom(request, "marked stale");
    }
    return moved(request, request.withOutcome(why).with(STALE, now), null, now, why);
  }

  private static Transition.Moved moved(
      Request before, Request after, UserRef actor, Instant now, String why) {
    return new Transition.Moved(after, List.of(transitionEvent(before, after, actor, now, why)));
  }

  private static AuditEvent transitionEvent(
      Request before, Request after, UserRef actor, Instant now, String why) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("from", before.state().name());
    detail.put("to", after.state().name());
    detail.put("why", why);
    return AuditEvent.of(Type.TRANSITION, now, after, actor, detail);
  }

  private static Transition.Refused refusedFrom(Request request, String verb) {
    return new Transition.Refused(
        request.id()
            + " is "
            + request.state().name().toLowerCase().replace('_', ' ')
            + " and cannot be "
            + verb
            + (request.state().isTerminal() ? "; it has ended." : " now."));
  }
}
