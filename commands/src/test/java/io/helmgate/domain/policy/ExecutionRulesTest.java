package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.ALICE;
import static io.helmgate.domain.policy.Fixtures.BOB;
import static io.helmgate.domain.policy.Fixtures.CAROL;
import static io.helmgate.domain.policy.Fixtures.DAVE;
import static io.helmgate.domain.policy.Fixtures.NOW;
import static io.helmgate.domain.policy.Fixtures.PROD;
import static io.helmgate.domain.policy.Fixtures.lockBy;
import static io.helmgate.domain.policy.Fixtures.withRoles;
import static io.helmgate.domain.policy.MaintenanceWindowTest.zurich;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.ExecutionRules.ExecutionCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ExecutionRulesTest {

  static final PolicyConfig CONFIG = ExampleGroups.policy();
  static final EnvironmentRules PROD_RULES = EnvironmentRules.production();

  static ExecutionCheck check(Actor requester, List<Actor> approvers) {
    return check(requester, approvers, Optional.empty(), false, NOW, PROD_RULES);
  }

  static ExecutionCheck check(
      Actor requester,
      List<Actor> approvers,
      Optional<Lock> lock,
      boolean breakGlass,
      Instant now,
      EnvironmentRules rules) {
    return new ExecutionCheck(requester, approvers, PROD, lock, breakGlass, now, rules, CONFIG);
  }

  @Nested
  class RequesterStillAllowed {

    final Rule<ExecutionCheck> rule = ExecutionRules.requesterStillAllowed();

    @Test
    void requesterWhoStillHoldsOpsPasses() {
      assertThat(rule.apply(check(ALICE, List.of(BOB)))).isEmpty();
    }

    @Test
    void requesterWhoLostOpsIsDenied() {
      Decision d = rule.apply(check(withRoles(ALICE, Role.DEVOPS), List.of(BOB))).orElseThrow();

      assertThat(d.rule()).isEqualTo("requester-still-allowed");
      assertThat(d.message())
          .isEqualTo("Not running: Alice <U1>, who requested this, no longer holds OPS.");
    }

    @Test
    void requesterWhoLeftEveryGroupIsDenied() {
      assertThat(rule.apply(check(withRoles(ALICE), List.of(BOB))).orElseThrow().message())
          .contains("is no longer in any Helmgate group");
    }

    @Test
    void requesterWhoNowHoldsConflictingRolesIsDenied() {
      Actor both = withRoles(ALICE, Role.OPS, Role.DEVELOPER);

      assertThat(rule.apply(check(both, List.of(BOB))).orElseThrow().message())
          .contains("now holds both DEVELOPER and OPS");
    }
  }

  @Nested
  class ApproversStillAllowed {

    final Rule<ExecutionCheck> rule = ExecutionRules.approversStillAllowed();

    @Test
    void approverWhoStillHoldsOpsPasses() {
      assertThat(rule.apply(check(ALICE, List.of(BOB)))).isEmpty();
    }

    @Test
    void approverWhoLostOpsNoLongerCounts() {
      Decision d = rule.apply(check(ALICE, List.of(withRoles(BOB, Role.DEVOPS)))).orElseThrow();

      assertThat(d.rule()).isEqualTo("approvers-still-allowed");
      assertThat(d.message())
          .isEqualTo(
              "Not running: prod needs 1 approval from OPS other than the requester, and 0 still"
                  + " count (Bob <U2> no longer holds OPS).");
    }

    @Test
    void requesterAmongTheApproversNeverCounts() {
      assertThat(rule.apply(check(ALICE, List.of(ALICE))).orElseThrow().message())
          .contains("Alice <U1> is the requester");
    }

    @Test
    void samePersonTwiceCountsOnce() {
      EnvironmentRules two = PROD_RULES.withApprovals(2);

      assertThat(rule.apply(check(ALICE, List.of(BOB, BOB), Optional.empty(), false, NOW, two)))
          .isPresent();
      assertThat(rule.apply(check(ALICE, List.of(BOB, CAROL), Optional.empty(), false, NOW, two)))
          .isEmpty();
    }

    @Test
    void approverWithConflictingRolesNoLongerCounts() {
      Actor bobBoth = withRoles(BOB, Role.OPS, Role.DEVELOPER);

      assertThat(rule.apply(check(ALICE, List.of(bobBoth)))).isPresent();
    }

    @Test
    void breakGlassNeedsNoApprovers() {
      assertThat(rule.apply(check(ALICE, List.of(), Optional.empty(), true, NOW, PROD_RULES)))
          .isEmpty();
    }

    @Test
    void environmentWithoutApprovalsNeedsNoApprovers() {
      assertThat(
              rule.apply(
                  check(
                      ALICE,
                      List.of(),
                      Optional.empty(),
                      false,
                      NOW,
                      EnvironmentRules.immediate())))
          .isEmpty();
    }

    @Test
    void developerApproverNeverCounts() {
      assertThat(rule.apply(check(ALICE, List.of(DAVE)))).isPresent();
    }
  }

  @Nested
  class NotLocked {

    final Rule<ExecutionCheck> rule = ExecutionRules.notLocked();

    @Test
    void unlockedEnvironmentPasses() {
      assertThat(rule.apply(check(ALICE, List.of(BOB)))).isEmpty();
    }

    @Test
    void lockedEnvironmentIsDeniedEvenForBreakGlass() {
      Optional<Lock> lock = Optional.of(lockBy(CAROL, PROD, Duration.ofHours(1)));

      Decision d =
          rule.apply(check(ALICE, List.of(BOB), lock, true, NOW, PROD_RULES)).orElseThrow();

      assertThat(d.rule()).isEqualTo("lock");
      assertThat(d.message()).startsWith("Not running: acme/payments prod is locked by Carol");
    }

    @Test
    void expiredLockDoesNotCount() {
      Optional<Lock> lock = Optional.of(lockBy(CAROL, PROD, Duration.ofHours(-1)));

      assertThat(rule.apply(check(ALICE, List.of(BOB), lock, false, NOW, PROD_RULES))).isEmpty();
    }
  }

  @Nested
  class NotFrozen {

    final Rule<ExecutionCheck> rule = ExecutionRules.notFrozen();
    final EnvironmentRules frozenAtChristmas =
        PROD_RULES.withFreezes(
            List.of(Freeze.parse("year-end: every year Dec 20 - Jan 5 Europe/Zurich")));
    final Instant christmas = zurich("2026-12-24T22:00");

    @Test
    void outsideTheFreezePasses() {
      assertThat(
              rule.apply(
                  check(ALICE, List.of(BOB), Optional.empty(), false, NOW, frozenAtChristmas)))
          .isEmpty();
    }

    @Test
    void insideTheFreezeIsDenied() {
      Decision d =
          rule.apply(
                  check(ALICE, List.of(BOB), Optional.empty(), false, christmas, frozenAtChristmas))
              .orElseThrow();

      assertThat(d.rule()).isEqualTo("freeze");
      assertThat(d.message())
          .isEqualTo(
              "Not running: prod is frozen (year-end) until Wed 2027-01-06 00:00 Europe/Zurich.");
    }

    @Test
    void breakGlassRunsInsideTheFreeze() {
      assertThat(
              rule.apply(
                  check(ALICE, List.of(), Optional.empty(), true, christmas, frozenAtChristmas)))
          .isEmpty();
    }
  }

  @Nested
  class WindowOpen {

    final Rule<ExecutionCheck> rule = ExecutionRules.windowOpen();
    final EnvironmentRules windowed =
        PROD_RULES.withMaintenanceWindows(
            List.of(MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich")), true);

    @Test
    void insideAWindowPasses() {
      assertThat(
              rule.apply(
                  check(
                      ALICE,
                      List.of(BOB),
                      Optional.empty(),
                      false,
                      zurich("2026-12-05T22:00"),
                      windowed)))
          .isEmpty();
    }

    @Test
    void outsideEveryWindowIsDenied() {
      Decision d =
          rule.apply(check(ALICE, List.of(BOB), Optional.empty(), false, NOW, windowed))
              .orElseThrow();

      assertThat(d.rule()).isEqualTo("maintenance-window");
      assertThat(d.message())
          .isEqualTo(
              "Not running: prod takes changes only in its maintenance windows"
                  + " (Sat 22:00-02:00 Europe/Zurich), and none is open now.");
    }

    @Test
    void breakGlassRunsOutsideTheWindows() {
      assertThat(rule.apply(check(ALICE, List.of(), Optional.empty(), true, NOW, windowed)))
          .isEmpty();
    }

    @Test
    void windowsThatAreNotRequiredDoNotStopARun() {
      EnvironmentRules advisory =
          PROD_RULES.withMaintenanceWindows(
              List.of(MaintenanceWindow.parse("Sat 22:00-02:00 Europe/Zurich")), false);

      assertThat(rule.apply(check(ALICE, List.of(BOB), Optional.empty(), false, NOW, advisory)))
          .isEmpty();
    }
  }

  @Nested
  class Passed {

    @Test
    void allowsWhateverReachesIt() {
      assertThat(
              ExecutionRules.passed().apply(check(ALICE, List.of(BOB))).orElseThrow().isAllowed())
          .isTrue();
    }
  }
}
