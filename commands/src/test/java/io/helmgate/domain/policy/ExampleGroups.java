package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The groups of the example policy ({@code config/policy.yml}), for tests: there are no defaults.
 */
public final class ExampleGroups {

  private ExampleGroups() {}

  /**
   * DEVELOPER {@code @dev-team}, DEVOPS {@code @platform-team}, OPS {@code @ops-team}, AUDITOR
   * {@code @audit}.
   */
  public static Map<Role, List<String>> roles() {
    Map<Role, List<String>> groups = new EnumMap<>(Role.class);
    groups.put(Role.DEVELOPER, List.of("@dev-team"));
    groups.put(Role.DEVOPS, List.of("@platform-team"));
    groups.put(Role.OPS, List.of("@ops-team"));
    groups.put(Role.AUDITOR, List.of("@audit"));
    return groups;
  }

  /** {@link PolicyConfig#defaults} with these groups. */
  public static PolicyConfig policy() {
    return PolicyConfig.defaults(roles());
  }
}
