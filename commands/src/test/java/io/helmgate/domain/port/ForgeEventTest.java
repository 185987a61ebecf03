package io.helmgate.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.RequestId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Forge events find their request by the head branch; forge faults say whether to retry. */
class ForgeEventTest {

  @Test
  void aHelmgateBranchNamesItsRequest() {
    String branch = ForgeEvent.branchOf(new RequestId(42));

    assertThat(branch).isEqualTo("helmgate/R-42");
    assertThat(new ForgeEvent.Closed(7, branch).requestId()).contains(new RequestId(42));
  }

  @Test
  void anyOtherBranchNamesNoRequest() {
    assertThat(new ForgeEvent.Closed(7, "feature/R-42").requestId()).isEmpty();
    assertThat(new ForgeEvent.Closed(7, "helmgate/main").requestId()).isEmpty();
    assertThat(new ForgeEvent.Closed(7, "helmgate/R-42/extra").requestId()).isEmpty();
    assertThat(new ForgeEvent.Merged(7, "R-42", null).requestId()).isEmpty();
  }

  @Test
  void onlyRateLimitsAndUnavailabilityAreWorthRetrying() {
    assertThat(ForgeException.rateLimited("slow down", Duration.ofSeconds(60)).isTransient())
        .isTrue();
    assertThat(new ForgeException(ForgeException.Kind.UNAVAILABLE, "down").isTransient()).isTrue();
    for (ForgeException.Kind kind :
        new ForgeException.Kind[] {
          ForgeException.Kind.UNAUTHENTICATED,
          ForgeException.Kind.FORBIDDEN,
          ForgeException.Kind.NOT_FOUND,
          ForgeException.Kind.NOT_MERGEABLE,
          ForgeException.Kind.CONFLICT,
          ForgeException.Kind.VALIDATION
        }) {
      assertThat(new ForgeException(kind, "no").isTransient()).as(kind.name()).isFalse();
    }
    assertThat(ForgeException.rateLimited("slow down", null).retryAfter()).isEmpty();
  }

  @Test
  void aPullRequestNeedsAHeadOtherThanItsBase() {
    assertThatThrownBy(() -> new PullRequestDraft("main", "main", "t", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new PullRequestDraft("helmgate/R-1", "main", "t", null).body()).isEmpty();
    assertThat(
            new PullRequest(
                    1,
                    "u",
                    PullRequest.State.OPEN,
                    "sha",
                    "helmgate/R-1",
                    "main",
                    PullRequest.Mergeable.UNKNOWN,
                    null)
                .mergeCommitSha())
        .isEqualTo(Optional.empty());
  }
}
