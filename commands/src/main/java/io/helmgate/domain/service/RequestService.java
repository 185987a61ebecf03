package io.helmgate.domain.service;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.ApprovalContext;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SyncInfo;
import io.helmgate.domain.port.SyncMonitor;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.ApprovalDigest;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.Transition;
import io.helmgate.domain.request.UndoneCommit;
import io.helmgate.domain.values.Redaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything that happens to a request after it was made: clicks (approve, reject, cancel), its
 * execution (re-check, values commit, sync) and the sync's progress. Every step stores the new
 * state with its audit events before the next action, and tells the request's thread.
 */
public final class RequestService implements SyncMonitor.Listener {

  private final Ports ports;
  private final Policy policy;
  private final People people;
  private final Audit audit;
  private final Changes changes;
  private final Preflights preflights;
  private final SyncMonitor monitor;
  private final Redaction redaction;
  private final ArtifactPreflight artifacts;
  private final EdgeVerification edge;

  RequestService(
      Ports ports,
      Policy policy,
      People people,
      Audit audit,
      Changes changes,
      Preflights preflights,
      SyncMonitor monitor,
      Redaction redaction,
      ArtifactPreflight artifacts) {
    this.artifacts = artifacts;
    this.ports = ports;
    this.policy = policy;
    this.people = people;
    this.audit = audit;
    this.changes = changes;
    this.preflights = preflights;
    this.monitor = monitor;
    this.redaction = redaction;
    this.edge = new EdgeVerification(ports.edge(), ports.audit(), ports.clock(), this::notify);
  }

  public Optional<Request> find(RequestId id) {
    return ports.requests().find(id);
  }

  /**
   * The request's message was posted (or could not be: {@code where} is empty). Only now may an
   * approved request run, so that its thread exists before the first line goes to it.
   */
  public void posted(RequestId id, Optional<MessageRef> where) {
    Request request = ports.requests().find(id).orElseThrow();
    if (where.isPresent()) {
      request = update(request.withMessage(where.get()), List.of());
    }
    if (request.state() == RequestState.APPROVED) {
      proceed(request);
    }
  }

  /** Someone clicked Approve. Re-authorised now, whatever they could do when it was posted. */
  public Outcome approve(RequestId id, UserRef who) {
    return decide(
        id,
        who,
        (request, actor) -> {
          Decision decision = policy.mayApprove(actor, approvalContext(request));
          if (decision.isDenied()) {
            return refuse(actor, request, "approve", decision);
          }
          Instant now = ports.clock().instant();
          Transition t = RequestLifecycle.approve(request, who, actor.roles(), now);
          if (t instanceof Transition.Refused refused) {
            return new Outcome.Invalid(refused.reason());
          }
          Request next = store((Transition.Moved) t);
          if (next.state() == RequestState.APPROVED) {
            notify(next, "Approved by " + who.name() + ".");
            proceed(next);
            return new Outcome.RequestUpdated(next, "You approved " + id + ".");
          }
          notify(
              next, "Approved by " + who.name() + "; " + next.approvalsMissing() + " more needed.");
          return new Outcome.RequestUpdated(
              next, "You approved " + id + "; it needs " + next.approvalsMissing() + " more.");
        });
  }

  /** Someone clicked Reject. One rejection by an allowed approver ends the request. */
  public Outcome reject(RequestId id, UserRef who, Optional<String> comment) {
    return decide(
        id,
        who,
        (request, actor) -> {
          Decision decision = policy.mayReject(actor, approvalContext(request));
          if (decision.isDenied()) {
            return refuse(actor, request, "reject", decision);
          }
          Transition t =
              RequestLifecycle.reject(
                  request, who, actor.roles(), comment, ports.clock().instant());
          if (t instanceof Transition.Refused refused) {
            return new Outcome.Invalid(refused.reason());
          }
          Request next = store((Transition.Moved) t);
          ports.scheduler().cancel(id);
          notify(next, "Rejected by " + who.name() + comment.map(c -> ": " + c).orElse("."));
          return new Outcome.RequestUpdated(next, "You rejected " + id + ".");
        });
  }

