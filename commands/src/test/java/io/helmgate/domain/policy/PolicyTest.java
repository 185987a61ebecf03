package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.ALICE;
import static io.helmgate.domain.policy.Fixtures.AUDREY;
import static io.helmgate.domain.policy.Fixtures.BOB;
import static io.helmgate.domain.policy.Fixtures.CAROL;
import static io.helmgate.domain.policy.Fixtures.CONFLICTED;
import static io.helmgate.domain.policy.Fixtures.DAVE;
import static io.helmgate.domain.policy.Fixtures.DEV;
import static io.helmgate.domain.policy.Fixtures.DORA;
import static io.helmgate.domain.policy.Fixtures.NOBODY;
import static io.helmgate.domain.policy.Fixtures.NOW;
import static io.helmgate.domain.policy.Fixtures.PROD;
import static io.helmgate.domain.policy.Fixtures.STAGING;
import static io.helmgate.domain.policy.Fixtures.lockBy;
import static io.helmgate.domain.policy.Fixtures.withRoles;
import static io.helmgate.domain.policy.MaintenanceWindowTest.zurich;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every question through {@link Policy}: the rules in their order, each way. */
class PolicyTest {

  final Policy policy = new Policy(ExampleGroups.policy());

  static RequestContext deploy(Target target) {
    return RequestContext.of(target, RequestKind.DEPLOY, NOW).withReason("CHG-1234 release");
  }

  static ApprovalContext requestedByAlice() {
    return new ApprovalContext(PROD, ALICE.user(), Set.of(), NOW, true);
  }

  @Nested
  class Read {

    @Test
    void everyoneInAHelmgateGroupMayRead() {
      for (Actor a : List.of(ALICE, DAVE, DORA, AUDREY, CONFLICTED)) {
        assertThat(policy.mayRead(a).isAllowed()).as(a.user().name()).isTrue();
      }
    }

    @Test
    void someoneInNoGroupMayNotAndIsToldWhichGroupsExist() {
      Decision d = policy.mayRead(NOBODY);

      assertThat(d.rule()).isEqualTo("known-user");
      assertThat(d.message()).contains("@dev-team, @platform-team, @ops-team, @audit");
    }
  }

  @Nested
  class Request {

    @Test
    void opsRequestInProdNeedsOneOpsApprovalOtherThanThemselves() {
      Decision d = policy.mayRequest(ALICE, deploy(PROD));

      assertThat(d.needsApproval()).isTrue();
      assertThat(d.rule()).isEqualTo("approvals");
      assertThat(d.message()).isEqualTo("prod needs 1 approval from OPS other than you.");
      assertThat(d.approvalsRequired()).isEqualTo(1);
      assertThat(d.approverRoles()).containsExactly(Role.OPS);
    }

    @Test
    void opsRequestInDevRunsWithoutApproval() {
      Decision d = policy.mayRequest(ALICE, RequestContext.of(DEV, RequestKind.DEPLOY, NOW));

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("no-approval-needed");
    }

    @Test
    void stagingIsConfigurable() {
      Policy strict =
          new Policy(
              ExampleGroups.policy()
                  .withEnvironment("staging", EnvironmentRules.immediate().withApprovals(1)));

      assertThat(policy.mayRequest(ALICE, deploy(STAGING)).isAllowed()).isTrue();
      assertThat(strict.mayRequest(ALICE, deploy(STAGING)).needsApproval()).isTrue();
    }

    @Test
    void developerMayNotRequestEvenInDev() {
      Decision d = policy.mayRequest(DAVE, deploy(DEV));

      assertThat(d.rule()).isEqualTo("requester-role");
      assertThat(d.message())
          .isEqualTo("You may not deploy to dev: that needs the OPS role, and you have DEVELOPER.");
    }

    @Test
    void devopsMayNotRollBack() {
      Decision d =
          policy.mayRequest(
              DORA, RequestContext.of(PROD, RequestKind.ROLLBACK, NOW).withReason("INC-1"));

      assertThat(d.rule()).isEqualTo("requester-role");
      assertThat(d.message()).startsWith("You may not roll back prod");
    }

