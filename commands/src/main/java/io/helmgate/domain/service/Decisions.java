package io.helmgate.domain.service;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.ApprovalContext;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.Transition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The clicks on a request: approve, reject, cancel. Each is re-authorised by the policy at the
 * moment of the click, whatever the person could do when the request was posted; a refusal is
 * audited.
 */
final class Decisions {

  private final Ports ports;
  private final Policy policy;
  private final People people;
  private final Tell tell;
  private final Consumer<Request> approved;
  private final PullRequestMirror pullRequests;

  /**
   * @param approved runs a request that has all its approvals (now, or at its time)
   * @param pullRequests tells a request's pull request (pull-request mode) each decision
   */
  Decisions(
      Ports ports,
      Policy policy,
      People people,
      Tell tell,
      Consumer<Request> approved,
      PullRequestMirror pullRequests) {
    this.ports = ports;
    this.policy = policy;
    this.people = people;
    this.tell = tell;
    this.approved = approved;
    this.pullRequests = pullRequests;
  }

  Outcome approve(RequestId id, UserRef who) {
    return approve(id, who, Optional.empty());
  }

  /**
   * @param via how the approval was given when not by a click in Slack (a pull-request review), for
   *     the thread, the pull request and the audit trail
   */
  Outcome approve(RequestId id, UserRef who, Optional<String> via) {
    Outcome outcome =
        decide(
            id,
            who,
            (request, actor) -> {
              Decision decision = policy.mayApprove(actor, approvalContext(request));
              if (decision.isDenied()) {
                return refuse(actor, request, "approve", decision, via);
              }
              return RequestLifecycle.approve(request, who, actor.roles(), now())
                  .either(
                      moved -> approved(id, who, store(withVia(moved, via)), via), this::invalid);
            });
    if (outcome instanceof Outcome.RequestUpdated updated) {
      pullRequests.decided(updated.request(), "approved by " + given(who, via));
      // Run only once the approval is stored: an execution elsewhere reads it from the store.
      if (updated.request().state() == RequestState.APPROVED) {
        approved.accept(updated.request());
      }
    }
    return outcome;
  }

  private String given(UserRef who, Optional<String> via) {
    // A reviewer mapped from the forge is named by a Slack mention, which only Slack renders.
    String person =
        who.name().startsWith("<@") ? "Slack user " + who.id() : who.name() + " (" + who.id() + ")";
    return person + " " + via.orElse("in Slack") + " at " + now();
  }

  private Outcome approved(RequestId id, UserRef who, Request next, Optional<String> via) {
    String how = via.map(v -> " " + v).orElse("");
    if (next.state() == RequestState.APPROVED) {
      tell.accept(next, "Approved by " + who.name() + how + ".");
      return new Outcome.RequestUpdated(next, "You approved " + id + ".");
    }
    tell.accept(
        next, "Approved by " + who.name() + how + "; " + next.approvalsMissing() + " more needed.");
    return new Outcome.RequestUpdated(
        next, "You approved " + id + "; it needs " + next.approvalsMissing() + " more.");
  }

  private Outcome invalid(Transition.Refused refused) {
    return new Outcome.Invalid(refused.reason());
  }

  Outcome reject(RequestId id, UserRef who, Optional<String> comment) {
    return reject(id, who, comment, Optional.empty());
  }

  /**
   * @param via how the rejection was given when not by a click in Slack (a review that requested
   *     changes)
   */
  Outcome reject(RequestId id, UserRef who, Optional<String> comment, Optional<String> via) {
    Outcome outcome =
        decide(
            id,
            who,
            (request, actor) -> {
              Decision decision = policy.mayReject(actor, approvalContext(request));
              if (decision.isDenied()) {
                return refuse(actor, request, "reject", decision, via);
              }
              return RequestLifecycle.reject(request, who, actor.roles(), comment, now())
                  .either(
                      moved -> {
                        Request next = store(withVia(moved, via));
                        ports.scheduler().cancel(id);
                        tell.accept(
                            next,
                            "Rejected by "
                                + who.name()
                                + via.map(v -> " " + v).orElse("")
                                + comment.map(c -> ": " + c).orElse("."));
                        return new Outcome.RequestUpdated(next, "You rejected " + id + ".");
                      },
                      this::invalid);
            });
    if (outcome instanceof Outcome.RequestUpdated updated) {
      pullRequests.ended(updated.request());
    }
    return outcome;
  }

