package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.ALICE;
import static io.helmgate.domain.policy.Fixtures.BOB;
import static io.helmgate.domain.policy.Fixtures.DAVE;
import static io.helmgate.domain.policy.Fixtures.NOW;
import static io.helmgate.domain.policy.Fixtures.PROD;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.ApprovalRules.ApprovalCheck;
import io.helmgate.domain.policy.ApprovalRules.Choice;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {

  static ApprovalContext requestedByAlice(Set<String> decided, boolean open) {
    return new ApprovalContext(PROD, ALICE.user(), decided, NOW, open);
  }

  static ApprovalCheck approve(Actor approver) {
    return approve(approver, requestedByAlice(Set.of(), true));
  }

  static ApprovalCheck approve(Actor approver, ApprovalContext ctx) {
    return new ApprovalCheck(approver, ctx, EnvironmentRules.production(), Choice.APPROVE);
  }

  static ApprovalCheck reject(Actor approver) {
    return new ApprovalCheck(
        approver, requestedByAlice(Set.of(), true), EnvironmentRules.production(), Choice.REJECT);
  }

  @Nested
  class RequestOpen {

    final Rule<ApprovalCheck> rule = ApprovalRules.requestOpen();

    @Test
    void openRequestPasses() {
      assertThat(rule.apply(approve(BOB))).isEmpty();
    }

    @Test
    void closedRequestIsDenied() {
      Decision d = rule.apply(approve(BOB, requestedByAlice(Set.of(), false))).orElseThrow();

      assertThat(d.rule()).isEqualTo("request-open");
      assertThat(d.message()).contains("no longer waiting for approval");
    }
  }

  @Nested
  class ApproverRole {

    final Rule<ApprovalCheck> rule = ApprovalRules.approverRole();

    @Test
    void opsPasses() {
      assertThat(rule.apply(approve(BOB))).isEmpty();
    }

    @Test
    void developerIsDeniedNamingTheRoleNeeded() {
      Decision d = rule.apply(approve(DAVE)).orElseThrow();

      assertThat(d.rule()).isEqualTo("approver-role");
      assertThat(d.message())
          .isEqualTo(
              "You may not approve requests for prod: that needs the OPS role, and you have"
                  + " DEVELOPER.");
    }

    @Test
    void developerMayNotRejectEither() {
      assertThat(rule.apply(reject(DAVE)).orElseThrow().message())
          .startsWith("You may not reject requests for prod");
    }

    @Test
    void configuredApproverRoleIsHonoured() {
      ApprovalCheck devApprover =
          new ApprovalCheck(
              DAVE,
              requestedByAlice(Set.of(), true),
              EnvironmentRules.production().withApproverRoles(EnumSet.of(Role.OPS, Role.DEVELOPER)),
              Choice.APPROVE);

      assertThat(rule.apply(devApprover)).isEmpty();
    }
  }

  @Nested
  class FourEyes {

    final Rule<ApprovalCheck> rule = ApprovalRules.fourEyes();

    @Test
    void someoneOtherThanTheRequesterPasses() {
      assertThat(rule.apply(approve(BOB))).isEmpty();
    }

    @Test
    void requesterMayNotApproveTheirOwnRequest() {
      Decision d = rule.apply(approve(ALICE)).orElseThrow();

      assertThat(d.rule()).isEqualTo("four-eyes");
      assertThat(d.message())
          .isEqualTo("You requested this; four-eyes needs someone else to approve it.");
    }

    @Test
    void requesterMayNotRejectTheirOwnRequestButIsToldHowToWithdrawIt() {
      assertThat(rule.apply(reject(ALICE)).orElseThrow().message()).contains("/deploy cancel");
    }
  }

  @Nested
  class OncePerPerson {

    final Rule<ApprovalCheck> rule = ApprovalRules.oncePerPerson();

    @Test
    void firstDecisionPasses() {
      assertThat(rule.apply(approve(BOB, requestedByAlice(Set.of("U3"), true)))).isEmpty();
    }

    @Test
    void secondApprovalBySamePersonIsDenied() {
      Decision d = rule.apply(approve(BOB, requestedByAlice(Set.of("U2"), true))).orElseThrow();

      assertThat(d.rule()).isEqualTo("once-per-person");
      assertThat(d.message()).startsWith("You already decided on this request");
    }
  }

  @Nested
  class Approver {

    @Test
    void allowsWhateverReachesIt() {
      Decision approve = ApprovalRules.approver().apply(approve(BOB)).orElseThrow();
      Decision reject = ApprovalRules.approver().apply(reject(BOB)).orElseThrow();

      assertThat(approve.isAllowed()).isTrue();
      assertThat(reject.isAllowed()).isTrue();
      assertThat(reject.message()).contains("a rejection ends it");
    }
  }
}
