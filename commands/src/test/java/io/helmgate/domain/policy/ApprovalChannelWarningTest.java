package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Start-up says where gated requests go when no approval channel is configured. */
class ApprovalChannelWarningTest {

  @Test
  void withoutApprovalChannelsStartUpWarnsThatRequestsArePostedWhereTheyAreTyped() {
    assertThat(ExampleGroups.policy().approvalChannelWarning(Set.of()))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains("prod")
                    .contains("any environment the policy does not name")
                    .contains("posted in the channel where it is typed")
                    .contains("helmgate.slack.approval-channels.<env>"));
  }

  @Test
  void withApprovalChannelsThereIsNothingToWarnAbout() {
    assertThat(ExampleGroups.policy().approvalChannelWarning(Set.of("prod"))).isEmpty();
  }
}
