package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.helmgate.domain.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionTest {

  @Test
  void allowedIsNeitherDeniedNorWaiting() {
    Decision d = Decision.allowed("r", "ok");

    assertThat(d.isAllowed()).isTrue();
    assertThat(d.isDenied()).isFalse();
    assertThat(d.needsApproval()).isFalse();
    assertThat(d.approvalsRequired()).isZero();
  }

  @Test
  void deniedIsNotAllowed() {
    Decision d = Decision.denied("r", "no");

    assertThat(d.isDenied()).isTrue();
    assertThat(d.isAllowed()).isFalse();
    assertThat(d).hasToString("DENIED by r: no");
  }

  @Test
  void needsApprovalCarriesHowManyFromWhom() {
    Decision d = Decision.needsApproval("approvals", "wait", 2, Set.of(Role.OPS));

    assertThat(d.needsApproval()).isTrue();
    assertThat(d.isAllowed()).isFalse();
    assertThat(d.isDenied()).isFalse();
    assertThat(d.approvalsRequired()).isEqualTo(2);
    assertThat(d.approverRoles()).containsExactly(Role.OPS);
  }

  @Test
  void needsApprovalWithoutApproversIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Decision.needsApproval("approvals", "wait", 0, Set.of(Role.OPS)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Decision.needsApproval("approvals", "wait", 1, Set.of()));
  }

  @Test
  void onlyANeedsApprovalDecisionNamesApprovers() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Decision(Decision.Verdict.ALLOWED, "r", "ok", 1, Set.of(Role.OPS)));
  }
}
