package io.helmgate.domain.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@code helmgate.policy.roles} writes a Slack user group, so that an id and a handle can never
 * be taken for each other: an id as Slack writes it ({@code S0123ABCD}, upper case) or a handle
 * with a leading {@code @} ({@code @ops-team}: lower-case letters, digits, {@code . _ -}).
 */
public final class GroupSpelling {

  private static final Pattern ID = Pattern.compile("S[A-Z0-9]{2,}");
  private static final Pattern HANDLE = Pattern.compile("@[a-z0-9][a-z0-9._-]*");

  private GroupSpelling() {}

  /** Whether {@code group} is written as a group id, e.g. {@code S0123ABCD}. */
  public static boolean isId(String group) {
    return group != null && ID.matcher(group).matches();
  }

  /** Whether {@code group} is written as a handle, e.g. {@code @ops-team}. */
  public static boolean isHandle(String group) {
    return group != null && HANDLE.matcher(group).matches();
  }

  /** The handle without its {@code @} ({@code ops-team}), as Slack's API returns it. */
  public static String handleName(String group) {
    if (!isHandle(group)) {
      throw new IllegalArgumentException("not a group handle such as @ops-team: " + group);
    }
    return group.substring(1);
  }

  /** What is wrong with {@code group} as an entry of {@code helmgate.policy.roles}, if anything. */
  public static Optional<String> problem(String group) {
    if (isId(group) || isHandle(group)) {
      return Optional.empty();
    }
    if (group == null || group.isBlank()) {
      return Optional.of(
          "a group is blank; write an id such as S0123ABCD or a handle such as @ops-team");
    }
    String g = group.strip();
    if (g.startsWith("@")) {
      String body = g.substring(1);
      return Optional.of(
          "`"
              + g
              + "` is neither an id nor a handle: an id is written without @ (such as S0123ABCD),"
              + " a handle in lower case with @ (such as @"
              + body.toLowerCase(Locale.ROOT)
              + ")");
    }
    return Optional.of(
        "`"
            + g
            + "` is neither an id nor a handle: write a handle with @ (such as @"
            + g.toLowerCase(Locale.ROOT)
            + ") or the group's id in upper case as Slack shows it (such as S0123ABCD)");
  }
}
