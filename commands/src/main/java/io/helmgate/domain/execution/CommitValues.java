package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Commits the new values with the request's trailers and pushes them. Safe to run again: a run
 * after a crash that came between the push and storing its output first looks for a commit of this
 * request at the file's head (its own effect, by its {@code Helmgate-Request} trailer) and takes
 * it, so a change is never committed twice.
 */
public final class CommitValues implements Step {

  /** Output: {@code true} when the file already held the requested values. */
  public static final String UNCHANGED = "unchanged";

  private final ValuesRepository values;
  private final NewContent content;
  private final CommitMessages messages;

  private final Predicate<Request> viaPullRequest;

  public CommitValues(ValuesRepository values, NewContent content, CommitMessages messages) {
    this(values, content, messages, r -> false);
  }

  /**
   * @param viaPullRequest whether the request's environment is in pull-request mode, where {@link
   *     OpenPullRequest} commits instead
   */
  public CommitValues(
      ValuesRepository values,
      NewContent content,
      CommitMessages messages,
      Predicate<Request> viaPullRequest) {
    this.values = values;
    this.content = content;
    this.messages = messages;
    this.viaPullRequest = viaPullRequest;
  }

  /** Whether the request commits anything at all (a sync-only request does not). */
  static boolean commits(Request request) {
    return request.kind() != RequestKind.SYNC;
  }

  @Override
  public String name() {
    return "commit";
  }

  @Override
  public boolean appliesTo(StepContext context) {
    return commits(context.request()) && !viaPullRequest.test(context.request());
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    Optional<String> landed = landed(request);
    if (landed.isPresent()) {
      return new StepResult.Succeeded(
          Map.of(Execution.COMMIT, landed.get()),
          Optional.of("Commit " + CommitIds.shortId(landed.get()) + " had landed."));
    }
    CommitOutcome outcome;
    try {
      String text = content.of(context);
      outcome = values.commit(messages.commit(request, text));
    } catch (ValuesRepositoryException e) {
      return StepResult.Failed.because(
          "The values commit failed: "
              + e.getMessage()
              + " Nothing was committed; ask again when it is fixed.");
    }
    if (outcome instanceof CommitOutcome.Stale stale) {
      return StepResult.Failed.because(
          "`"
              + request.target().valuesPath()
              + "` changed while this was executing (now at "
              + CommitIds.shortId(stale.currentBase())
              + "); nothing was committed. Ask again.");
    }
    if (outcome instanceof CommitOutcome.Committed committed) {
      return new StepResult.Succeeded(
          Map.of(Execution.COMMIT, committed.commitId()),
          Optional.of(
              "Committed "
                  + CommitIds.shortId(committed.commitId())
                  + " to the values repository"
                  + (committed.pushAttempts() > 1
                      ? " (pushed after " + committed.pushAttempts() + " attempts)"
                      : "")
                  + "."));
    }
    return new StepResult.Succeeded(
        Map.of(UNCHANGED, "true"),
        Optional.of("The values were already as requested; nothing to commit."));
  }

  /** A commit of this request at the head of the file's history: an earlier run's push. */
  private Optional<String> landed(Request request) {
    return values.history(request.target(), 5).stream()
        .filter(e -> e.trailer(Trailer.REQUEST).map(request.id().toString()::equals).orElse(false))
        .map(ValuesHistoryEntry::commit)
        .findFirst();
  }
}
