package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import io.helmgate.domain.UserRef;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a user's Slack groups into Helmgate roles: the union of the roles of every group they are
 * in. A group matches by id ({@code S0123}) or handle ({@code ops-team}, with or without
 * {@code @}), ignoring case, because Slack shows handles and the configuration may name either.
 */
public final class RoleResolver {

  private final PolicyConfig config;

  public RoleResolver(PolicyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The roles given by {@code groupIdsAndHandles}; empty when none of them is configured. */
  public Set<Role> rolesOf(Set<String> groupIdsAndHandles) {
    Set<String> theirs = new HashSet<>();
    for (String group : groupIdsAndHandles) {
      theirs.add(normalise(group));
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    config
        .roleGroups()
        .forEach(
            (role, groups) -> {
              if (groups.stream().map(RoleResolver::normalise).anyMatch(theirs::contains)) {
                roles.add(role);
              }
            });
    return Set.copyOf(roles);
  }

  /** The actor {@code user} is, given their groups. */
  public Actor actor(UserRef user, Set<String> groupIdsAndHandles) {
    return new Actor(user, rolesOf(groupIdsAndHandles));
  }

  private static String normalise(String group) {
    String g = group.strip();
    if (g.startsWith("@")) {
      g = g.substring(1);
    }
    return g.toLowerCase(Locale.ROOT);
  }
}
