package io.helmgate.domain.service;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything that happens to a request after it was made, as the adapters call it: clicks ({@link
 * Decisions}), its execution as a pipeline of steps ({@link Executions}), and what the clock does
 * to it ({@link Sweeps}). A facade: each method hands over to the one class that does it.
 */
public final class RequestService {

  private final Ports ports;
  private final Decisions decisions;
  private final Executions executions;
  private final Sweeps sweeps;
  private final PullRequests pullRequests;

  RequestService(
      Ports ports,
      Decisions decisions,
      Executions executions,
      Sweeps sweeps,
      PullRequests pullRequests) {
    this.ports = ports;
    this.decisions = decisions;
    this.executions = executions;
    this.sweeps = sweeps;
    this.pullRequests = pullRequests;
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
      request = ports.requests().update(request.withMessage(where.get()), List.of());
    }
    if (request.state() == RequestState.APPROVED) {
      executions.proceed(request);
    } else if (where.isPresent()) {
      // Pull-request mode: reviewers on the forge see the change while approvals are given. Off
      // the caller's thread (it delivers Slack messages); a full executor leaves it to the poll.
      Request posted = request;
      try {
        ports.executor().execute(new RequestWork(id, () -> pullRequests.posted(posted)));
      } catch (java.util.concurrent.RejectedExecutionException busy) {
        // watchPullRequests() opens it at its next run.
      }
    }
  }

  /**
   * Reads the pull request of every request in pull-request mode that has not executed yet: reviews
   * count as approvals or rejections, a closed or foreign-pushed pull request ends its request. The
   * fallback for lost webhooks; answers how many were read.
   */
  public int watchPullRequests() {
    return pullRequests.watch();
  }

  /**
   * A verified forge webhook: the pull request it names is read now (or its execution's step run
   * now). Only a hint: nothing is taken from the event but which request it concerns.
   */
  public void forgeEvent(ForgeEvent event) {
    pullRequests.on(event);
  }

  /** Someone clicked Approve. Re-authorised now, whatever they could do when it was posted. */
  public Outcome approve(RequestId id, UserRef who) {
    return decisions.approve(id, who);
  }

  /** Someone clicked Reject. One rejection by an allowed approver ends the request. */
  public Outcome reject(RequestId id, UserRef who, Optional<String> comment) {
    return decisions.reject(id, who, comment);
  }

  /** The requester (or Ops) cancels a request that has not run yet. */
  public Outcome cancel(RequestId id, UserRef who) {
    return decisions.cancel(id, who);
  }

  /**
   * Runs an approved request, or the current step of an executing one. Does nothing for a request
   * that is not waiting to run, so a second call (a retry, another replica) never commits twice.
   */
  public void execute(RequestId id) {
    executions.run(id);
  }

  /** An executing request's step is due to run again (a sync being watched, a fault retried). */
  public void resume(RequestId id) {
    executions.run(id);
  }

  /** A scheduled request's time has come; {@code grace} bounds how late it may still run. */
  public void fire(RequestId id, Instant scheduledFor, Duration grace) {
    executions.fire(id, scheduledFor, grace);
  }

  /** A reminder before a scheduled request runs, e.g. 60 and 15 minutes ahead. */
  public void remind(RequestId id, Duration before) {
    executions.remind(id, before);
  }

  /** Reminds pending requests that expire within {@code before}, once each; returns how many. */
  public int remindExpiring(Duration before) {
    return sweeps.remindExpiring(before);
  }

  /** Expires requests whose approval (or approved run) is out of time; returns how many. */
  public int expireDue() {
    return sweeps.expireDue();
  }

  /** After a restart: executions go on from their current step, approved requests run. */
  public void resumeInterrupted() {
    sweeps.resumeInterrupted();
  }

  /** Takes up requests whose process stopped while others carried on. */
  public void resumeAbandoned() {
    sweeps.resumeAbandoned();
  }

  /** The execution's steps, in order, for people and tests. */
  public List<String> steps() {
    return executions.steps();
  }
}
