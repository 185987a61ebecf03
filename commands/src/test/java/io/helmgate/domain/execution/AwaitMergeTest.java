package io.helmgate.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.InMemoryForge;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.PullRequestDraft;
import io.helmgate.domain.request.Execution;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The await-merge step against the in-memory forge. */
class AwaitMergeTest {

  final MovingClock clock = new MovingClock(StepDriver.T0);
  final InMemoryForge forge = new InMemoryForge();
  final AwaitMerge step =
      new AwaitMerge(
          new PullRequestSettings(Optional.of(forge), Duration.ofMinutes(1), Duration.ofHours(1)),
          r -> true,
          context -> StepResult.Succeeded.quietly(),
          AwaitMerge.Behind.NEVER,
          "main");

  /** A request whose pull request #1 was opened from NEW_SHA. */
  StepDriver opened() {
    forge.pushed("helmgate/R-42", StepDriver.NEW_SHA);
    PullRequest pr = forge.open(new PullRequestDraft("helmgate/R-42", "main", "R-42", ""));
    forge.setPolicyStatus(pr.headSha(), CommitStatusState.PENDING, "waiting", null);
    return new StepDriver(clock, StepDriver.deploy())
        .with(
            Map.of(
                OpenPullRequest.NUMBER,
                "1",
                OpenPullRequest.HEAD,
                StepDriver.NEW_SHA,
                OpenPullRequest.URL,
                pr.url()));
  }

  @Test
  void aHeadPushedBySomeoneElseIsNeverMerged() {
    StepDriver run = opened();
    forge.push(1, StepDriver.LATER_SHA);

    StepResult result = run.once(step);

    assertThat(result).isInstanceOf(StepResult.Failed.class);
    assertThat(((StepResult.Failed) result).reason()).contains("Someone pushed to helmgate/R-42");
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.OPEN);
    assertThat(forge.policyStatus(StepDriver.LATER_SHA)).isEmpty();
  }

  @Test
  void aRefusalIsToldInTheForgesWordsAndAnOutageIsRetried() {
    StepDriver run = opened();
    forge.failNext(new ForgeException(ForgeException.Kind.UNAVAILABLE, "502 from the forge"));
    assertThat(run.once(step))
        .isEqualTo(
            new StepResult.Errored(
                "the forge could not merge pull request #1: 502 from the forge", true));

    forge.failNext(
        new ForgeException(
            ForgeException.Kind.FORBIDDEN, "Resource not accessible by integration"));
    StepResult refused = run.once(step);

    assertThat(refused).isInstanceOf(StepResult.Failed.class);
    assertThat(((StepResult.Failed) refused).reason())
        .contains("Resource not accessible by integration");
  }

  @Test
  void approvalsAreRecordedOnceWhileTheForgeKeepsRefusingTheMerge() {
    forge.opensAs(PullRequest.Mergeable.NO);
    StepDriver run = opened();

    run.once(step);
    run.once(step);
    forge.mergeable(1, PullRequest.Mergeable.YES);
    StepResult merged = run.once(step);

    assertThat(merged).isInstanceOf(StepResult.Succeeded.class);
    assertThat(run.output(Execution.COMMIT)).isEqualTo(forge.get(1).mergeCommitSha());
    assertThat(forge.comments(1)).hasSize(1);
    assertThat(forge.policyStatus(StepDriver.NEW_SHA)).contains(CommitStatusState.SUCCESS);
  }
}
