package io.helmgate.domain.service;

import io.helmgate.domain.execution.OpenPullRequest;
import io.helmgate.domain.execution.PullRequestSettings;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Pull-request mode: tells a request's pull request what happened to the request in Slack, so that
 * the forge's page is as complete as the thread. Each decision becomes a comment naming the person
 * and the time; a request that ends before it executes (rejected, cancelled, expired, stale) sets
 * {@code helmgate/policy} to failure on the head, so that nobody can merge it, and closes the pull
 * request saying why. Never throws: a forge that cannot be reached is told in the request's thread
 * and recorded.
 */
final class PullRequestMirror {

  private final PullRequestSettings settings;
  private final Tell tell;
  private final AuditTrail audit;
  private final Clock clock;
  private final Executor executor;

  /**
   * @param executor where the forge is called: a decision is answered in Slack without waiting for
   *     the forge (a full executor runs it on the caller's thread instead)
   */
  PullRequestMirror(
      PullRequestSettings settings, Tell tell, AuditTrail audit, Clock clock, Executor executor) {
    this.settings = settings;
    this.tell = tell;
    this.audit = audit;
    this.clock = clock;
    this.executor = executor;
  }

  /** A decision on {@code after}'s approval was stored; {@code line} says who, what and when. */
  void decided(Request after, String line) {
    if (after.state().isTerminal()) {
      ended(after);
      return;
    }
    withPullRequest(
        after,
        after.execution().output(OpenPullRequest.NUMBER),
        (forge, n) -> {
          String more =
              after.approvalsMissing() > 0
                  ? " " + after.approvalsMissing() + " more approval(s) needed."
                  : " The policy's approvals are complete; Helmgate merges once it has re-checked"
                      + " them"
                      + after.scheduledAt().map(at -> " at " + at).orElse("")
                      + ".";
          forge.comment(n, "Helmgate " + after.id() + ": " + line + "." + more);
          record(after, n, "comment", line);
        });
  }

  /** {@code ended} ended before its execution merged anything: its pull request is closed. */
  void ended(Request ended) {
    ended(ended, ended.execution().outputs());
  }

  /**
   * {@code ended} ended while its pull request was being opened: {@code opened} holds what the
   * opening learnt (its number), which the request could no longer note.
   */
  void ended(Request ended, Map<String, String> opened) {
    withPullRequest(
        ended,
        Optional.ofNullable(opened.get(OpenPullRequest.NUMBER)),
        (forge, n) -> {
          PullRequest pr = forge.get(n);
          if (pr.state() != PullRequest.State.OPEN) {
            return;
          }
          String why = ended.outcome().orElse(ended.state().name().toLowerCase());
          forge.setPolicyStatus(
              pr.headSha(),
              CommitStatusState.FAILURE,
              "Helmgate " + ended.id() + ": " + ended.state().name().toLowerCase(),
              pr.url());
          forge.close(
              n,
              "Helmgate "
                  + ended.id()
                  + " ended without merging this pull request ("
                  + ended.state().name().toLowerCase()
                  + "): "
                  + why);
          record(ended, n, "closed", why);
          tell.accept(ended, "Closed pull request #" + n + ".");
        });
  }

  @FunctionalInterface
  private interface ForgeWork {
    void run(Forge forge, long number);
  }

  private void withPullRequest(Request request, Optional<String> number, ForgeWork work) {
    if (number.isEmpty() || settings.forge().isEmpty()) {
      return;
    }
    long n = Long.parseLong(number.get());
    Runnable call = () -> call(request, n, work);
    try {
      executor.execute(new RequestWork(request.id(), call));
    } catch (RejectedExecutionException busy) {
      call.run();
    }
  }

  private void call(Request request, long n, ForgeWork work) {
    try {
      work.run(settings.forge().get(), n);
    } catch (ForgeException e) {
      record(request, n, "failed", String.valueOf(e.getMessage()));
      tell.accept(
          request,
          "Could not update pull request #"
              + n
              + " on the forge ("
              + e.getMessage()
              + "); its `"
              + Forge.POLICY_CHECK
              + "` status still stops a merge Helmgate has not allowed.");
    }
  }

  private void record(Request request, long number, String action, String text) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("action", action);
    detail.put("pull-request", String.valueOf(number));
    request.execution().output(OpenPullRequest.URL).ifPresent(u -> detail.put("url", u));
    detail.put("text", text);
    audit.append(
        List.of(
            AuditEvent.of(AuditEvent.Type.PULL_REQUEST, clock.instant(), request, null, detail)));
  }
}
