package io.helmgate.domain.request;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a request's execution is: the step it is at, how often that step has run, since when, and
 * what the steps before it produced (the commit, the sync operation's marker and revision, the pool
 * members drained). Stored with the request, so that resuming anywhere is "run the current step
 * again"; nothing is learnt back from the audit trail or from git.
 *
 * @param step the current step's name; empty before the execution started
 * @param attempt how many times the current step has run without finishing (0 on arrival)
 * @param stepSince when the current step was reached
 * @param outputs what earlier steps produced, by name ({@link #COMMIT}, ...), in the order they
 *     came
 */
public record Execution(String step, int attempt, Instant stepSince, Map<String, String> outputs) {

  /** The values commit Helmgate pushed. */
  public static final String COMMIT = "commit";

  /** Pull-request mode: the number of the request's pull request, noted when it was opened. */
  public static final String PULL_REQUEST = "pull-request";

  /** Pull-request mode: the pull request's page. */
  public static final String PULL_REQUEST_URL = "pull-request-url";

  /** Pull-request mode: the head commit Helmgate opened, which alone may be merged. */
  public static final String PULL_REQUEST_HEAD = "pull-request-head";

  /** Pull-request mode: the step that merges; its COMMITTED event carries the merge commit. */
  public static final String MERGE_STEP = "await-merge";

  /** No step has run yet. */
  public static final Execution NOT_STARTED = new Execution("", 0, Instant.EPOCH, Map.of());

  public Execution {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(stepSince, "stepSince");
    outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /** Whether an execution has begun. */
  public boolean started() {
    return !step.isEmpty();
  }

  /** One output of an earlier step. */
  public Optional<String> output(String name) {
    return Optional.ofNullable(outputs.get(name));
  }

  /** At step {@code next}, reached at {@code at}, with {@code more} outputs added. */
  public Execution advance(String next, Instant at, Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(outputs);
    all.putAll(more);
    return new Execution(next, 0, at, all);
  }

  /**
   * The same place, with {@code more} outputs added: facts learnt before the execution started (the
   * pull request opened when the request was made) or beside it.
   */
  public Execution note(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(outputs);
    all.putAll(more);
    return new Execution(step, attempt, stepSince, all);
  }

  /** The same step, run once more, with {@code more} outputs added (progress a step keeps). */
  public Execution again(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(outputs);
    all.putAll(more);
    return new Execution(step, attempt + 1, stepSince, all);
  }
}
