package io.helmgate.domain.service;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.execution.ArgoPreflight;
import io.helmgate.domain.execution.AwaitDeployed;
import io.helmgate.domain.execution.AwaitMerge;
import io.helmgate.domain.execution.CheckArtifacts;
import io.helmgate.domain.execution.CheckSecrets;
import io.helmgate.domain.execution.ClosePullRequest;
import io.helmgate.domain.execution.CommitMessages;
import io.helmgate.domain.execution.CommitValues;
import io.helmgate.domain.execution.Drain;
import io.helmgate.domain.execution.EnableDrained;
import io.helmgate.domain.execution.NewContent;
import io.helmgate.domain.execution.OpenPullRequest;
import io.helmgate.domain.execution.Pipeline;
import io.helmgate.domain.execution.Recheck;
import io.helmgate.domain.execution.StartSync;
import io.helmgate.domain.execution.Step;
import io.helmgate.domain.execution.VerifyBase;
import io.helmgate.domain.execution.VerifyEdge;
import io.helmgate.domain.policy.ChangeMode;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.Transition;
import io.helmgate.domain.values.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs approved requests: now (on the executor, after the click has been answered), or at their
 * time. The steps, in order, are listed here and nowhere else: a new check is one class and one
 * line below.
 */
final class Executions {

  private final Ports ports;
  private final Policy policy;
  private final Tell tell;
  private final Pipeline pipeline;
  private final Consumer<Request> ended;
  private final OpenPullRequest opener;

  Executions(
      Ports ports,
      Policy policy,
      People people,
      Tell tell,
      Changes changes,
      Preflights preflights,
      ArtifactPreflight artifacts,
      Redaction redaction,
      ExecutionOptions options,
      Consumer<Request> ended) {
    this.ports = ports;
    this.ended = ended;
    this.policy = policy;
    this.tell = tell;
    NewContent content = new NewContent(ports.values(), changes);
    List<Step> steps = new ArrayList<>();
    Recheck recheck = new Recheck(policy, people, ports.locks());
    steps.add(recheck);
    steps.add(new VerifyBase(content));
    steps.add(new CheckArtifacts(artifacts, content));
    steps.add(new CheckSecrets(preflights, content));
    steps.add(new ArgoPreflight(ports.deployer(), options.argo(), options.valuesBranch()));
    steps.add(new Drain(ports.edge(), ports.audit(), ports.clock()));
    CommitMessages messages = new CommitMessages(redaction);
    // One list for both change modes: each commit step's appliesTo reads the environment's mode.
    java.util.function.Predicate<Request> viaPullRequest = viaPullRequest(policy);
    steps.add(new CommitValues(ports.values(), content, messages, viaPullRequest));
    this.opener =
        new OpenPullRequest(
            ports.values(),
            content,
            messages,
            options.pullRequests(),
            viaPullRequest,
            options.valuesBranch());
    steps.add(opener);
    steps.add(
        new AwaitMerge(
            options.pullRequests(),
            viaPullRequest,
            recheck::run,
            ports.values(),
            content,
            messages,
            options.valuesBranch()));
    steps.add(new StartSync(ports.deployer(), options.argo(), ports.values()::contains));
    steps.add(new AwaitDeployed(ports.deployer(), options.argo(), ports.values()::contains));
    steps.add(
        new VerifyEdge(
            ports.edge(),
            ports.deployer(),
            ports.audit(),
            ports.clock(),
            e -> tell.accept(e.getKey(), e.getValue())));
    this.pipeline =
        new Pipeline(
            steps,
            List.of(
                new EnableDrained(ports.edge(), ports.audit(), ports.clock()),
                new ClosePullRequest(options.pullRequests())),
            ports.requests(),
            ports.claims(),
            ports.scheduler(),
            tell,
            ports.clock(),
            options.retry(),
            done -> done.execution().output(VerifyEdge.SUMMARY).orElse("Done."),
            Map.of(
                "commit",
                new Pipeline.Recorded(AuditEvent.Type.COMMITTED, AuditEvent.Type.STEP),
                AwaitMerge.NAME,
                new Pipeline.Recorded(AuditEvent.Type.COMMITTED, AuditEvent.Type.STEP),
                StartSync.NAME,
                new Pipeline.Recorded(AuditEvent.Type.SYNC_STARTED, AuditEvent.Type.SYNC_PHASE),
                AwaitDeployed.NAME,
                new Pipeline.Recorded(AuditEvent.Type.SYNC_FINISHED, AuditEvent.Type.SYNC_PHASE)));
  }

  /** Whether a request's environment changes through pull requests ({@code change-mode}). */
  static java.util.function.Predicate<Request> viaPullRequest(Policy policy) {
    return r ->
        policy.config().rulesFor(r.target().environment()).changeMode() == ChangeMode.PULL_REQUEST;
  }