    @Test
    void rollbackInProdFollowsTheSameRulesAsDeploy() {
      Decision d =
          policy.mayRequest(
              ALICE, RequestContext.of(PROD, RequestKind.ROLLBACK, NOW).withReason("INC-1"));

      assertThat(d.needsApproval()).isTrue();
    }

    @Test
    void unknownUserIsDeniedFirst() {
      assertThat(policy.mayRequest(NOBODY, deploy(DEV)).rule()).isEqualTo("known-user");
    }

    @Test
    void conflictingRolesAreDeniedEvenInDev() {
      Decision d = policy.mayRequest(CONFLICTED, deploy(DEV));

      assertThat(d.rule()).isEqualTo("conflicting-roles");
      assertThat(d.message()).contains("DEVELOPER and OPS");
    }

    @Test
    void prodWithoutAReasonIsDenied() {
      Decision d = policy.mayRequest(ALICE, RequestContext.of(PROD, RequestKind.DEPLOY, NOW));

      assertThat(d.rule()).isEqualTo("reason-required");
      assertThat(d.message()).isEqualTo("prod needs a reason: add reason=\"CHG-1234 …\".");
    }

    @Test
    void whoMayAskIsCheckedBeforeWhatTheyForgot() {
      assertThat(policy.mayRequest(DAVE, RequestContext.of(PROD, RequestKind.DEPLOY, NOW)).rule())
          .isEqualTo("requester-role");
    }

    @Test
    void activeLockRefusesTheRequestWithOwnerReasonAndExpiry() {
      Decision d =
          policy.mayRequest(ALICE, deploy(PROD).withLock(lockBy(BOB, PROD, Duration.ofHours(3))));

      assertThat(d.rule()).isEqualTo("lock");
      assertThat(d.message())
          .startsWith(
              "acme/payments prod is locked by Bob <U2> until Wed 2026-12-02 14:00 Europe/Zurich"
                  + " (\"DB migration\").");
    }

    @Test
    void expiredLockNoLongerRefuses() {
      Decision d =
          policy.mayRequest(ALICE, deploy(PROD).withLock(lockBy(BOB, PROD, Duration.ofHours(-3))));

      assertThat(d.needsApproval()).isTrue();
    }

