package io.helmgate.domain.service;

import io.helmgate.domain.execution.ArgoPreflight;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the clock does to requests: reminders and expiry of pending ones, expiry of approved ones
 * left unrun, and resuming executions after a restart or when the process carrying them out
 * stopped. Resuming is "run the current step again"; the pipeline's claim keeps two processes from
 * running one request.
 */
final class Sweeps {

  /**
   * How long an approved request may wait for an executor, or an executing one go without a step
   * being run, before a sweep takes it up (the pipeline claims it first, so a request another
   * process is at is never run twice).
   */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

  /** How long past its due time a waiting step may go unrun before a sweep runs it. */
  static final Duration OVERDUE = Duration.ofSeconds(20);

  private final Ports ports;
  private final Policy policy;
  private final Tell tell;
  private final Executions executions;
  private final Audit audit;

  Sweeps(Ports ports, Policy policy, Tell tell, Executions executions, Audit audit) {
    this.ports = ports;
    this.policy = policy;
    this.tell = tell;
    this.executions = executions;
    this.audit = audit;
  }

  /** Reminds each pending request that expires within {@code before}, once per request. */
  int remindExpiring(Duration before) {
    int reminded = 0;
    for (Request request : ports.requests().findByState(List.of(RequestState.PENDING_APPROVAL))) {
      Optional<Instant> expires = request.expiresAt();
      if (expires.isEmpty()
          || now().isBefore(expires.get().minus(before))
          || !now().isBefore(expires.get())) {
        continue;
      }
      boolean already =
          ports.audit().entries(AuditTrail.Query.request(request.id())).stream()
              .anyMatch(e -> e.event().type() == AuditEvent.Type.REMINDED);
      if (already) {
        continue;
      }
      ports
          .audit()
          .append(
              List.of(
                  AuditEvent.of(
                      AuditEvent.Type.REMINDED,
                      now(),
                      request,
                      null,
                      Map.of("expiresAt", expires.get().toString()))));
      tell.accept(
          request,
          request.id()
              + " still needs "
              + request.approvalsMissing()
              + " approval(s); it expires at "
              + expires.get()
              + ".");
      reminded++;
    }
    return reminded;
  }

  /** Expires pending requests past their approval time and approved ones left unrun too long. */
  int expireDue() {
    int expired = 0;
    for (Request request :
        ports.requests().findByState(List.of(RequestState.APPROVED, RequestState.SCHEDULED))) {
      if (request.scheduledAt().isEmpty()) {
        continue;
      }
      Instant deadline = policy.scheduledExpiry(request.createdAt(), request.scheduledAt().get());
      if (!now().isBefore(deadline)) {
        try {
          executions.end(RequestLifecycle.expireUnrun(request, deadline, now()));
          expired++;
        } catch (ConcurrentUpdateException e) {
          // started or cancelled at this very moment: that stands
        }
      }
    }
    for (Request request : ports.requests().findByState(List.of(RequestState.PENDING_APPROVAL))) {
      if (request.expiresAt().isPresent() && !now().isBefore(request.expiresAt().get())) {
        try {
          executions.end(RequestLifecycle.expire(request, now()));
          expired++;
        } catch (ConcurrentUpdateException e) {
          // approved or cancelled at this very moment: that decision stands
        }
      }
    }
    return expired;
  }

  /** After a restart: executions go on from their current step; approved requests run now. */
  void resumeInterrupted() {
    for (Request request : ports.requests().findByState(List.of(RequestState.EXECUTING))) {
      resume(request, "Resumed after a restart");
    }
    for (Request request : ports.requests().findByState(List.of(RequestState.APPROVED))) {
      try {
        tell.accept(request, "Resumed after a restart: it was approved and had not run yet.");
        executions.proceed(request);
      } catch (RuntimeException e) {
        audit.fault(null, Optional.of(request.target()), "resume " + request.id(), e.getMessage());
      }
    }
  }

  /**
   * Takes up requests whose process stopped while others carried on: executing ones with no step
   * run for a while, approved ones never started. Run periodically.
   */
  void resumeAbandoned() {
    Instant stale = now().minus(ABANDONED_AFTER);
    Instant overdue = now().minus(OVERDUE);
    for (Request request : ports.requests().findByState(List.of(RequestState.EXECUTING))) {
      boolean lostItsResume =
          request
              .execution()
              .output(io.helmgate.domain.execution.Pipeline.DUE)
              .map(Instant::parse)
              .map(due -> due.isBefore(overdue))
              .orElse(false);
      if (request.updatedAt().isBefore(stale) || lostItsResume) {
        resume(request, "Resumed: the process carrying it out had stopped");
      }
    }
    for (Request approved : ports.requests().findByState(List.of(RequestState.APPROVED))) {
      if (approved.updatedAt().isBefore(stale)) {
        try {
          tell.accept(approved, "Starting it now: it was approved and had not started.");
          executions.proceed(approved);
        } catch (RuntimeException e) {
          audit.fault(
              null, Optional.of(approved.target()), "resume " + approved.id(), e.getMessage());
        }
      }
    }
  }

  private void resume(Request request, String why) {
    try {
      Request current = request.execution().started() ? request : fromBeforeSteps(request);
      if (current.state() != RequestState.EXECUTING) {
        return;
      }
      executions.resume(current.id(), why);
    } catch (ConcurrentUpdateException e) {
      // another process took it up first
    } catch (RuntimeException e) {
      audit.fault(null, Optional.of(request.target()), "resume " + request.id(), e.getMessage());
    }
  }

  /**
   * A request left executing by a version of Helmgate without steps: it goes on from the Argo CD
   * pre-flight when its commit landed (found by its trailer; the commit step takes it instead of
   * committing again) and fails, with nothing committed, when it did not.
   */
  private Request fromBeforeSteps(Request request) {
    Optional<String> commit =
        request
            .commitId()
            .or(
                () ->
                    ports.values().history(request.target(), 20).stream()
                        .filter(
                            e ->
                                e.trailer(Trailer.REQUEST)
                                    .map(request.id().toString()::equals)
                                    .orElse(false))
                        .map(ValuesHistoryEntry::commit)
                        .findFirst());
    if (commit.isEmpty() && request.kind() != io.helmgate.domain.request.RequestKind.SYNC) {
      executions.end(
          RequestLifecycle.fail(
              request,
              "Interrupted before its values commit landed; nothing was committed. Ask again.",
              now()));
      return ports.requests().find(request.id()).orElse(request);
    }
    Execution resumed =
        new Execution(
            ArgoPreflight.NAME,
            0,
            now(),
            commit.map(c -> Map.of(Execution.COMMIT, c)).orElse(Map.of()));
    return ports
        .requests()
        .update(
            RequestLifecycle.step(request, resumed, List.of(), now()).requireMoved(), List.of());
  }

  private Instant now() {
    return ports.clock().instant();
  }
}
