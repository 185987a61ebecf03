package io.helmgate.domain.execution;

import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a step sees: the request as stored (with its {@link Execution}), the time, and a scratch
 * space for values computed earlier in the same run (the new file content), which is never stored:
 * after a restart the step that needs it computes it again.
 */
public final class StepContext {

  private final Request request;
  private final Instant now;
  private final Map<String, Object> scratch;

  StepContext(Request request, Instant now, Map<String, Object> scratch) {
    this.request = request;
    this.now = now;
    this.scratch = scratch;
  }

  /** A context for a test or a single step run, with an empty scratch space. */
  public static StepContext of(Request request, Instant now) {
    return new StepContext(request, now, new java.util.HashMap<>());
  }

  public Request request() {
    return request;
  }

  public Execution execution() {
    return request.execution();
  }

  public Instant now() {
    return now;
  }

  /** An output of an earlier step (or progress this step kept). */
  public Optional<String> output(String name) {
    return request.execution().output(name);
  }

  /** How many times this step has already run without finishing. */
  public int attempt() {
    return request.execution().attempt();
  }

  /** When the execution reached this step. */
  public Instant stepSince() {
    return request.execution().stepSince();
  }

  /** A value computed earlier in this run, or computed now and kept for the rest of it. */
  @SuppressWarnings("unchecked")
  public <T> T remember(String key, Supplier<T> compute) {
    return (T) scratch.computeIfAbsent(key, k -> compute.get());
  }
}
