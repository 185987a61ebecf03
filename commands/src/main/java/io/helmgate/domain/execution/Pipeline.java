package io.helmgate.domain.execution;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.ExecutionClaims;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Scheduler;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Runs a request's execution as a list of {@link Step}s. It takes the execution claim once, runs
 * the current step and stores where the execution is (and each step's output) on the request with
 * the step's audit events, in one write; then runs the next step, until one is still {@link
 * StepResult.Running} (it is run again at its {@code retryAt} through the {@link Scheduler}) or the
 * execution ends. Resuming after a crash, or on another replica, is "run the current step again":
 * steps are written to be safe to repeat.
 *
 * <p>Endings: {@link StepResult.Failed} ends FAILED (or STALE), a business outcome told as what
 * happened; {@link StepResult.Errored} is retried with backoff while retryable and within {@link
 * RetrySettings#giveUpAfter}, then ends FAILED told as an error, never as a refusal. Every ending
 * runs the {@link Compensation}s first.
 */
public final class Pipeline {

  /** The outcome's opening words when a technical fault stopped the execution. */
  public static final String STOPPED = "Stopped by an error: ";

  private final List<Step> steps;
  private final List<Compensation> compensations;
  private final RequestStore requests;
  private final ExecutionClaims claims;
  private final Scheduler scheduler;
  private final BiConsumer<Request, String> thread;
  private final Clock clock;
  private final RetrySettings retry;
  private final Summary summary;
  private final Map<String, Recorded> recorded;

  /**
   * How one step's runs are recorded in the audit trail when it is not as a plain {@code STEP}
   * event: the types auditors and the evidence pack already read ({@code COMMITTED}, {@code
   * SYNC_STARTED}, {@code SYNC_PHASE}, {@code SYNC_FINISHED}).
   *
   * @param done the type of the event when the step finishes (succeeded or failed)
   * @param progress the type of the event when it is still running and has something to say
   */
  public record Recorded(AuditEvent.Type done, AuditEvent.Type progress) {}

  /** The words a request that went through every step ends with. */
  @FunctionalInterface
  public interface Summary {
    String of(Request done);
  }

  /**
   * @param thread tells the request's thread a line; must not throw (failures are recorded by it)
   */
  public Pipeline(
      List<Step> steps,
      List<Compensation> compensations,
      RequestStore requests,
      ExecutionClaims claims,
      Scheduler scheduler,
      BiConsumer<Request, String> thread,
      Clock clock,
      RetrySettings retry,
      Summary summary,
      Map<String, Recorded> recorded) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs steps");
    }
    this.steps = List.copyOf(steps);
    this.compensations = List.copyOf(compensations);
    this.requests = Objects.requireNonNull(requests);
    this.claims = Objects.requireNonNull(claims);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.thread = Objects.requireNonNull(thread);
    this.clock = Objects.requireNonNull(clock);
    this.retry = Objects.requireNonNull(retry);
    this.summary = Objects.requireNonNull(summary);
    this.recorded = Map.copyOf(recorded);
  }

  /**
   * Begins an approved or scheduled request; null when it is no longer waiting to run. A write that
   * met the begin (a fact noted on the request, the message's place stored) is no reason to leave
   * an approved change for a sweep: it is read again and begun once more, and what the other writer
   * stored (a cancel, say) decides.
   */
  private Request begin(Request approved, Map<String, Object> scratch) {
    Request current = approved;
    for (int attempt = 0; ; attempt++) {
      Request reading = current;
      Optional<Step> first = firstApplicable(0, reading, scratch);
      try {
        return requests.together(
            () -> {
              Request begun =
                  store(RequestLifecycle.begin(reading, first.map(Step::name).orElse(DONE), now()));
              if (begun != null) {
                tell(begun, "Executing " + begun.id() + ".");
              }
              return begun;
            });
      } catch (ConcurrentUpdateException e) {
        Optional<Request> again = requests.find(approved.id());
        if (attempt > 0
            || again.isEmpty()
            || (again.get().state() != RequestState.APPROVED
                && again.get().state() != RequestState.SCHEDULED)) {
          throw e;
        }
        current = again.get();
      }
    }
  }

  /** The steps' names, in order. */
  public List<String> stepNames() {
    return steps.stream().map(Step::name).toList();
  }

  /**
   * Runs the request: starts it when it is approved or scheduled, runs its current step when it is
   * executing, and does nothing otherwise, or when another process holds its claim.
   */
  public void run(RequestId id) {
    run(id, Optional.empty());
  }

  /**
   * Runs the request as {@link #run(RequestId)} does, first telling its thread {@code announcement}
   * when it is executing and this process got to run it (a resume says so, but only when it is the
   * one resuming).
   */
  public void run(
      RequestId id, Optional<java.util.function.Function<Request, String>> announcement) {
    if (!claims.claim(id)) {
      return; // another replica (or thread) is at it; it stores where it got to
    }
    Instant resumeAt = null;
    try {
      Optional<Request> found = requests.find(id);
      if (found.isEmpty()) {
        return;
      }
      Request request = found.get();
      Map<String, Object> scratch = new HashMap<>();
      if (request.state() == RequestState.APPROVED || request.state() == RequestState.SCHEDULED) {
        request = begin(request, scratch);
        if (request == null) {
          return; // it left APPROVED/SCHEDULED between the read and now
        }
      }
      if (request.state() != RequestState.EXECUTING) {
        return;
      }
      Request announced = request;
      announcement.ifPresent(a -> tell(announced, a.apply(announced)));
      resumeAt = runSteps(request, scratch);
    } catch (ConcurrentUpdateException e) {
      // Someone else moved the request (a cancel, another replica): what they stored stands.
    } finally {
      claims.release(id);
    }
    // Only once the claim is given back: a resume that fired while this run still held it would
    // find the request claimed, do nothing, and leave it waiting for a sweep.
    if (resumeAt != null) {
      scheduler.resume(id, resumeAt);
    }
  }

  /**
   * Output: when the current step is due to run again. A sweep takes up an execution whose step is
   * well past due (its scheduled resume was lost), without waiting for it to look abandoned.
   */
  public static final String DUE = "due";

  /** The step name of an execution that has run every step. */
  static final String DONE = "done";

  /** Runs steps until one has to wait (returns when to run it again) or the execution ends. */
  private Instant runSteps(Request request, Map<String, Object> scratch) {
    Request current = request;
    while (true) {
      String name = current.execution().step();
      if (DONE.equals(name)) {
        end(current, RequestState.SUCCEEDED, summary.of(current), List.of());
        return null;
      }
      int index = indexOf(name);
      if (index < 0) {
        end(
            current,
            RequestState.FAILED,
            STOPPED
                + "it was at step `"
                + name
                + "`, which this version of Helmgate does not have.",
            List.of(stopped(current, "unknown step " + name)));
        return null;
      }
      Step step = steps.get(index);
      StepContext context = new StepContext(current, now(), scratch);
      StepResult result;
      if (!step.appliesTo(context)) {
        // Reached when it applied (or by a resume that starts here); nothing to do now.
        Optional<Step> next = firstApplicable(index + 1, current, scratch);
        current =
            store(
                current,
                current.execution().advance(next.map(Step::name).orElse(DONE), now(), Map.of()),
                List.of());
        continue;
      }
      try {
        result = step.run(context);
      } catch (ConcurrentUpdateException e) {
        throw e;
      } catch (RuntimeException e) {
        result = new StepResult.Errored(describe(e), false);
      }
      if (result instanceof StepResult.Succeeded done) {
        Optional<Step> next = firstApplicable(index + 1, current, scratch);
        Execution moved =
            current.execution().advance(next.map(Step::name).orElse(DONE), now(), done.output());
        Map<String, String> detail = new LinkedHashMap<>(done.output());
        done.line().ifPresent(line -> detail.put("line", line));
        current =
            storeTelling(
                current,
                moved,
                List.of(event(typeOf(name, true), current, name, "succeeded", detail)),
                done.line());
      } else if (result instanceof StepResult.Running running) {
        Map<String, String> progress = new LinkedHashMap<>(running.progress());
        progress.put(DUE, running.retryAt().toString());
        Execution again = current.execution().again(progress);
        List<AuditEvent> events =
            running.line().isPresent()
                ? List.of(
                    event(
                        typeOf(name, false),
                        current,
                        name,
                        "running",
                        Map.of("line", running.line().get())))
                : List.of();
        current = storeTelling(current, again, events, running.line());
        return running.retryAt();
      } else if (result instanceof StepResult.Failed failed) {
        end(
            current,
            failed.ending() == StepResult.Ending.STALE ? RequestState.STALE : RequestState.FAILED,
            failed.reason(),
            List.of(
                event(
                    typeOf(name, true),
                    current,
                    name,
                    "failed",
                    Map.of("reason", failed.reason()))));
        return null;
      } else {
        StepResult.Errored errored = (StepResult.Errored) result;
        Optional<Instant> retryAt =
            errored.retryable()
                ? retry.next(current.execution().stepSince(), current.execution().attempt(), now())
                : Optional.empty();
        if (retryAt.isEmpty()) {
          end(
              current,
              RequestState.FAILED,
              STOPPED + errored.reason(),
              List.of(stopped(current, errored.reason())));
          return null;
        }
        boolean first = current.execution().attempt() == 0;
        Instant giveUp = current.execution().stepSince().plus(retry.giveUpAfter());
        current =
            storeTelling(
                current,
                current.execution().again(Map.of(DUE, retryAt.get().toString())),
                List.of(
                    event(
                        AuditEvent.Type.STEP,
                        current,
                        name,
                        "errored",
                        Map.of("error", errored.reason()))),
                first
                    ? Optional.of(
                        "Step `"
                            + name
                            + "` hit a fault: "
                            + errored.reason()
                            + ". Helmgate tries again until "
                            + giveUp
                            + ".")
                    : Optional.empty());
        return retryAt.get();
      }
    }
  }

  private void tell(Request request, String line) {
    thread.accept(request, line);
  }

  private Optional<Step> firstApplicable(int from, Request request, Map<String, Object> scratch) {
    for (int i = from; i < steps.size(); i++) {
      if (steps.get(i).appliesTo(new StepContext(request, now(), scratch))) {
        return Optional.of(steps.get(i));
      }
    }
    return Optional.empty();
  }

  private int indexOf(String name) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Ends the execution: compensations first, then the ending stored with its audit events. */
  private void end(Request request, RequestState ending, String outcome, List<AuditEvent> before) {
    Map<String, String> given = new LinkedHashMap<>();
    for (Compensation compensation : compensations) {
      try {
        given.putAll(compensation.run(request, line -> tell(request, line)));
      } catch (RuntimeException e) {
        tell(request, "Could not give back what the execution took: " + describe(e));
      }
    }
    String note = given.remove(Compensation.NOTE);
    String told = note == null ? outcome : outcome + " " + note;
    List<AuditEvent> events = new ArrayList<>(before);
    Transition t = RequestLifecycle.finish(request, ending, told, given, now());
    if (t instanceof Transition.Moved moved) {
      events.addAll(moved.events());
      Request ended =
          requests.together(
              () -> {
                Request stored = requests.update(moved.request(), events);
                tell(stored, stored.outcome().orElse(stored.state().name()));
                return stored;
              });
      scheduler.cancel(ended.id());
    }
  }

  private AuditEvent stopped(Request request, String error) {
    return event(
        AuditEvent.Type.STEP,
        request,
        request.execution().step(),
        "stopped by an error",
        Map.of("error", error));
  }

  /** Stores a move; null when the lifecycle refused it. */
  private Request store(Transition transition) {
    return transition.either(
        moved -> requests.update(moved.request(), moved.events()), refused -> null);
  }

  private Request store(Request request, Execution next, List<AuditEvent> events) {
    return RequestLifecycle.step(request, next, events, now())
        .either(
            moved -> requests.update(moved.request(), moved.events()),
            refused -> {
              // Only an executing request has steps, and only this claim holder moves it.
              throw new IllegalStateException(refused.reason());
            });
  }

  /** Stores where the execution is and tells its line, kept together (see RequestStore). */
  private Request storeTelling(
      Request request, Execution next, List<AuditEvent> events, Optional<String> line) {
    return requests.together(
        () -> {
          Request stored = store(request, next, events);
          line.ifPresent(l -> tell(stored, l));
          return stored;
        });
  }

  private AuditEvent.Type typeOf(String step, boolean done) {
    Recorded r = recorded.get(step);
    return r == null ? AuditEvent.Type.STEP : done ? r.done() : r.progress();
  }

  private AuditEvent event(
      AuditEvent.Type type, Request request, String step, String result, Map<String, String> more) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("step", step);
    detail.put("result", result);
    detail.putAll(more);
    return AuditEvent.of(type, now(), request, null, detail);
  }

  private Instant now() {
    return clock.instant();
  }

  /** A fault's message with the message of its root cause, which usually says what failed. */
  public static String describe(Throwable e) {
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
}
