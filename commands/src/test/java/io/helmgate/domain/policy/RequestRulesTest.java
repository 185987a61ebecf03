package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.ALICE;
import static io.helmgate.domain.policy.Fixtures.BOB;
import static io.helmgate.domain.policy.Fixtures.DAVE;
import static io.helmgate.domain.policy.Fixtures.DORA;
import static io.helmgate.domain.policy.Fixtures.NOW;
import static io.helmgate.domain.policy.Fixtures.PROD;
import static io.helmgate.domain.policy.Fixtures.lockBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.RequestRules.CancelCheck;
import io.helmgate.domain.policy.RequestRules.RequestCheck;
import io.helmgate.domain.request.RequestKind;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

  static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
  static final ScheduleDecision RUNS_NOW = ScheduleDecision.now("any-time", "runs now");

  static RequestCheck check(Actor actor, RequestContext request, EnvironmentRules rules) {
    return new RequestCheck(actor, request, rules, RUNS_NOW, ZURICH);
  }

  static RequestContext deploy() {
    return RequestContext.of(PROD, RequestKind.DEPLOY, NOW);
  }

  final EnvironmentRules prod = EnvironmentRules.production();

  @Nested
  class RequesterRole {

    final Rule<RequestCheck> rule = RequestRules.requesterRole();

    @Test
    void opsPasses() {
      assertThat(rule.apply(check(ALICE, deploy(), prod))).isEmpty();
    }

    @Test
    void developerIsDeniedNamingTheRoleNeeded() {
      Decision d = rule.apply(check(DAVE, deploy(), prod)).orElseThrow();

      assertThat(d.rule()).isEqualTo("requester-role");
      assertThat(d.message())
          .isEqualTo(
              "You may not deploy to prod: that needs the OPS role, and you have DEVELOPER.");
    }

    @Test
    void rollbackFollowsTheSameRuleAsDeploy() {
      RequestContext rollback = RequestContext.of(PROD, RequestKind.ROLLBACK, NOW);

      assertThat(rule.apply(check(ALICE, rollback, prod))).isEmpty();
      assertThat(rule.apply(check(DORA, rollback, prod)).orElseThrow().message())
          .startsWith("You may not roll back prod:");
    }

    @Test
    void configuredRequesterRoleIsHonoured() {
      EnvironmentRules devopsToo = prod.withRequesterRoles(EnumSet.of(Role.OPS, Role.DEVOPS));

      assertThat(rule.apply(check(DORA, deploy(), devopsToo))).isEmpty();
    }

    @Test
    void environmentWithoutRequesterRolesTakesNoRequests() {
      EnvironmentRules closed = prod.withRequesterRoles(Set.of());

      assertThat(rule.apply(check(ALICE, deploy(), closed)).orElseThrow().message())
          .isEqualTo("Nobody may request changes in prod: it takes none.");
    }
  }

  @Nested
  class BreakGlassRole {

    final Rule<RequestCheck> rule = RequestRules.breakGlassRole(EnumSet.of(Role.OPS));

    @Test
    void opsMayBreakGlass() {
      assertThat(rule.apply(check(ALICE, deploy().withBreakGlass(true), prod))).isEmpty();
    }

    @Test
    void othersMayNotBreakGlass() {
      EnvironmentRules devopsMayRequest = prod.withRequesterRoles(EnumSet.of(Role.DEVOPS));

      Decision d =
          rule.apply(check(DORA, deploy().withBreakGlass(true), devopsMayRequest)).orElseThrow();

      assertThat(d.rule()).isEqualTo("break-glass-role");
      assertThat(d.message()).startsWith("Only OPS may break glass");
    }

    @Test
    void withoutBreakGlassTheRuleHasNothingToSay() {
      assertThat(rule.apply(check(DORA, deploy(), prod))).isEmpty();
    }

    @Test
    void emptyBreakGlassRolesSwitchBreakGlassOff() {
      Rule<RequestCheck> off = RequestRules.breakGlassRole(Set.of());

      assertThat(
              off.apply(check(ALICE, deploy().withBreakGlass(true), prod)).orElseThrow().message())
          .contains("Break-glass is switched off");
    }
  }

  @Nested
  class BreakGlassReason {

    final Rule<RequestCheck> rule = RequestRules.breakGlassReason();

    @Test
    void breakGlassWithAReasonPasses() {
      assertThat(rule.apply(check(ALICE, deploy().withBreakGlass(true).withReason("INC-7"), prod)))
          .isEmpty();
    }

    @Test
    void breakGlassWithoutAReasonIsDenied() {
      Decision d = rule.apply(check(ALICE, deploy().withBreakGlass(true), prod)).orElseThrow();

      assertThat(d.rule()).isEqualTo("break-glass-reason");
      assertThat(d.message()).contains("add reason=\"INC-1234 …\"");
    }

    @Test
    void blankReasonCountsAsNone() {
      assertThat(rule.apply(check(ALICE, deploy().withBreakGlass(true).withReason("  "), prod)))
          .isPresent();
    }
  }

  @Nested
  class ReasonRequired {

    final Rule<RequestCheck> rule = RequestRules.reasonRequired();

    @Test
    void prodWithAReasonPasses() {
      assertThat(rule.apply(check(ALICE, deploy().withReason("CHG-1 release"), prod))).isEmpty();
    }

    @Test
    void prodWithoutAReasonIsDeniedShowingHowToGiveOne() {
      Decision d = rule.apply(check(ALICE, deploy(), prod)).orElseThrow();

      assertThat(d.rule()).isEqualTo("reason-required");
      assertThat(d.message()).isEqualTo("prod needs a reason: add reason=\"CHG-1234 …\".");
    }

    @Test
    void environmentThatNeedsNoReasonPasses() {
      assertThat(rule.apply(check(ALICE, deploy(), EnvironmentRules.immediate()))).isEmpty();
    }
  }

  @Nested
  class NotLocked {

    final Rule<RequestCheck> rule = RequestRules.notLocked();

    @Test
    void unlockedEnvironmentPasses() {
      assertThat(rule.apply(check(ALICE, deploy(), prod))).isEmpty();
    }

    @Test
    void activeLockIsDeniedWithOwnerReasonAndExpiry() {
      Lock lock = lockBy(BOB, PROD, Duration.ofHours(2));

      Decision d = rule.apply(check(ALICE, deploy().withLock(lock), prod)).orElseThrow();

      assertThat(d.rule()).isEqualTo("lock");
      assertThat(d.message())
          .startsWith(
              "acme/payments prod is locked by Bob <U2> until Wed 2026-12-02 13:00"
                  + " Europe/Zurich (\"DB migration\").")
          .contains("/deploy unlock acme/payments prod");
    }

    @Test
    void ownersOwnLockRefusesThemToo() {
      Lock lock = lockBy(ALICE, PROD, Duration.ofHours(2));

      assertThat(rule.apply(check(ALICE, deploy().withLock(lock), prod))).isPresent();
    }

    @Test
    void expiredLockDoesNotCount() {
      Lock expired = lockBy(BOB, PROD, Duration.ofMinutes(-1));

      assertThat(rule.apply(check(ALICE, deploy().withLock(expired), prod))).isEmpty();
    }

    @Test
    void lockExpiringExactlyNowNoLongerCounts() {
      Lock endsNow = lockBy(BOB, PROD, Duration.ZERO);

      assertThat(rule.apply(check(ALICE, deploy().withLock(endsNow), prod))).isEmpty();
    }
  }

  @Nested
  class Schedule {

    final Rule<RequestCheck> rule = RequestRules.schedule();

    @Test
    void timeTheScheduleAllowsPasses() {
      assertThat(rule.apply(check(ALICE, deploy(), prod))).isEmpty();
    }

    @Test
    void refusedTimeIsDeniedNamingTheSchedulingRule() {
      ScheduleDecision frozen =
          ScheduleDecision.denied("freeze", "prod is frozen (year-end) until …", Optional.empty());

      Decision d =
          rule.apply(new RequestCheck(ALICE, deploy(), prod, frozen, ZURICH)).orElseThrow();

      assertThat(d.rule()).isEqualTo("freeze");
      assertThat(d.message()).isEqualTo("prod is frozen (year-end) until …");
    }
  }

  @Nested
  class BreakGlass {

    final Rule<RequestCheck> rule = RequestRules.breakGlass();

    @Test
    void breakGlassIsAllowedAndSaysItWillBeReviewed() {
      Decision d =
          rule.apply(check(ALICE, deploy().withBreakGlass(true).withReason("INC-7"), prod))
              .orElseThrow();

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("break-glass");
      assertThat(d.message()).contains("reviewed post-hoc");
    }

    @Test
    void ordinaryRequestPasses() {
      assertThat(rule.apply(check(ALICE, deploy(), prod))).isEmpty();
    }
  }

  @Nested
  class Approvals {

    final Rule<RequestCheck> rule = RequestRules.approvals();

    @Test
    void prodNeedsOneOpsApprovalOtherThanTheRequester() {
      Decision d = rule.apply(check(ALICE, deploy(), prod)).orElseThrow();

      assertThat(d.needsApproval()).isTrue();
      assertThat(d.rule()).isEqualTo("approvals");
      assertThat(d.approvalsRequired()).isEqualTo(1);
      assertThat(d.approverRoles()).containsExactly(Role.OPS);
      assertThat(d.message()).isEqualTo("prod needs 1 approval from OPS other than you.");
    }

    @Test
    void configuredCountAndRolesAreNamed() {
      EnvironmentRules two =
          prod.withApprovals(2).withApproverRoles(EnumSet.of(Role.OPS, Role.DEVOPS));

      Decision d = rule.apply(check(ALICE, deploy(), two)).orElseThrow();

      assertThat(d.approvalsRequired()).isEqualTo(2);
      assertThat(d.message())
          .isEqualTo("prod needs 2 approvals from DEVOPS or OPS other than you.");
    }

    @Test
    void environmentWithoutApprovalsPasses() {
      assertThat(rule.apply(check(ALICE, deploy(), EnvironmentRules.immediate()))).isEmpty();
    }
  }

  @Nested
  class NoApprovalNeeded {

    @Test
    void allowsWhateverReachesIt() {
      Decision d =
          RequestRules.noApprovalNeeded()
              .apply(check(ALICE, deploy(), EnvironmentRules.immediate()))
              .orElseThrow();

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.message()).isEqualTo("prod needs no approval.");
    }
  }

  @Nested
  class Cancel {

    final Rule<CancelCheck> rule = RequestRules.requesterOrOps();

    @Test
    void requesterMayCancelTheirOwnRequest() {
      Decision d = rule.apply(new CancelCheck(ALICE, ALICE.user())).orElseThrow();

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.message()).isEqualTo("You may cancel your own request.");
    }

    @Test
    void opsMayCancelSomeoneElsesRequest() {
      assertThat(rule.apply(new CancelCheck(BOB, ALICE.user())).orElseThrow().isAllowed()).isTrue();
    }

    @Test
    void othersMayNotCancelSomeoneElsesRequest() {
      Decision d = rule.apply(new CancelCheck(DORA, ALICE.user())).orElseThrow();

      assertThat(d.isDenied()).isTrue();
      assertThat(d.message())
          .isEqualTo("Only Alice, who asked for it, or Ops may cancel this request.");
    }
  }
}