  Outcome cancel(RequestId id, UserRef who) {
    Outcome outcome =
        decide(
            id,
            who,
            (request, actor) -> {
              Decision decision = policy.mayCancel(actor, request.requester());
              if (decision.isDenied()) {
                return refuse(actor, request, "cancel", decision, Optional.empty());
              }
              return RequestLifecycle.cancel(request, who, now())
                  .either(
                      moved -> {
                        Request next = store(moved);
                        ports.scheduler().cancel(id);
                        tell.accept(next, "Cancelled by " + who.name() + ".");
                        return new Outcome.RequestUpdated(next, "You cancelled " + id + ".");
                      },
                      this::invalid);
            });
    if (outcome instanceof Outcome.RequestUpdated updated) {
      pullRequests.ended(updated.request());
    }
    return outcome;
  }

  private Outcome decide(RequestId id, UserRef who, Decider decider) {
    // The decision and the lines that tell it are stored together (RequestStore#together).
    return ports.requests().together(() -> decideNow(id, who, decider));
  }

  private Outcome decideNow(RequestId id, UserRef who, Decider decider) {
    // A click that meets another write of the same request (the message's place being stored
    // just after it was posted, a second approver) is decided again on what is stored now, once:
    // the lifecycle still refuses a second decision by the same person.
    for (int attempt = 0; ; attempt++) {
      Optional<Request> request = ports.requests().find(id);
      if (request.isEmpty()) {
        return new Outcome.Invalid(
            "There is no request " + id + ". `/deploy pending` lists open ones.");
      }
      try {
        return decider.decide(request.get(), people.actor(who));
      } catch (DirectoryUnavailableException e) {
        return new Outcome.Error(e.getMessage());
      } catch (ConcurrentUpdateException e) {
        if (attempt > 0) {
          return new Outcome.Invalid(e.getMessage());
        }
      }
    }
  }

  @FunctionalInterface
  private interface Decider {
    Outcome decide(Request request, Actor actor);
  }

  private ApprovalContext approvalContext(Request request) {
    Set<String> decided =
        request.approvals().stream().map(a -> a.approver().id()).collect(Collectors.toSet());
    return new ApprovalContext(
        request.target(),
        request.requester(),
        decided,
        now(),
        request.state() == RequestState.PENDING_APPROVAL);
  }

  private Outcome refuse(
      Actor actor, Request request, String what, Decision decision, Optional<String> via) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("action", what);
    via.ifPresent(v -> detail.put("via", v));
    detail.put("rule", decision.rule());
    detail.put("message", decision.message());
    ports
        .audit()
        .append(
            List.of(AuditEvent.of(AuditEvent.Type.REFUSED, now(), request, actor.user(), detail)));
    return new Outcome.Denied(decision);
  }

  /** A decision given on the forge says so in its own audit events, not only beside them. */
  private static Transition.Moved withVia(Transition.Moved moved, Optional<String> via) {
    if (via.isEmpty()) {
      return moved;
    }
    return new Transition.Moved(
        moved.request(),
        moved.events().stream()
            .map(
                e ->
                    e.type() == AuditEvent.Type.APPROVED || e.type() == AuditEvent.Type.REJECTED
                        ? e.with("via", via.get())
                        : e)
            .toList());
  }

  private Request store(Transition.Moved moved) {
    return ports.requests().update(moved.request(), moved.events());
  }

  private Instant now() {
    return ports.clock().instant();
  }
}