  /** Opens a request's pull request; pull-request mode opens it before the execution too. */
  OpenPullRequest pullRequestOpener() {
    return opener;
  }

  /** The pipeline's steps, in order. */
  List<String> steps() {
    return pipeline.stepNames();
  }

  /** An approved request: scheduled for its time, or run now on the executor. */
  void proceed(Request approved) {
    Optional<Instant> at = approved.scheduledAt();
    if (at.isPresent() && at.get().isAfter(now())) {
      RequestLifecycle.schedule(approved, at.get(), now())
          .either(
              moved -> {
                Request scheduled = store(moved);
                ports.scheduler().schedule(approved.id(), at.get());
                tell.accept(scheduled, "Scheduled for " + at.get() + ".");
                return scheduled;
              },
              refused -> approved); // cancelled or rejected meanwhile: that stands
      return;
    }
    try {
      ports.executor().execute(new RequestWork(approved.id(), () -> runOrTell(approved)));
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      tell.accept(
          approved,
          "Approved, but Helmgate has too much queued to start it now; it starts within "
              + Sweeps.ABANDONED_AFTER.toMinutes()
              + " minutes, re-checked as ever.");
    }
  }

  /** Runs the request's current step (and the ones after it, until one has to wait). */
  void run(RequestId id) {
    pipeline.run(id);
  }

  /** Resumes an executing request, telling its thread {@code why} if this process resumes it. */
  void resume(RequestId id, String why) {
    pipeline.run(
        id,
        Optional.of(
            r ->
                why
                    + r.commitId()
                        .map(c -> "; commit " + CommitIds.shortId(c) + " had landed")
                        .orElse("")
                    + "."));
  }

  /**
   * Runs the pipeline; a fault no step could record (the database went away) is told to the
   * request's thread instead of vanishing with the executor's thread, then rethrown for the log.
   */
  private void runOrTell(Request approved) {
    try {
      pipeline.run(approved.id());
    } catch (RuntimeException e) {
      try {
        ports
            .notifier()
            .update(
                approved,
                "Execution of "
                    + approved.id()
                    + " stopped: "
                    + Pipeline.describe(e)
                    + ". Helmgate resumes it within a few minutes once it can (or at its next"
                    + " start); a commit that already landed is never made twice.");
      } catch (RuntimeException notified) {
        e.addSuppressed(notified);
      }
      throw e;
    }
  }

  /**
   * A scheduled request's time has come (or came while the bot was down). Within {@code grace} of
   * its time it runs, saying so when it runs late; after that it is marked missed and never runs
   * silently hours late.
   */
  void fire(RequestId id, Instant scheduledFor, Duration grace) {
    Optional<Request> found = ports.requests().find(id);
    if (found.isEmpty()
        || found.get().state() != io.helmgate.domain.request.RequestState.SCHEDULED) {
      return;
    }
    Request request = found.get();
    Instant deadline =
        policy.scheduledExpiry(request.createdAt(), request.scheduledAt().orElse(scheduledFor));
    if (!now().isBefore(deadline)) {
      end(RequestLifecycle.expireUnrun(request, deadline, now()));
      return;
    }
    Duration late = Duration.between(scheduledFor, now());
    if (late.compareTo(grace) > 0) {
      end(
          RequestLifecycle.fail(
              request,
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
      tell.accept(
          request,
          "Running "
              + late.toMinutes()
              + " minutes late (Helmgate was unavailable at "
              + scheduledFor
              + ").");
    }
    pipeline.run(id);
  }

  /** A reminder before a scheduled request runs, e.g. 60 and 15 minutes ahead. */
  void remind(RequestId id, Duration before) {
    ports
        .requests()
        .find(id)
        .filter(r -> r.state() == io.helmgate.domain.request.RequestState.SCHEDULED)
        .ifPresent(
            r ->
                tell.accept(
                    r,
                    "Maintenance for "
                        + r.target()
                        + " starts in "
                        + before.toMinutes()
                        + " minutes, at "
                        + r.scheduledAt().map(Instant::toString).orElse("?")
                        + "."));
  }

  /** Stores an ending that did not run (expired, missed) and tells the thread. */
  void end(Transition transition) {
    if (transition instanceof Transition.Moved moved) {
      Request next = store(moved);
      ports.scheduler().cancel(next.id());
      tell.accept(next, next.outcome().orElse(next.state().name()));
      ended.accept(next);
    }
  }

  private Request store(Transition.Moved moved) {
    return ports.requests().update(moved.request(), moved.events());
  }

  private Instant now() {
    return ports.clock().instant();
  }
}
