package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** The people, targets and times the policy tests talk about. */
final class Fixtures {

  /** A Wednesday morning in December (Zurich: 11:00). */
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  static final Target PROD = new Target("acme", "payments", "prod");
  static final Target STAGING = PROD.withEnvironment("staging");
  static final Target DEV = PROD.withEnvironment("dev");
  static final Target QA = PROD.withEnvironment("qa");

  static final Actor ALICE = actor("U1", "Alice", Role.OPS);
  static final Actor BOB = actor("U2", "Bob", Role.OPS);
  static final Actor CAROL = actor("U3", "Carol", Role.OPS);
  static final Actor DAVE = actor("U4", "Dave", Role.DEVELOPER);
  static final Actor DORA = actor("U5", "Dora", Role.DEVOPS);
  static final Actor AUDREY = actor("U6", "Audrey", Role.AUDITOR);
  static final Actor NOBODY = actor("U7", "Nina");
  static final Actor CONFLICTED = actor("U8", "Conrad", Role.DEVELOPER, Role.OPS);

  private Fixtures() {}

  static Actor actor(String id, String name, Role... roles) {
    Set<Role> set = EnumSet.noneOf(Role.class);
    set.addAll(java.util.List.of(roles));
    return new Actor(new UserRef(id, name), set);
  }

  /** The same person with other roles: their groups changed. */
  static Actor withRoles(Actor actor, Role... roles) {
    return actor(actor.user().id(), actor.user().name(), roles);
  }

  static Lock lockBy(Actor owner, Target target, Duration remaining) {
    return new Lock(target, owner.user(), "DB migration", NOW.plus(remaining));
  }
}
