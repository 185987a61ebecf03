package io.helmgate.domain.execution;

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
    try {
      PullRequest pr = forge.get(n);
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
              + "); close it on the forge, its helmgate/policy status does not allow a merge.");
      return Map.of();
    }
  }
}
