package io.helmgate.bot.app;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;

/** Counts and times what the values repository does: commit duration, outcomes, push retries. */
final class MeteredValuesRepository implements ValuesRepository {

  private final ValuesRepository delegate;
  private final MeterRegistry registry;
  private final Counter pushRetries;

  MeteredValuesRepository(ValuesRepository delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
    this.pushRetries =
        Counter.builder("helmgate.git.push.retries")
            .description("Pushes of values commits that had to be retried after a rejection")
            .register(registry);
  }

  @Override
  public List<Target> environments() {
    return delegate.environments();
  }

  @Override
  public ValuesFile read(Target target) {
    return delegate.read(target);
  }

  @Override
  public Optional<String> readAt(Target target, String commit) {
    return delegate.readAt(target, commit);
  }

  @Override
  public List<ValuesHistoryEntry> history(Target target, int limit) {
    return delegate.history(target, limit);
  }

  @Override
  public boolean contains(String descendant, String commit) {
    return delegate.contains(descendant, commit);
  }

  @Override
  public CommitOutcome commit(ValuesCommit commit) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "error";
    try {
      CommitOutcome result = delegate.commit(commit);
      outcome = result.getClass().getSimpleName().toLowerCase();
      if (result instanceof CommitOutcome.Committed committed && committed.pushAttempts() > 1) {
        pushRetries.increment(committed.pushAttempts() - 1);
      }
      return result;
    } finally {
      sample.stop(
          Timer.builder("helmgate.execution.duration")
              .description("Time spent in each phase of executing a request")
              .tag("phase", "commit")
              .tag("outcome", outcome)
              .register(registry));
    }
  }

  @Override
  public CommitOutcome commitToBranch(String branch, ValuesCommit commit) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "error";
    try {
      CommitOutcome result = delegate.commitToBranch(branch, commit);
      outcome = result.getClass().getSimpleName().toLowerCase();
      return result;
    } finally {
      sample.stop(
          Timer.builder("helmgate.execution.duration")
              .description("Time spent in each phase of executing a request")
              .tag("phase", "commit")
              .tag("outcome", outcome)
              .register(registry));
    }
  }

  @Override
  public CommitOutcome rebaseBranch(String branch, String expectedTip, ValuesCommit commit) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "error";
    try {
      CommitOutcome result = delegate.rebaseBranch(branch, expectedTip, commit);
      outcome = result.getClass().getSimpleName().toLowerCase();
      return result;
    } finally {
      sample.stop(
          Timer.builder("helmgate.execution.duration")
              .description("Time spent in each phase of executing a request")
              .tag("phase", "commit")
              .tag("outcome", outcome)
              .register(registry));
    }
  }
}
