package io.helmgate.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory forge refuses what a protected branch refuses, so fakes cannot hide a bypass. */
class InMemoryForgeTest {

  final InMemoryForge forge = new InMemoryForge();

  PullRequest opened() {
    forge.pushed("helmgate/R-1", "a1");
    return forge.open(new PullRequestDraft("helmgate/R-1", "main", "R-1", "body"));
  }

  @Test
  void aMergeWithoutASuccessfulPolicyStatusIsRefused() {
    PullRequest pr = opened();
    forge.setPolicyStatus("a1", CommitStatusState.PENDING, "waiting", null);

    ForgeException e =
        catchThrowableOfType(ForgeException.class, () -> forge.merge(pr.number(), "a1"));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
  }

  @Test
  void aMergeOfAMovedHeadIsAConflictEvenWithSuccessOnTheOldHead() {
    PullRequest pr = opened();
    forge.setPolicyStatus("a1", CommitStatusState.SUCCESS, "approved", null);
    forge.push(pr.number(), "b2");

    ForgeException e =
        catchThrowableOfType(ForgeException.class, () -> forge.merge(pr.number(), "a1"));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.CONFLICT);
  }

  @Test
  void aMergeWithSuccessOnTheHeadMergesAndIsFoundNoLongerOpen() {
    PullRequest pr = opened();
    forge.review(pr.number(), "ops-bob", Review.Verdict.APPROVED, Instant.EPOCH);
    forge.setPolicyStatus("a1", CommitStatusState.SUCCESS, "approved", null);

    PullRequest merged = forge.merge(pr.number(), "a1");

    assertThat(merged.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(merged.mergeCommitSha()).isPresent();
    assertThat(forge.findOpen("helmgate/R-1")).isEmpty();
    assertThat(forge.reviews(pr.number())).extracting(Review::login).containsExactly("ops-bob");
  }

  @Test
  void openingTwiceForOneBranchIsAValidationErrorAndFindOpenFindsTheFirst() {
    PullRequest pr = opened();

    ForgeException e =
        catchThrowableOfType(
            ForgeException.class,
            () -> forge.open(new PullRequestDraft("helmgate/R-1", "main", "R-1", "again")));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.VALIDATION);
    assertThat(forge.findOpen("helmgate/R-1")).contains(pr);
  }
}