    @Test
    void lockForAnotherEnvironmentIsACallersMistake() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> deploy(PROD).withLock(lockBy(BOB, DEV, Duration.ofHours(1))));
    }

    @Test
    void unconfiguredEnvironmentFailsSafeWithOneOpsApprovalAndAReason() {
      Target uat = PROD.withEnvironment("uat");

      assertThat(policy.mayRequest(ALICE, RequestContext.of(uat, RequestKind.DEPLOY, NOW)).rule())
          .isEqualTo("reason-required");
      Decision d = policy.mayRequest(ALICE, deploy(uat));
      assertThat(d.needsApproval()).isTrue();
      assertThat(d.message()).isEqualTo("uat needs 1 approval from OPS other than you.");
    }

    @Test
    void timeInThePastIsDenied() {
      Decision d = policy.mayRequest(ALICE, deploy(DEV).withAt(NOW.minusSeconds(60)));

      assertThat(d.rule()).isEqualTo("at-in-the-past");
    }
  }

  @Nested
  class FreezesAndWindows {

    final Policy frozen =
        new Policy(
            ExampleGroups.policy()
                .withEnvironment(
                    "prod",
                    EnvironmentRules.production()
                        .withFreezes(
                            List.of(
                                Freeze.parse("year-end: every year Dec 20 - Jan 4 Europe/Zurich")))
                        .withMaintenanceWindows(
                            List.of(MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich")),
                            true)));

    @Test
    void atInsideAFreezeIsDenied() {
      Decision d = frozen.mayRequest(ALICE, deploy(PROD).withAt(zurich("2026-12-26T22:00")));

      assertThat(d.rule()).isEqualTo("freeze");
      assertThat(d.message()).contains("the next allowed time is Sat 2027-01-09 22:00");
    }

    @Test
    void atAfterTheFreezeInsideAWindowIsAccepted() {
      // Asked within the schedule horizon (14 days) of the first window after the freeze.
      java.time.Instant firstWindow = zurich("2027-01-09T22:00");
      assertThat(
              frozen
                  .mayRequest(
                      ALICE,
                      RequestContext.of(
                              PROD, RequestKind.DEPLOY, firstWindow.minus(Duration.ofDays(10)))
                          .withReason("CHG-1234 release")
                          .withAt(firstWindow))
                  .needsApproval())
          .isTrue();
    }

    @Test
    void atOutsideTheWindowsIsDenied() {
      Decision d = frozen.mayRequest(ALICE, deploy(PROD).withAt(zurich("2026-12-03T12:00")));

      assertThat(d.rule()).isEqualTo("maintenance-window");
    }

    @Test
    void noAtIsNotDeniedBecauseTheNextWindowIsProposed() {
      assertThat(frozen.mayRequest(ALICE, deploy(PROD)).needsApproval()).isTrue();
      assertThat(frozen.schedule(PROD, Optional.empty(), false, NOW).kind())
          .isEqualTo(ScheduleDecision.Kind.PROPOSED);
    }

    @Test
    void breakGlassInsideAFreezeIsAllowedAndReviewedPostHoc() {
      Decision d =
          frozen.mayRequest(
              ALICE,
              RequestContext.of(PROD, RequestKind.ROLLBACK, zurich("2026-12-24T03:00"))
                  .withBreakGlass(true)
                  .withReason("INC-4711 payments down"));

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("break-glass");
      assertThat(d.message()).contains("will be reviewed post-hoc by another Ops member");
    }
  }

  @Nested
  class BreakGlass {

    @Test
    void opsWithAReasonMayBreakGlassAndSkipApproval() {
      Decision d = policy.mayRequest(ALICE, deploy(PROD).withBreakGlass(true));

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("break-glass");
    }

    @Test
    void breakGlassWithoutAReasonIsDenied() {
      Decision d =
          policy.mayRequest(
              ALICE, RequestContext.of(PROD, RequestKind.DEPLOY, NOW).withBreakGlass(true));

      assertThat(d.rule()).isEqualTo("break-glass-reason");
    }

    @Test
    void roleThatMayRequestButNotBreakGlassIsDenied() {
      Policy devopsMayRequest =
          new Policy(
              ExampleGroups.policy()
                  .withEnvironment(
                      "staging",
                      EnvironmentRules.immediate()
                          .withRequesterRoles(EnumSet.of(Role.DEVOPS, Role.OPS))));

      Decision d = devopsMayRequest.mayRequest(DORA, deploy(STAGING).withBreakGlass(true));

      assertThat(d.rule()).isEqualTo("break-glass-role");
    }

    @Test
    void developerMayNotBreakGlass() {
      assertThat(policy.mayRequest(DAVE, deploy(PROD).withBreakGlass(true)).isDenied()).isTrue();
    }

    @Test
    void breakGlassDoesNotOverrideALock() {
      Decision d =
          policy.mayRequest(
              ALICE,
              deploy(PROD).withBreakGlass(true).withLock(lockBy(BOB, PROD, Duration.ofHours(1))));

      assertThat(d.rule()).isEqualTo("lock");
    }
  }

  @Nested
  class Approve {

    @Test
    void anotherOpsMemberMayApprove() {
      Decision d = policy.mayApprove(BOB, requestedByAlice());

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("approver");
    }

    @Test
    void requesterMayNotApproveTheirOwnRequest() {
      Decision d = policy.mayApprove(ALICE, requestedByAlice());

      assertThat(d.rule()).isEqualTo("four-eyes");
      assertThat(d.message())
          .isEqualTo("You requested this; four-eyes needs someone else to approve it.");
    }

    @Test
    void developerMayNotApprove() {
      assertThat(policy.mayApprove(DAVE, requestedByAlice()).rule()).isEqualTo("approver-role");
    }

    @Test
    void nobodyApprovesTwice() {
      ApprovalContext bobApproved =
          new ApprovalContext(PROD, ALICE.user(), Set.of("U2"), NOW, true);

      assertThat(policy.mayApprove(BOB, bobApproved).rule()).isEqualTo("once-per-person");
      assertThat(policy.mayApprove(CAROL, bobApproved).isAllowed()).isTrue();
    }

    @Test
    void closedRequestTakesNoApproval() {
      ApprovalContext closed = new ApprovalContext(PROD, ALICE.user(), Set.of(), NOW, false);

      assertThat(policy.mayApprove(BOB, closed).rule()).isEqualTo("request-open");
    }

    @Test
    void opsMemberWhoIsAlsoADeveloperMayNotApprove() {
      assertThat(policy.mayApprove(CONFLICTED, requestedByAlice()).rule())
          .isEqualTo("conflicting-roles");
    }

    @Test
    void unknownUserMayNotApprove() {
      assertThat(policy.mayApprove(NOBODY, requestedByAlice()).rule()).isEqualTo("known-user");
    }
  }

  @Nested
  class Reject {

    @Test
    void anotherOpsMemberMayReject() {
      assertThat(policy.mayReject(BOB, requestedByAlice()).isAllowed()).isTrue();
    }

    @Test
    void approverWhoChangesTheirMindMayStillRejectBecauseRejectWins() {
      ApprovalContext bobApproved =
          new ApprovalContext(PROD, ALICE.user(), Set.of("U2"), NOW, true);

      assertThat(policy.mayReject(BOB, bobApproved).isAllowed()).isTrue();
    }

    @Test
    void requesterMayNotRejectTheirOwnRequest() {
      assertThat(policy.mayReject(ALICE, requestedByAlice()).rule()).isEqualTo("four-eyes");
    }

    @Test
    void developerMayNotReject() {
      assertThat(policy.mayReject(DAVE, requestedByAlice()).rule()).isEqualTo("approver-role");
    }

    @Test
    void closedRequestTakesNoRejection() {
      ApprovalContext closed = new ApprovalContext(PROD, ALICE.user(), Set.of(), NOW, false);

      assertThat(policy.mayReject(BOB, closed).rule()).isEqualTo("request-open");
    }
  }

  @Nested
  class Cancel {

    @Test
    void requesterMayCancel() {
      assertThat(policy.mayCancel(ALICE, ALICE.user()).isAllowed()).isTrue();
    }

    @Test
    void opsMayCancelAnyonesRequest() {
      assertThat(policy.mayCancel(BOB, ALICE.user()).isAllowed()).isTrue();
    }

    @Test
    void developerMayNotCancelSomeoneElsesRequest() {
      assertThat(policy.mayCancel(DAVE, ALICE.user()).rule()).isEqualTo("requester-or-ops");
      assertThat(policy.mayCancel(DAVE, ALICE.user()).isDenied()).isTrue();
    }

    @Test
    void conflictedUserMayNotCancel() {
      assertThat(policy.mayCancel(CONFLICTED, CONFLICTED.user()).rule())
          .isEqualTo("conflicting-roles");
    }

    @Test
    void unknownUserMayNotCancel() {
      assertThat(policy.mayCancel(NOBODY, ALICE.user()).rule()).isEqualTo("known-user");
    }
  }

  @Nested
  class LockAndUnlock {

    @Test
    void opsMayLock() {
      Decision d = policy.mayLock(ALICE, PROD, Optional.empty(), NOW);

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("locker");
    }

    @Test
    void devopsMayNotLock() {
      assertThat(policy.mayLock(DORA, PROD, Optional.empty(), NOW).rule()).isEqualTo("lock-role");
    }

    @Test
    void someoneElsesActiveLockMustBeLiftedFirst() {
      Decision d =
          policy.mayLock(ALICE, PROD, Optional.of(lockBy(BOB, PROD, Duration.ofHours(1))), NOW);

      assertThat(d.rule()).isEqualTo("already-locked");
    }

    @Test
    void ownerMayRenewTheirLock() {
      Decision d =
          policy.mayLock(ALICE, PROD, Optional.of(lockBy(ALICE, PROD, Duration.ofHours(1))), NOW);

      assertThat(d.rule()).isEqualTo("renew-own-lock");
      assertThat(d.isAllowed()).isTrue();
    }

    @Test
    void expiredLockDoesNotStandInTheWay() {
      assertThat(
              policy
                  .mayLock(ALICE, PROD, Optional.of(lockBy(BOB, PROD, Duration.ofHours(-1))), NOW)
                  .isAllowed())
          .isTrue();
    }

    @Test
    void conflictedUserMayNotLock() {
      assertThat(policy.mayLock(CONFLICTED, PROD, Optional.empty(), NOW).rule())
          .isEqualTo("conflicting-roles");
    }

    @Test
    void existingLockOfAnotherTargetIsACallersMistake() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  policy.mayLock(
                      ALICE, PROD, Optional.of(lockBy(BOB, DEV, Duration.ofHours(1))), NOW));
    }

    @Test
    void ownerAndOtherOpsMayUnlockButDevelopersMayNot() {
      Lock bobs = lockBy(BOB, PROD, Duration.ofHours(1));

      assertThat(policy.mayUnlock(BOB, bobs, NOW).isAllowed()).isTrue();
      assertThat(policy.mayUnlock(ALICE, bobs, NOW).isAllowed()).isTrue();
      assertThat(policy.mayUnlock(DAVE, bobs, NOW).rule()).isEqualTo("owner-or-requester-role");
      assertThat(policy.mayUnlock(DAVE, bobs, NOW).isDenied()).isTrue();
    }

    @Test
    void expiredLockHasNothingToUnlock() {
      assertThat(policy.mayUnlock(BOB, lockBy(BOB, PROD, Duration.ofHours(-1)), NOW).rule())
          .isEqualTo("lock-active");
    }

    @Test
    void lockExpiresOnItsOwn() {
      Lock lock = lockBy(BOB, PROD, Duration.ofHours(1));
      RequestContext later =
          RequestContext.of(PROD, RequestKind.DEPLOY, NOW.plus(Duration.ofHours(1)))
              .withReason("CHG-1")
              .withLock(lock);

      assertThat(policy.mayRequest(ALICE, deploy(PROD).withLock(lock)).rule()).isEqualTo("lock");
      assertThat(policy.mayRequest(ALICE, later).needsApproval()).isTrue();
    }
  }

  @Nested
  class AuditAndPlatform {

    @Test
    void opsAndAuditorsMayReadTheAuditTrail() {
      assertThat(policy.mayAudit(ALICE).isAllowed()).isTrue();
      assertThat(policy.mayAudit(AUDREY).isAllowed()).isTrue();
      assertThat(policy.mayAudit(DORA).rule()).isEqualTo("audit-roles");
      assertThat(policy.mayAudit(DAVE).isDenied()).isTrue();
      assertThat(policy.mayAudit(NOBODY).rule()).isEqualTo("known-user");
    }

    @Test
    void devopsOpsAndAuditorsMayReadTheSodReport() {
      assertThat(policy.mayReadSodReport(DORA).isAllowed()).isTrue();
      assertThat(policy.mayReadSodReport(ALICE).isAllowed()).isTrue();
      assertThat(policy.mayReadSodReport(AUDREY).isAllowed()).isTrue();
      assertThat(policy.mayReadSodReport(DAVE).rule()).isEqualTo("sod-report-roles");
    }

    @Test
    void onlyDevopsMayUsePlatformCommands() {
      assertThat(policy.mayUsePlatformCommands(DORA).isAllowed()).isTrue();
      assertThat(policy.mayUsePlatformCommands(ALICE).rule()).isEqualTo("platform-roles");
      assertThat(policy.mayUsePlatformCommands(DAVE).isDenied()).isTrue();
    }

    @Test
    void devopsWhoIsAlsoInAConflictMayNotUsePlatformCommands() {
      Policy strict =
          new Policy(
              ExampleGroups.policy()
                  .withConflictingRoles(List.of(EnumSet.of(Role.DEVOPS, Role.OPS))));

      assertThat(strict.mayUsePlatformCommands(withRoles(DORA, Role.DEVOPS, Role.OPS)).rule())
          .isEqualTo("conflicting-roles");
    }
  }

  @Nested
  class Keys {

    final KeyPath tag = KeyPath.of("image.tag");

    @Test
    void imageTagMayChange() {
      assertThat(policy.mayChangeKeys(PROD, Set.of(tag), Set.of()).isAllowed()).isTrue();
    }

    @Test
    void otherKeysMayNot() {
      assertThat(policy.mayChangeKeys(PROD, Set.of(KeyPath.of("replicaCount")), Set.of()).rule())
          .isEqualTo("promotable-keys");
    }

    @Test
    void newKeysMayNotBeAddedByDefault() {
      assertThat(policy.mayChangeKeys(PROD, Set.of(tag), Set.of(tag)).rule()).isEqualTo("new-keys");
    }
  }

  @Nested
  class RecheckAtExecution {

    @Test
    void unchangedRolesAndNoLockOrFreezePass() {
      Decision d = policy.recheckAtExecution(ALICE, List.of(BOB), PROD, Optional.empty(), NOW);

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("recheck-passed");
    }

    @Test
    void requesterWhoLostOpsStopsTheRun() {
      assertThat(
              policy
                  .recheckAtExecution(
                      withRoles(ALICE, Role.DEVELOPER), List.of(BOB), PROD, Optional.empty(), NOW)
                  .rule())
          .isEqualTo("requester-still-allowed");
    }

    @Test
    void approverWhoLostOpsStopsTheRun() {
      assertThat(
              policy
                  .recheckAtExecution(ALICE, List.of(withRoles(BOB)), PROD, Optional.empty(), NOW)
                  .rule())
          .isEqualTo("approvers-still-allowed");
    }

    @Test
    void lockTakenSinceApprovalStopsTheRun() {
      assertThat(
              policy
                  .recheckAtExecution(
                      ALICE,
                      List.of(BOB),
                      PROD,
                      Optional.of(lockBy(CAROL, PROD, Duration.ofHours(1))),
                      NOW)
                  .rule())
          .isEqualTo("lock");
    }

    @Test
    void freezeThatBeganSinceApprovalStopsTheRunUnlessBreakGlass() {
      Policy frozen =
          new Policy(
              ExampleGroups.policy()
                  .withEnvironment(
                      "prod",
                      EnvironmentRules.production()
                          .withFreezes(
                              List.of(Freeze.parse("2026-12-01 - 2026-12-03 Europe/Zurich")))));

      assertThat(frozen.recheckAtExecution(ALICE, List.of(BOB), PROD, Optional.empty(), NOW).rule())
          .isEqualTo("freeze");
      assertThat(
              frozen
                  .recheckAtExecution(ALICE, List.of(), PROD, Optional.empty(), true, NOW)
                  .isAllowed())
          .isTrue();
    }

    @Test
    void closedWindowStopsTheRun() {
      Policy windowed =
          new Policy(
              ExampleGroups.policy()
                  .withEnvironment(
                      "prod",
                      EnvironmentRules.production()
                          .withMaintenanceWindows(
                              List.of(MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich")),
                              true)));

      assertThat(
              windowed.recheckAtExecution(ALICE, List.of(BOB), PROD, Optional.empty(), NOW).rule())
          .isEqualTo("maintenance-window");
      assertThat(
              windowed
                  .recheckAtExecution(
                      ALICE, List.of(BOB), PROD, Optional.empty(), zurich("2026-12-05T22:00"))
                  .isAllowed())
          .isTrue();
    }

    @Test
    void approvalsCountAgainstTheCurrentConfiguration() {
      Policy twoNow =
          new Policy(
              ExampleGroups.policy()
                  .withEnvironment("prod", EnvironmentRules.production().withApprovals(2)));

      assertThat(twoNow.recheckAtExecution(ALICE, List.of(BOB), PROD, Optional.empty(), NOW).rule())
          .isEqualTo("approvers-still-allowed");
    }
  }
}
