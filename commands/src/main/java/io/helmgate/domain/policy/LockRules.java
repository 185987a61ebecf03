package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Rule.pass;

import io.helmgate.domain.Target;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Rules for locking and unlocking an environment. Those who may request changes in an environment
 * (default OPS) may lock it; the owner or any of them may unlock it; an expired lock is no lock.
 */
final class LockRules {

  private LockRules() {}

  /** A lock command as the rules see it. */
  record LockCheck(
      Actor actor,
      Target target,
      Optional<Lock> existing,
      Instant now,
      EnvironmentRules rules,
      ZoneId zone) {}

  /** An unlock command as the rules see it. */
  record UnlockCheck(Actor actor, Lock lock, Instant now, EnvironmentRules rules, ZoneId zone) {}

  /** lock-role: only the environment's requester roles lock it. */
  static Rule<LockCheck> lockRole() {
    String name = "lock-role";
    return new Rule<>(
        name,
        c ->
            c.actor().holdsAnyOf(c.rules().requesterRoles())
                ? pass()
                : Optional.of(
                    Decision.denied(
                        name,
                        "You may not lock "
                            + c.target()
                            + ": that needs the "
                            + Wording.anyOf(c.rules().requesterRoles())
                            + " role, and you have "
                            + Wording.held(c.actor().roles())
                            + ".")));
  }

  /** renew-own-lock: the owner of an active lock may lock again to renew it. */
  static Rule<LockCheck> renewOwnLock() {
    String name = "renew-own-lock";
    return new Rule<>(
        name,
        c ->
            c.existing()
                .filter(lock -> lock.activeAt(c.now()) && c.actor().is(lock.owner()))
                .map(
                    lock ->
                        Decision.allowed(
                            name,
                            "You already hold the lock on "
                                + c.target()
                                + "; locking again renews it.")));
  }

  /** already-locked: one lock at a time; others wait for it to expire or unlock it first. */
  static Rule<LockCheck> notLockedByAnother() {
    String name = "already-locked";
    return new Rule<>(
        name,
        c ->
            c.existing()
                .filter(lock -> lock.activeAt(c.now()))
                .map(
                    lock ->
                        Decision.denied(
                            name,
                            lock.describe(c.zone())
                                + ". Unlock it first with `/deploy unlock "
                                + c.target()
                                + "`, or wait until it expires.")));
  }

  /** locker: whoever passed the rules above may lock. */
  static Rule<LockCheck> locker() {
    String name = "locker";
    return new Rule<>(
        name, c -> Optional.of(Decision.allowed(name, "You may lock " + c.target() + ".")));
  }

  /** lock-active: there is nothing to unlock once a lock has expired. */
  static Rule<UnlockCheck> lockActive() {
    String name = "lock-active";
    return new Rule<>(
        name,
        c ->
            c.lock().activeAt(c.now())
                ? pass()
                : Optional.of(
                    Decision.denied(
                        name,
                        c.lock().target()
                            + " is not locked: the lock by "
                            + c.lock().owner()
                            + " expired at "
                            + TimeText.when(c.lock().expiresAt(), c.zone())
                            + ".")));
  }

  /** owner-or-requester-role: the lock's owner, or anyone who may request there (default OPS). */
  static Rule<UnlockCheck> ownerOrRequesterRole() {
    String name = "owner-or-requester-role";
    return new Rule<>(
        name,
        c -> {
          if (c.actor().is(c.lock().owner())) {
            return Optional.of(Decision.allowed(name, "You may lift your own lock."));
          }
          if (c.actor().holdsAnyOf(c.rules().requesterRoles())) {
            return Optional.of(
                Decision.allowed(
                    name,
                    "You may lift "
                        + c.lock().owner().name()
                        + "'s lock as a member of "
                        + Wording.anyOf(c.rules().requesterRoles())
                        + "."));
          }
          return Optional.of(
              Decision.denied(
                  name,
                  "Only "
                      + c.lock().owner().name()
                      + ", who locked it, or a member of "
                      + Wording.anyOf(c.rules().requesterRoles())
                      + " may unlock "
                      + c.lock().target()
                      + "."));
        });
  }
}
