package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.request.Request;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * When an execution ends with its pull request still open (it failed, became stale, was stopped by
 * an error): sets {@code helmgate/policy} to failure so that nobody can merge it on the forge, and
 * closes it saying why. A merged or closed pull request is left as it is.
 */
public final class ClosePullRequest implements Compensation {

  private final PullRequestSettings settings;

  public ClosePullRequest(PullRequestSettings settings) {
    this.settings = settings;
  }

  @Override
  public Map<String, String> run(Request ending, Consumer<String> thread) {
    Optional<String> number = ending.execution().output(OpenPullRequest.NUMBER);
    if (number.isEmpty() || settings.forge().isEmpty()) {
      return Map.of();
    }
    Forge forge = settings.forge().get();
    long n = Long.parseLong(number.get());
    // A commit Helmgate marked success (it was about to merge) must not stay mergeable elsewhere.
    Optional<String> green = ending.execution().output(AwaitMerge.APPROVED_ON_FORGE);
    try {
      PullRequest pr = forge.get(n);
      if (pr.state() == PullRequest.State.MERGED) {
        return Map.of();
      }
      if (green.isPresent() && !green.get().equals(pr.headSha())) {
        forge.setPolicyStatus(
            green.get(),
            CommitStatusState.FAILURE,
            "Helmgate " + ending.id() + " ended without merging",
            pr.url());
      }
      if (pr.state() != PullRequest.State.OPEN) {
        return Map.of();
      }
      forge.setPolicyStatus(
          pr.headSha(),
          CommitStatusState.FAILURE,
          "Helmgate " + ending.id() + " ended without merging",
          pr.url());
      forge.close(
          n,
          "Helmgate "
              + ending.id()
              + " ended at step `"
              + ending.execution().step()
              + "` without merging this pull request; see the request's Slack thread.");
      thread.accept("Closed pull request #" + n + ".");
      return Map.of("pull-request-closed", "true");
    } catch (ForgeException e) {
      thread.accept(
          "Could not close pull request #"
              + n
              + " ("
              + e.getMessage()
              + (green.isPresent()
                  ? "); close it on the forge now: Helmgate had set helmgate/policy success on "
                      + CommitIds.shortId(green.get())
                      + " and could not take it back."
                  : "); close it on the forge; its helmgate/policy status is still pending, which"
                      + " does not allow a merge."));
      return Map.of();
    }
  }
}
