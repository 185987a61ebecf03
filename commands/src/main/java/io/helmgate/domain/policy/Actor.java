package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import io.helmgate.domain.UserRef;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** A person acting through Helmgate, with the roles their Slack groups give them right now. */
public record Actor(UserRef user, Set<Role> roles) {

  public Actor {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(roles, "roles");
    roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  /** True when the actor holds at least one of {@code wanted}. */
  public boolean holdsAnyOf(Set<Role> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }

  /** True when {@code other} is the same person (same Slack user id). */
  public boolean is(UserRef other) {
    return user.id().equals(other.id());
  }
}
