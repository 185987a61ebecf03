package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentRulesTest {

  final EnvironmentRules prod = EnvironmentRules.production();
  final MaintenanceWindow saturday = MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich");

  @Test
  void negativeApprovalsAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> prod.withApprovals(-1))
        .withMessageContaining("approvals");
  }

  @Test
  void approvalsWithoutApproverRolesAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> prod.withApproverRoles(Set.of()))
        .withMessageContaining("approver-roles is empty");
  }

  @Test
  void approvalTtlMustBePositive() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> prod.withApprovalTtl(Duration.ZERO))
        .withMessageContaining("approval-ttl");
  }

  @Test
  void requiringWindowsWithoutAnyIsRefusedNamingBothKeys() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> prod.withMaintenanceWindows(List.of(), true))
        .withMessageContaining("schedule-requires-window")
        .withMessageContaining("maintenance-windows");
  }

  @Test
  void windowsAreRequiredOnlyWhenSaidSo() {
    assertThat(prod.withMaintenanceWindows(List.of(saturday), true).windowsRequired()).isTrue();
    assertThat(prod.withMaintenanceWindows(List.of(saturday), false).windowsRequired()).isFalse();
    assertThat(prod.windowsRequired()).isFalse();
  }

  @Test
  void productionIsImmediateWithOneApprovalAndAReason() {
    assertThat(prod)
        .isEqualTo(EnvironmentRules.immediate().withApprovals(1).withRequiresReason(true));
  }
}