  /** The requester (or Ops) cancels a request that has not run yet. */
  public Outcome cancel(RequestId id, UserRef who) {
    return decide(
        id,
        who,
        (request, actor) -> {
          Decision decision = policy.mayCancel(actor, request.requester());
          if (decision.isDenied()) {
            return refuse(actor, request, "cancel", decision);
          }
          Transition t = RequestLifecycle.cancel(request, who, ports.clock().instant());
          if (t instanceof Transition.Refused refused) {
            return new Outcome.Invalid(refused.reason());
          }
          Request next = store((Transition.Moved) t);
          ports.scheduler().cancel(id);
          notify(next, "Cancelled by " + who.name() + ".");
          return new Outcome.RequestUpdated(next, "You cancelled " + id + ".");
        });
  }

  /**
   * Runs an approved (or scheduled) request: re-checks policy, staleness and secrets, commits the
   * values and starts the sync. Does nothing for a request that is not waiting to run, so a second
   * call (a retry, another replica) never commits twice.
   */
  public void execute(RequestId id) {
    Optional<Request> found = ports.requests().find(id);
    if (found.isEmpty()
        || (found.get().state() != RequestState.APPROVED
            && found.get().state() != RequestState.SCHEDULED)) {
      return;
    }
    Request request = found.get();
    if (!ports.claims().claim(id)) {
      return; // another replica (or thread) is carrying it out
    }
    boolean handedToWatch = false;
    try {
      Optional<String> refusal = recheck(request);
      if (refusal.isPresent()) {
        end(RequestLifecycle.fail(request, "Not executed: " + refusal.get(), now()));
        return;
      }
      ValuesFile file = ports.values().read(request.target());
      if (!Objects.equals(file.lastChangeCommit(), request.baseCommit())
          || !ApprovalDigest.of(request, request.bindings()).equals(request.digest())) {
        end(
            RequestLifecycle.stale(
                request,
                "`"
                    + request.target().valuesPath()
                    + "` changed since this was approved (now at "
                    + shortId(file.lastChangeCommit())
                    + "); the approvals are void. Ask again.",
                now()));
        return;
      }
      String content = contentFor(request, file);
      ArtifactPreflight.Result resolved = artifacts.check(request.change(), content);
      List<String> rebound = ArtifactPreflight.rebind(request.bindings(), resolved);
      if (!ApprovalDigest.of(request, rebound).equals(request.digest())) {
        end(
            RequestLifecycle.stale(
                request,
                String.join("; ", ArtifactPreflight.moved(request.bindings(), resolved))
                    + ": the tag moved since this was approved, so the approvals are void."
                    + " Ask again to deploy what the tag holds now.",
                now()));
        return;
      }
      Optional<String> missing = artifacts.blocks(request.target(), resolved);
      if (missing.isPresent()) {
        end(RequestLifecycle.fail(request, "Not executed: " + missing.get(), now()));
        return;
      }
      Preflight preflight = preflights.check(request.target(), content);
      Optional<String> blocked = preflights.blocks(request.target(), preflight);
      if (blocked.isPresent()) {
        end(RequestLifecycle.fail(request, "Not executed: " + blocked.get(), now()));
        return;
      }
      Transition.Moved started = (Transition.Moved) RequestLifecycle.start(request, now());
      List<AuditEvent> events = new ArrayList<>(started.events());
      if (request.kind() != RequestKind.SYNC) {
        events.add(
            event(
                AuditEvent.Type.COMMITTING,
                started.request(),
                Map.of("subject", subject(request))));
      }
      Request executing = ports.requests().update(started.request(), events);
      notify(executing, "Executing " + request.id() + ".");
      commitAndSync(executing, content);
      handedToWatch = true;
    } catch (ConcurrentUpdateException e) {
      // Someone else moved the request (another replica executing it, a cancel): theirs stands.
    } catch (DirectoryUnavailableException e) {
      failSafely(request.id(), "Not executed: " + e.getMessage());
    } catch (ValuesRepositoryException e) {
      failSafely(request.id(), "Not executed: the values repository failed: " + e.getMessage());
    } finally {
      releaseUnlessWatched(id, handedToWatch);
    }
  }

