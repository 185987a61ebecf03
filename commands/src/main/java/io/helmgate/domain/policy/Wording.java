package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import io.helmgate.domain.request.RequestKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Small pieces of the sentences policy decisions say to users, so they read the same everywhere.
 */
final class Wording {

  private Wording() {}

  /** {@code OPS}, {@code DEVOPS or OPS}: roles any one of which will do. */
  static String anyOf(Set<Role> roles) {
    return join(names(roles), " or ");
  }

  /** {@code DEVELOPER}, {@code DEVELOPER and OPS}, {@code no Helmgate role}: what someone holds. */
  static String held(Set<Role> roles) {
    return roles.isEmpty() ? "no Helmgate role" : join(names(roles), " and ");
  }

  /** {@code 1 approval}, {@code 2 approvals}. */
  static String approvals(int n) {
    return n + (n == 1 ? " approval" : " approvals");
  }

  /** {@code deploy to}, {@code roll back}, {@code sync}: what a request does to an environment. */
  static String verb(RequestKind kind) {
    return switch (kind) {
      case DEPLOY -> "deploy to";
      case ROLLBACK -> "roll back";
      case SYNC -> "sync";
    };
  }

  /** {@code a, b and c}. */
  static String join(Collection<String> items, String lastSeparator) {
    List<String> list = new ArrayList<>(items);
    if (list.size() <= 1) {
      return String.join("", list);
    }
    return String.join(", ", list.subList(0, list.size() - 1))
        + lastSeparator
        + list.get(list.size() - 1);
  }

  private static List<String> names(Set<Role> roles) {
    return roles.stream().sorted().map(Role::name).collect(Collectors.toList());
  }
}
