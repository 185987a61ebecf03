package io.helmgate.domain.execution;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of a {@link Step} came to. A business outcome ({@link Failed}: the change was
 * refused or did not work) is kept apart from a technical one ({@link Errored}: something broke),
 * so that people, the audit trail and metrics never show a Vault outage as "Not allowed".
 */
public sealed interface StepResult {

  /**
   * Not finished: run the step again at {@code retryAt}.
   *
   * @param progress outputs to keep for the next run (e.g. when the app first showed Degraded)
   * @param line a line for the request's thread, when something changed that people should see
   */
  record Running(Instant retryAt, Map<String, String> progress, Optional<String> line)
      implements StepResult {
    public Running {
      Objects.requireNonNull(retryAt, "retryAt");
      progress = Map.copyOf(progress);
    }

    public static Running at(Instant retryAt) {
      return new Running(retryAt, Map.of(), Optional.empty());
    }
  }

  /**
   * Done: go on to the next step.
   *
   * @param output facts the later steps and the audit trail need (a commit SHA, an operation's
   *     marker, drained members), stored with the request
   * @param line a line for the request's thread, if any
   */
  record Succeeded(Map<String, String> output, Optional<String> line) implements StepResult {
    public Succeeded {
      output = Map.copyOf(output);
    }

    public static Succeeded quietly() {
      return new Succeeded(Map.of(), Optional.empty());
    }

    public static Succeeded saying(String line) {
      return new Succeeded(Map.of(), Optional.of(line));
    }
  }

  /**
   * The change is refused or did not work: the execution ends.
   *
   * @param ending how it ends: {@link Ending#FAILED}, or {@link Ending#STALE} when the approved
   *     change no longer matches what it was approved against
   */
  record Failed(String reason, Ending ending) implements StepResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(ending, "ending");
    }

    public static Failed because(String reason) {
      return new Failed(reason, Ending.FAILED);
    }
  }

  /**
   * Something technical broke. A {@code retryable} error is run again with backoff for as long as
   * the step's settings allow, then ends the execution as an error; another ends it at once.
   */
  record Errored(String reason, boolean retryable) implements StepResult {
    public Errored {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** How a failed execution ends. */
  enum Ending {
    FAILED,
    STALE
  }
}