  /**
   * Gives up the claim on a request this process no longer carries out: ended, never started, or
   * left executing by a fault (so that {@link #resumeAbandoned} anywhere can take it up). A request
   * handed to the sync watch keeps its claim until it ends; when the store cannot say, the claim is
   * kept, and a restart frees it.
   */
  private void releaseUnlessWatched(RequestId id, boolean handedToWatch) {
    if (handedToWatch) {
      try {
        if (ports.requests().find(id).map(r -> r.state() == RequestState.EXECUTING).orElse(false)) {
          return;
        }
      } catch (RuntimeException unknown) {
        return;
      }
    }
    ports.claims().release(id);
  }

  /**
   * A scheduled request's time has come (or came while the bot was down). Within {@code grace} of
   * its time it runs, saying so when it runs late; after that it is marked missed and never runs
   * silently hours late.
   */
  public void fire(RequestId id, Instant scheduledFor, java.time.Duration grace) {
    Optional<Request> found = ports.requests().find(id);
    if (found.isEmpty() || found.get().state() != RequestState.SCHEDULED) {
      return;
    }
    Instant deadline =
        policy.scheduledExpiry(
            found.get().createdAt(), found.get().scheduledAt().orElse(scheduledFor));
    if (!now().isBefore(deadline)) {
      end(RequestLifecycle.expireUnrun(found.get(), deadline, now()));
      return;
    }
    java.time.Duration late = java.time.Duration.between(scheduledFor, now());
    if (late.compareTo(grace) > 0) {
      end(
          RequestLifecycle.fail(
              found.get(),
              "Missed: it was due at "
                  + scheduledFor
                  + " but Helmgate could only run it "
                  + late.toMinutes()
                  + " minutes later, past the grace period of "
                  + grace.toMinutes()
                  + " minutes. Nothing was changed; schedule it again.",
              now()));
      return;
    }
    if (late.toSeconds() > 60) {
      notify(
          found.get(),
          "Running "
              + late.toMinutes()
              + " minutes late (Helmgate was unavailable at "
              + scheduledFor
              + ").");
    }
    Optional<String> undrained = edge.drainForWindow(found.get());
    if (undrained.isPresent()) {
      end(RequestLifecycle.fail(found.get(), "Not executed: " + undrained.get(), now()));
      return;
    }
    try {
      execute(id);
    } finally {
      edge.afterRun(ports.requests().find(id));
    }
  }

  /** A reminder before a scheduled request runs, e.g. 60 and 15 minutes ahead. */
  public void remind(RequestId id, java.time.Duration before) {
    ports
        .requests()
        .find(id)
        .filter(r -> r.state() == RequestState.SCHEDULED)
        .ifPresent(
            r ->
                notify(
                    r,
                    "Maintenance for "
                        + r.target()
                        + " starts in "
                        + before.toMinutes()
                        + " minutes, at "
                        + r.scheduledAt().map(Instant::toString).orElse("?")
                        + "."));
  }

  @Override
  public void progressed(RequestId id, SyncProgress progress) {
    Request request = ports.requests().find(id).orElseThrow();
    if (request.state() != RequestState.EXECUTING) {
      ports.claims().release(id);
      return;
    }
    if (!(progress instanceof SyncProgress.Running)) {
      // The end of the sync: if recording it fails (the database went away), give the claim up,
      // so that a sweep resumes the request instead of it waiting for this process to restart.
      try {
        ended(request, progress);
      } catch (RuntimeException e) {
        ports.claims().release(id);
        throw e;
      }
      return;
    }
    if (progress instanceof SyncProgress.Running running) {
      ports
          .audit()
          .append(List.of(event(AuditEvent.Type.SYNC_PHASE, request, phaseDetail(running))));
      notify(
          request,
          "ArgoCD: "
              + running.phase()
              + (running.health() == null ? "" : ", " + running.health())
              + (running.message() == null || running.message().isBlank()
                  ? ""
                  : " — " + running.message()));
    }
  }

  private void ended(Request request, SyncProgress progress) {
    if (progress instanceof SyncProgress.Healthy) {
      ports
          .audit()
          .append(
              List.of(event(AuditEvent.Type.SYNC_FINISHED, request, Map.of("result", "Healthy"))));
      end(edge.afterHealthy(request));
    } else if (progress instanceof SyncProgress.Failed failed) {
      ports
          .audit()
          .append(
              List.of(
                  event(
                      AuditEvent.Type.SYNC_FINISHED,
                      request,
                      Map.of(
                          "result",
                          failed.phase() + "/" + failed.health(),
                          "message",
                          String.valueOf(failed.message())))));
      edge.afterFailure(request);
      end(
          RequestLifecycle.fail(
              request,
              "The sync ended "
                  + failed.phase()
                  + (failed.health() == null ? "" : ", " + failed.health())
                  + ": "
                  + failed.message()
                  + ". To undo it: `/rollback "
                  + request.target()
                  + "`.",
              now()));
    }
  }

