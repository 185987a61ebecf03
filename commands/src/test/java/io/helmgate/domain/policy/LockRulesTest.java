package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.ALICE;
import static io.helmgate.domain.policy.Fixtures.BOB;
import static io.helmgate.domain.policy.Fixtures.DAVE;
import static io.helmgate.domain.policy.Fixtures.DORA;
import static io.helmgate.domain.policy.Fixtures.NOW;
import static io.helmgate.domain.policy.Fixtures.PROD;
import static io.helmgate.domain.policy.Fixtures.lockBy;
import static io.helmgate.domain.policy.Fixtures.withRoles;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.LockRules.LockCheck;
import io.helmgate.domain.policy.LockRules.UnlockCheck;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LockRulesTest {

  static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
  static final EnvironmentRules PROD_RULES = EnvironmentRules.production();

  static LockCheck lock(Actor actor, Optional<Lock> existing) {
    return new LockCheck(actor, PROD, existing, NOW, PROD_RULES, ZURICH);
  }

  static UnlockCheck unlock(Actor actor, Lock lock) {
    return new UnlockCheck(actor, lock, NOW, PROD_RULES, ZURICH);
  }

  @Nested
  class LockActiveAt {

    @Test
    void lockIsActiveUntilItsExpiry() {
      Lock lock = lockBy(BOB, PROD, Duration.ofHours(1));

      assertThat(lock.activeAt(NOW)).isTrue();
      assertThat(lock.activeAt(NOW.plus(Duration.ofMinutes(59)))).isTrue();
      assertThat(lock.activeAt(NOW.plus(Duration.ofHours(1)))).isFalse();
    }
  }

  @Nested
  class LockRole {

    final Rule<LockCheck> rule = LockRules.lockRole();

    @Test
    void opsPasses() {
      assertThat(rule.apply(lock(ALICE, Optional.empty()))).isEmpty();
    }

    @Test
    void devopsIsDenied() {
      Decision d = rule.apply(lock(DORA, Optional.empty())).orElseThrow();

      assertThat(d.rule()).isEqualTo("lock-role");
      assertThat(d.message())
          .isEqualTo(
              "You may not lock acme/payments prod: that needs the OPS role, and you have DEVOPS.");
    }
  }

  @Nested
  class RenewOwnLock {

    final Rule<LockCheck> rule = LockRules.renewOwnLock();

    @Test
    void ownerOfTheActiveLockMayRenewIt() {
      Decision d =
          rule.apply(lock(ALICE, Optional.of(lockBy(ALICE, PROD, Duration.ofHours(1)))))
              .orElseThrow();

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("renew-own-lock");
    }

    @Test
    void someoneElsesLockPasses() {
      assertThat(rule.apply(lock(ALICE, Optional.of(lockBy(BOB, PROD, Duration.ofHours(1))))))
          .isEmpty();
    }
  }

  @Nested
  class AlreadyLocked {

    final Rule<LockCheck> rule = LockRules.notLockedByAnother();

    @Test
    void unlockedEnvironmentPasses() {
      assertThat(rule.apply(lock(ALICE, Optional.empty()))).isEmpty();
    }

    @Test
    void activeLockIsDeniedWithOwnerReasonAndExpiry() {
      Decision d =
          rule.apply(lock(ALICE, Optional.of(lockBy(BOB, PROD, Duration.ofHours(1)))))
              .orElseThrow();

      assertThat(d.rule()).isEqualTo("already-locked");
      assertThat(d.message())
          .startsWith(
              "acme/payments prod is locked by Bob <U2> until Wed 2026-12-02 12:00 Europe/Zurich"
                  + " (\"DB migration\").");
    }

    @Test
    void expiredLockDoesNotCount() {
      assertThat(rule.apply(lock(ALICE, Optional.of(lockBy(BOB, PROD, Duration.ofHours(-1))))))
          .isEmpty();
    }
  }

  @Nested
  class LockActive {

    final Rule<UnlockCheck> rule = LockRules.lockActive();

    @Test
    void activeLockPasses() {
      assertThat(rule.apply(unlock(ALICE, lockBy(BOB, PROD, Duration.ofHours(1))))).isEmpty();
    }

    @Test
    void expiredLockHasNothingToUnlock() {
      Decision d = rule.apply(unlock(ALICE, lockBy(BOB, PROD, Duration.ofHours(-1)))).orElseThrow();

      assertThat(d.rule()).isEqualTo("lock-active");
      assertThat(d.message())
          .isEqualTo(
              "acme/payments prod is not locked: the lock by Bob <U2> expired at Wed 2026-12-02"
                  + " 10:00 Europe/Zurich.");
    }
  }

  @Nested
  class OwnerOrRequesterRole {

    final Rule<UnlockCheck> rule = LockRules.ownerOrRequesterRole();

    @Test
    void ownerMayUnlock() {
      assertThat(rule.apply(unlock(BOB, lockBy(BOB, PROD, Duration.ofHours(1)))).orElseThrow())
          .matches(Decision::isAllowed)
          .extracting(Decision::message)
          .isEqualTo("You may lift your own lock.");
    }

    @Test
    void ownerWhoLostOpsMayStillLiftTheirOwnLock() {
      Actor bobNowDevops = withRoles(BOB, Role.DEVOPS);

      assertThat(
              rule.apply(unlock(bobNowDevops, lockBy(BOB, PROD, Duration.ofHours(1))))
                  .orElseThrow()
                  .isAllowed())
          .isTrue();
    }

    @Test
    void otherOpsMemberMayUnlock() {
      assertThat(
              rule.apply(unlock(ALICE, lockBy(BOB, PROD, Duration.ofHours(1))))
                  .orElseThrow()
                  .isAllowed())
          .isTrue();
    }

    @Test
    void developerMayNotUnlockSomeoneElsesLock() {
      Decision d = rule.apply(unlock(DAVE, lockBy(BOB, PROD, Duration.ofHours(1)))).orElseThrow();

      assertThat(d.isDenied()).isTrue();
      assertThat(d.message())
          .isEqualTo("Only Bob, who locked it, or a member of OPS may unlock acme/payments prod.");
    }
  }

  @Nested
  class Locker {

    @Test
    void allowsWhateverReachesIt() {
      assertThat(LockRules.locker().apply(lock(ALICE, Optional.empty())).orElseThrow().isAllowed())
          .isTrue();
    }
  }
}
