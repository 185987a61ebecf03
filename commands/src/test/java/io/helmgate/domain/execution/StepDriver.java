package io.helmgate.domain.execution;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.NewRequest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.TestRequests;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs steps the way the pipeline does, for the steps' own tests: a step's outputs and progress are
 * stored on the request between runs, a {@link StepResult.Running} step runs again at its {@code
 * retryAt}, a retryable error after a pause. Each run sees only what the request holds, so a new
 * step instance (a restart, another replica) can take over at any run.
 */
final class StepDriver {

  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  static final Target PROD = new Target("acme", "payments", "prod");
  static final UserRef ALICE = new UserRef("U0ALICE", "alice");
  static final String OLD_SHA = "1111111111111111111111111111111111111111";
  static final String NEW_SHA = "abc1234def567890abc1234def567890abc12345";
  static final String LATER_SHA = "fed9876fed9876fed9876fed9876fed9876fed98";
  static final Duration BACKOFF = Duration.ofSeconds(10);

  final MovingClock clock;
  Request request;
  final List<String> lines = new ArrayList<>();
  final List<StepResult> results = new ArrayList<>();

  StepDriver(MovingClock clock, Request request) {
    this.clock = clock;
    this.request = request;
  }

  /** A request of {@code kind} for PROD, made at T0, optionally scheduled. */
  static Request request(RequestKind kind, Optional<Instant> scheduledAt) {
    ChangeSet change =
        kind == RequestKind.SYNC
            ? new ChangeSet(List.of())
            : new ChangeSet(List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.2")));
    NewRequest spec =
        new NewRequest(
            new RequestId(42),
            kind,
            PROD,
            ALICE,
            Optional.of("CHG-1"),
            Optional.empty(),
            Optional.empty(),
            change,
            OLD_SHA,
            scheduledAt,
            false,
            List.of());
    return RequestLifecycle.open(spec, 0, Duration.ofHours(24), T0).request();
  }

  /** A deploy made now, that has not started to execute. */
  static Request deploy() {
    return request(RequestKind.DEPLOY, Optional.empty());
  }

  /** Stores {@code outputs} as if earlier steps had produced them (e.g. the commit). */
  StepDriver with(Map<String, String> outputs) {
    Execution e = request.execution();
    request =
        TestRequests.withExecution(
            request,
            e.started()
                ? new Execution(e.step(), e.attempt(), e.stepSince(), merged(e.outputs(), outputs))
                : new Execution("commit:done", 0, clock.instant(), outputs));
    return this;
  }

  /** The commit step pushed {@code sha}. */
  StepDriver committed(String sha) {
    return with(Map.of(Execution.COMMIT, sha));
  }

  /** Runs {@code step} once, storing what it returned. */
  StepResult once(Step step) {
    Execution e = request.execution();
    if (!e.step().equals(step.name())) {
      e = e.advance(step.name(), clock.instant(), Map.of());
      request = TestRequests.withExecution(request, e);
    }
    StepResult result = step.run(StepContext.of(request, clock.instant()));
    results.add(result);
    if (result instanceof StepResult.Running running) {
      running.line().ifPresent(lines::add);
      request = TestRequests.withExecution(request, e.again(running.progress()));
    } else if (result instanceof StepResult.Errored) {
      request = TestRequests.withExecution(request, e.again(Map.of()));
    } else if (result instanceof StepResult.Succeeded done) {
      done.line().ifPresent(lines::add);
      request =
          TestRequests.withExecution(
              request, e.advance(step.name() + ":done", clock.instant(), done.output()));
    }
    return result;
  }

  /** Runs {@code step} until it succeeds, fails or errs for good, moving the clock as it asks. */
  StepResult untilDone(Step step) {
    for (int i = 0; i < 10_000; i++) {
      StepResult result = once(step);
      if (result instanceof StepResult.Running running) {
        if (running.retryAt().isAfter(clock.instant())) {
          clock.advance(Duration.between(clock.instant(), running.retryAt()));
        }
      } else if (result instanceof StepResult.Errored errored && errored.retryable()) {
        clock.advance(BACKOFF);
      } else {
        return result;
      }
    }
    throw new AssertionError("the step never ended");
  }

  /** An output stored on the request. */
  Optional<String> output(String name) {
    return request.execution().output(name);
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new HashMap<>(a);
    all.putAll(b);
    return all;
  }
}
