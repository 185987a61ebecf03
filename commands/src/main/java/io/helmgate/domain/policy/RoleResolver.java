package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import io.helmgate.domain.UserRef;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a user's Slack groups into Helmgate roles: the union of the roles of every group they are
 * in. A configured id ({@code S0123}) matches only a group's id, exactly; a configured handle
 * ({@code @ops-team}) only a group's handle, ignoring case (see {@link GroupRef}). The directory
 * reports memberships in the same canonical spelling.
 */
public final class RoleResolver {

  private final Map<Role, Set<GroupRef>> groupsByRole = new EnumMap<>(Role.class);

  /**
   * @throws IllegalArgumentException when a configured group is neither an id nor an {@code @}
   *     handle: a bare name could be read either way, and the wrong reading gives a role away
   */
  public RoleResolver(PolicyConfig config) {
    Objects.requireNonNull(config, "config");
    config
        .roleGroups()
        .forEach(
            (role, groups) -> {
              Set<GroupRef> refs = new HashSet<>();
              for (String group : groups) {
                try {
                  refs.add(GroupRef.parse(group));
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "helmgate.policy.roles." + role + ": " + e.getMessage(), e);
                }
              }
              groupsByRole.put(role, Set.copyOf(refs));
            });
  }

  /**
   * The roles given by {@code groups}, each an id ({@code S0123}) or a handle ({@code @ops-team});
   * an entry in neither spelling counts for nothing. Empty when none of them is configured.
   */
  public Set<Role> rolesOf(Set<String> groups) {
    Set<GroupRef> theirs = new HashSet<>();
    for (String group : groups) {
      GroupRef.read(group).ifPresent(theirs::add);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    groupsByRole.forEach(
        (role, refs) -> {
          if (refs.stream().anyMatch(theirs::contains)) {
            roles.add(role);
          }
        });
    return Set.copyOf(roles);
  }

  /** The actor {@code user} is, given their groups. */
  public Actor actor(UserRef user, Set<String> groups) {
    return new Actor(user, rolesOf(groups));
  }

  /** Every configured group, for the directory to know which groups to look at. */
  public List<GroupRef> configuredGroups() {
    Set<GroupRef> all = new HashSet<>();
    groupsByRole.values().forEach(all::addAll);
    return List.copyOf(all);
  }
}