  @Override
  public void failed(RequestId id, DeployerException error) {
    Request request = ports.requests().find(id).orElseThrow();
    if (request.state() != RequestState.EXECUTING) {
      ports.claims().release(id);
      return;
    }
    try {
      edge.afterFailure(request);
      end(
          RequestLifecycle.fail(
              request,
              "The values were committed"
                  + request.commitId().map(c -> " (" + shortId(c) + ")").orElse("")
                  + ", but ArgoCD could not be watched: "
                  + error.getMessage(),
              now()));
    } catch (RuntimeException e) {
      ports.claims().release(id);
      throw e;
    }
  }

  /**
   * Reminds the thread of each pending request that expires within {@code before}, once per request
   * (the reminder is recorded in the audit trail, which is also how it is not repeated).
   */
  public int remindExpiring(java.time.Duration before) {
    int reminded = 0;
    for (Request request : ports.requests().findByState(List.of(RequestState.PENDING_APPROVAL))) {
      Optional<Instant> expires = request.expiresAt();
      if (expires.isEmpty()
          || now().isBefore(expires.get().minus(before))
          || !now().isBefore(expires.get())) {
        continue;
      }
      boolean already =
          ports
              .audit()
              .entries(io.helmgate.domain.port.AuditTrail.Query.request(request.id()))
              .stream()
              .anyMatch(e -> e.event().type() == AuditEvent.Type.REMINDED);
      if (already) {
        continue;
      }
      ports
          .audit()
          .append(
              List.of(
                  event(
                      AuditEvent.Type.REMINDED,
                      request,
                      Map.of("expiresAt", expires.get().toString()))));
      notify(
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

  /**
   * Expires pending requests whose approval time ran out, and approved requests for a later time
   * left unrun past the schedule horizon (their job lost or never fired); returns how many.
   */
  public int expireDue() {
    int expired = 0;
    for (Request request :
        ports.requests().findByState(List.of(RequestState.APPROVED, RequestState.SCHEDULED))) {
      if (request.scheduledAt().isEmpty()) {
        continue;
      }
      Instant deadline = policy.scheduledExpiry(request.createdAt(), request.scheduledAt().get());
      if (!now().isBefore(deadline)) {
        try {
          end(RequestLifecycle.expireUnrun(request, deadline, now()));
          ports.scheduler().cancel(request.id());
          expired++;
        } catch (ConcurrentUpdateException e) {
          // started or cancelled at this very moment: that stands
        }
      }
    }
    for (Request request : ports.requests().findByState(List.of(RequestState.PENDING_APPROVAL))) {
      if (request.expiresAt().isPresent() && !now().isBefore(request.expiresAt().get())) {
        try {
          end(RequestLifecycle.expire(request, now()));
          expired++;
        } catch (ConcurrentUpdateException e) {
          // approved or cancelled at this very moment: that decision stands
        }
      }
    }
    return expired;
  }

  /**
   * After a restart: requests left executing are resumed when their commit landed (found by its
   * {@code Helmgate-Request} trailer) and failed, with what is known, when it did not; requests
   * approved but not yet started (the process stopped between the approval and the execution) run
   * now, re-checked as any execution is. Nothing is committed twice and nothing is forgotten.
   */
  public void resumeInterrupted() {
    resumeExecuting("Resumed after a restart");
    for (Request request : ports.requests().findByState(List.of(RequestState.APPROVED))) {
      try {
        notify(request, "Resumed after a restart: it was approved and had not run yet.");
        proceed(request);
      } catch (RuntimeException e) {
        audit.fault(null, Optional.of(request.target()), "resume " + request.id(), e.getMessage());
      }
    }
  }

  /**
   * Resumes requests left executing by a process that stopped while others carried on (another
   * replica, or this one after a fault that ended its work): each one nobody holds a claim on. Run
   * periodically; a request still being carried out anywhere is left alone.
   */
  public void resumeAbandoned() {
    resumeExecuting("Resumed: the process carrying it out had stopped");
    Instant stale = now().minus(ABANDONED_AFTER);
    for (Request approved : ports.requests().findByState(List.of(RequestState.APPROVED))) {
      if (approved.updatedAt().isBefore(stale)) {
        try {
          notify(approved, "Starting it now: it was approved and had not started.");
          proceed(approved);
        } catch (RuntimeException e) {
          audit.fault(
              null, Optional.of(approved.target()), "resume " + approved.id(), e.getMessage());
        }
      }
    }
  }

  /**
   * How long an approved request may wait for an executor before a sweep starts it (execution
   * claims it first, so a request another process is starting is never run twice).
   */
  static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(2);

  private void resumeExecuting(String resumed) {
    for (Request listed : ports.requests().findByState(List.of(RequestState.EXECUTING))) {
      if (!ports.claims().claim(listed.id())) {
        continue; // still being carried out
      }
      // It may have ended between the listing and the claim (its executor finished and let go).
      Optional<Request> fresh;
      try {
        fresh = ports.requests().find(listed.id());
      } catch (RuntimeException e) {
        ports.claims().release(listed.id());
        throw e;
      }
      if (fresh.isEmpty() || fresh.get().state() != RequestState.EXECUTING) {
        ports.claims().release(listed.id());
        continue;
      }
      Request request = fresh.get();
      boolean handedToWatch = false;
      try {
        Optional<String> commit = request.commitId().or(() -> findCommitOf(request));
        if (request.kind() != RequestKind.SYNC && commit.isEmpty()) {
          end(
              RequestLifecycle.fail(
                  request,
                  "Interrupted before its values commit landed; nothing was committed. Ask again.",
                  now()));
          continue;
        }
        Request current = request;
        if (request.commitId().isEmpty() && commit.isPresent()) {
          current =
              store((Transition.Moved) RequestLifecycle.committed(request, commit.get(), now()));
        }
        notify(
            current,
            resumed + commit.map(c -> "; commit " + shortId(c) + " had landed").orElse("") + ".");
        sync(current);
        handedToWatch = true;
      } catch (RuntimeException e) {
        audit.fault(null, Optional.of(request.target()), "resume " + request.id(), e.getMessage());
      } finally {
        releaseUnlessWatched(request.id(), handedToWatch);
      }
    }
  }

  // --- execution steps -------------------------------------------------------------------------

  private void commitAndSync(Request executing, String content) {
    Request current = executing;
    if (executing.kind() != RequestKind.SYNC) {
      CommitOutcome outcome;
      try {
        outcome =
            ports
                .values()
                .commit(
                    new ValuesCommit(
                        executing.target(),
                        executing.baseCommit(),
                        content,
                        subject(executing),
                        executing.reason(),
                        notes(executing),
                        trailers(executing)));
      } catch (ValuesRepositoryException e) {
        end(
            RequestLifecycle.fail(
                executing,
                "The values commit failed: "
                    + e.getMessage()
                    + " Nothing was committed; ask again when it is fixed.",
                now()));
        return;
      }
      if (outcome instanceof CommitOutcome.Stale stale) {
        end(
            RequestLifecycle.fail(
                executing,
                "`"
                    + executing.target().valuesPath()
                    + "` changed while this was executing (now at "
                    + shortId(stale.currentBase())
                    + "); nothing was committed. Ask again.",
                now()));
        return;
      }
      if (outcome instanceof CommitOutcome.Committed committed) {
        current =
            store(
                (Transition.Moved)
                    RequestLifecycle.committed(executing, committed.commitId(), now()));
        notify(
            current,
            "Committed "
                + shortId(committed.commitId())
                + " to the values repository"
                + (committed.pushAttempts() > 1
                    ? " (pushed after " + committed.pushAttempts() + " attempts)"
                    : "")
                + ".");
      } else {
        notify(current, "The values were already as requested; nothing to commit.");
      }
    }
    sync(current);
  }

  private void sync(Request request) {
    if (!ports.deployer().isConfigured()) {
      end(
          RequestLifecycle.succeed(
              request,
              request.commitId().map(c -> "Committed " + shortId(c) + ". ").orElse("")
                  + "ArgoCD is not configured, so nothing was synced; environments with auto-sync pick the commit up.",
              now()));
      return;
    }
    ports
        .audit()
        .append(
            List.of(
                event(
                    AuditEvent.Type.SYNC_STARTED,
                    request,
                    Map.of("application", request.target().toString()))));
    try {
      SyncTicket ticket =
          ports
              .deployer()
              .startSync(request.target(), new SyncInfo(request.id(), request.requester(), null));
      notify(request, "Sync of " + ticket.application() + " started.");
      monitor.watch(request.id(), ticket, this);
    } catch (DeployerException e) {
      end(
          RequestLifecycle.fail(
              request,
              request.commitId().map(c -> "Committed " + shortId(c) + ", but the").orElse("The")
                  + " sync could not start: "
                  + e.getMessage(),
              now()));
    }
  }

  private String contentFor(Request request, ValuesFile file) {
    return switch (request.kind()) {
      case DEPLOY -> changes.apply(file, request.change());
      case ROLLBACK ->
          ports
              .values()
              .readAt(request.target(), request.restoreFrom().orElseThrow())
              .orElseThrow(() -> new ValuesRepositoryException("the commit to restore is gone"));
      case SYNC -> file.content();
    };
  }

  private Optional<String> recheck(Request request) {
    Actor requester = people.actor(request.requester());
    List<Actor> approvers =
        request.approvedBy().stream().map(a -> people.actor(a.approver())).toList();
    Optional<Lock> lock = ports.locks().find(request.target());
    Decision decision =
        policy.recheckAtExecution(
            requester, approvers, request.target(), lock, request.breakGlass(), now());
    return decision.isDenied() ? Optional.of(decision.message()) : Optional.empty();
  }

  private void proceed(Request approved) {
    Optional<Instant> at = approved.scheduledAt();
    if (at.isPresent() && at.get().isAfter(now())) {
      Request scheduled =
          store((Transition.Moved) RequestLifecycle.schedule(approved, at.get(), now()));
      ports.scheduler().schedule(approved.id(), at.get());
      notify(scheduled, "Scheduled for " + at.get() + ".");
      return;
    }
    try {
      ports.executor().execute(new RequestWork(approved.id(), () -> executeOrTell(approved)));
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      notify(
          approved,
          "Approved, but Helmgate has too much queued to start it now; it starts within "
              + ABANDONED_AFTER.toMinutes()
              + " minutes, re-checked as ever.");
    }
  }

  /**
   * Runs {@link #execute}; a fault that no step could record (the database went away) is told to
   * the request's thread instead of vanishing with the executor's thread, then rethrown for the
   * log. What was stored stands, and {@link #resumeInterrupted} picks the request up again.
   */
  private void executeOrTell(Request approved) {
    try {
      execute(approved.id());
    } catch (RuntimeException e) {
      try {
        ports
            .notifier()
            .update(
                approved,
                "Execution of "
                    + approved.id()
                    + " stopped: "
                    + describe(e)
                    + ". Helmgate resumes it within a few minutes once it can (or at its next"
                    + " start); a commit that already landed is never made twice.");
      } catch (RuntimeException notified) {
        e.addSuppressed(notified);
      }
      throw e;
    }
  }

  /** A fault's message with the message of its root cause, which usually says what failed. */
  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + " (" + root.getMessage() + ")";
    }
    return message;
  }

  private Optional<String> findCommitOf(Request request) {
    return ports.values().history(request.target(), 20).stream()
        .filter(e -> e.trailer(Trailer.REQUEST).map(request.id().toString()::equals).orElse(false))
        .map(ValuesHistoryEntry::commit)
        .findFirst();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Outcome decide(RequestId id, UserRef who, Decider decider) {
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
      return new Outcome.Invalid(e.getMessage());
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

  private Outcome refuse(Actor actor, Request request, String what, Decision decision) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("action", what);
    detail.put("rule", decision.rule());
    detail.put("message", decision.message());
    ports.audit().append(List.of(event(AuditEvent.Type.REFUSED, request, actor.user(), detail)));
    return new Outcome.Denied(decision);
  }

  private Request store(Transition.Moved moved) {
    return ports.requests().update(moved.request(), moved.events());
  }

  private Request update(Request request, List<AuditEvent> events) {
    return ports.requests().update(request, events);
  }

  /** Stores a terminal (or refused) transition and tells the thread. */
  private void end(Transition transition) {
    if (transition instanceof Transition.Moved moved) {
      Request next = store(moved);
      if (next.state().isTerminal()) {
        ports.claims().release(next.id());
        // Whatever ended it (a missed window, a resume that could not sync, a stale run), pool
        // members its window drained take traffic again; a no-op when nothing was drained.
        try {
          edge.afterFailure(next);
        } catch (RuntimeException e) {
          audit.fault(null, Optional.of(next.target()), "re-enable " + next.id(), e.getMessage());
        }
      }
      notify(next, next.outcome().orElse(next.state().name()));
    }
  }

  private void failSafely(RequestId id, String why) {
    ports
        .requests()
        .find(id)
        .ifPresent(
            r -> {
              try {
                end(RequestLifecycle.fail(r, why, now()));
              } catch (RuntimeException e) {
                audit.fault(null, Optional.of(r.target()), "fail " + id, e.getMessage());
              }
            });
  }

  /** A failed notification never fails the change it reports; it is recorded instead. */
  private void notify(Request request, String line) {
    try {
      ports.notifier().update(request, line);
    } catch (RuntimeException e) {
      ports
          .audit()
          .append(
              List.of(
                  event(
                      AuditEvent.Type.NOTIFICATION_FAILED,
                      request,
                      Map.of("line", line, "error", String.valueOf(e.getMessage())))));
    }
  }

  private String subject(Request request) {
    String change =
        request.change().changes().stream()
            .map(redaction::describe)
            .collect(Collectors.joining(", "));
    return switch (request.kind()) {
      case DEPLOY -> "deploy " + request.target() + ": " + change;
      case ROLLBACK ->
          "rollback "
              + request.target()
              + " to "
              + shortId(request.restoreFrom().orElse(""))
              + UndoneCommit.in(request.bindings())
                  .map(u -> " (undoes " + u.shortCommit() + ")")
                  .orElse("");
      case SYNC -> "sync " + request.target();
    };
  }

  /** Body lines beside the reason: for a rollback, which values it restores and what it undoes. */
  private static List<String> notes(Request request) {
    List<String> notes = new ArrayList<>();
    if (request.kind() == RequestKind.ROLLBACK) {
      request
          .restoreFrom()
          .ifPresent(
              c -> notes.add("Restores " + request.target().valuesPath() + " as of " + c + "."));
      UndoneCommit.in(request.bindings())
          .ifPresent(
              u ->
                  notes.add(
                      "Undoes "
                          + u.commit()
                          + " \""
                          + u.subject()
                          + "\" by "
                          + u.author()
                          + ", "
                          + u.time()
                          + "."));
    }
    if (request.breakGlass()) {
      notes.add("Break-glass: approval was skipped; the change is reviewed afterwards.");
    }
    return notes;
  }

  private static List<Trailer> trailers(Request request) {
    List<Trailer> trailers = new ArrayList<>();
    trailers.add(
        new Trailer(
            Trailer.REQUESTED_BY, request.requester().name() + " " + request.requester().id()));
    request
        .approvedBy()
        .forEach(
            a ->
                trailers.add(
                    new Trailer(
                        Trailer.APPROVED_BY, a.approver().name() + " " + a.approver().id())));
    trailers.add(new Trailer(Trailer.REQUEST, request.id().toString()));
    if (request.breakGlass()) {
      trailers.add(new Trailer(Trailer.BREAK_GLASS, "true"));
    }
    return trailers;
  }

  private Map<String, String> phaseDetail(SyncProgress.Running running) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("phase", String.valueOf(running.phase()));
    detail.put("health", String.valueOf(running.health()));
    if (running.message() != null) {
      detail.put("message", running.message());
    }
    return detail;
  }

  private AuditEvent event(AuditEvent.Type type, Request request, Map<String, String> detail) {
    return AuditEvent.of(type, now(), request, null, detail);
  }

  private AuditEvent event(
      AuditEvent.Type type, Request request, UserRef actor, Map<String, String> detail) {
    return AuditEvent.of(type, now(), request, actor, detail);
  }

  private Instant now() {
    return ports.clock().instant();
  }

  static String shortId(String commit) {
    return commit == null ? "?" : commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
