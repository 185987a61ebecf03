package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.Request;
import java.util.Map;
import java.util.Optional;

/**
 * Pull-request mode when the values branch moved on after the pull request was opened: a change
 * whose values file is untouched by what landed is made again on the new head (the branch moves
 * only if it is still at the commit Helmgate made); one whose file changed is stale, as in push
 * mode, and its pull request is closed by {@link ClosePullRequest} with that reason.
 */
final class Rebase implements AwaitMerge.Behind {

  private final ValuesRepository values;
  private final NewContent content;
  private final CommitMessages messages;

  Rebase(ValuesRepository values, NewContent content, CommitMessages messages) {
    this.values = values;
    this.content = content;
    this.messages = messages;
  }

  /**
   * Empty when {@code pr}'s head already has the values branch's head in its history; otherwise the
   * result of making the change again: Succeeded with the new {@link OpenPullRequest#HEAD}, or
   * Failed (stale, or the branch moved under us).
   */
  @Override
  public Optional<StepResult> ifBehind(Forge forge, StepContext context, PullRequest pr) {
    ValuesFile file = content.current(context);
    if (file.headCommit() == null || values.contains(pr.headSha(), file.headCommit())) {
      return Optional.empty();
    }
    Request request = context.request();
    CommitOutcome outcome;
    try {
      outcome =
          values.rebaseBranch(
              pr.headBranch(), pr.headSha(), messages.commit(request, content.of(context)));
    } catch (ValuesRepositoryException e) {
      return Optional.of(
          StepResult.Failed.because(
              "The values branch moved on and pull request #"
                  + pr.number()
                  + " could not be brought up to date: "
                  + e.getMessage()
                  + " Nothing was merged; ask again."));
    }
    if (outcome instanceof CommitOutcome.Stale stale) {
      return Optional.of(
          new StepResult.Failed(
              "`"
                  + request.target().valuesPath()
                  + "` changed on the values branch after the approval (now at "
                  + CommitIds.shortId(stale.currentBase())
                  + "): the approved change no longer matches it. Nothing was merged; ask again.",
              StepResult.Ending.STALE));
    }
    if (outcome instanceof CommitOutcome.Unchanged) {
      return Optional.of(
          StepResult.Failed.because(
              "The values branch already carries this change (someone else made it); pull request"
                  + " #"
                  + pr.number()
                  + " is not needed. Nothing was merged."));
    }
    String head = ((CommitOutcome.Committed) outcome).commitId();
    // The superseded commit may carry success from an earlier try: it must not be mergeable.
    forge.setPolicyStatus(
        pr.headSha(),
        CommitStatusState.FAILURE,
        "Helmgate " + request.id() + ": superseded by " + CommitIds.shortId(head),
        pr.url());
    forge.setPolicyStatus(
        head,
        CommitStatusState.PENDING,
        "Helmgate " + request.id() + ": rebased, checking the policy",
        pr.url());
    forge.comment(
        pr.number(),
        "Helmgate "
            + request.id()
            + ": the values branch moved on to "
            + CommitIds.shortId(file.headCommit())
            + " without touching `"
            + request.target().valuesPath()
            + "`, so the same change was made again on it as "
            + CommitIds.shortId(head)
            + ".");
    return Optional.of(
        new StepResult.Succeeded(
            Map.of(OpenPullRequest.HEAD, head),
            Optional.of(
                "The values branch moved on; pull request #"
                    + pr.number()
                    + " now carries the same change on top of it ("
                    + CommitIds.shortId(head)
                    + ").")));
  }
}
