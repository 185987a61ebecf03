package io.helmgate.domain.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A chat user group named either by its id ({@code S0123}) or by its handle ({@code @ops-team}).
 * The two spellings never meet: an id matches only a group's id, a handle only a group's handle, so
 * that a group whose handle is {@code s0ops} cannot pass for the group whose id is {@code S0OPS}.
 * The canonical text is the id as Slack writes it, or {@code @} and the handle in lower case.
 */
public sealed interface GroupRef {

  /** Slack user group ids: {@code S} and upper-case letters or digits. */
  Pattern ID = Pattern.compile("S[A-Z0-9]{2,}");

  /**
   * Handles as Slack allows them (lower case letters, digits, {@code . _ -}), after the {@code @}.
   */
  Pattern HANDLE = Pattern.compile("@[a-z0-9][a-z0-9._-]*", Pattern.CASE_INSENSITIVE);

  /** Handles as the configuration must write them: lower case, so they never look like ids. */
  Pattern CONFIGURED_HANDLE = Pattern.compile("@[a-z0-9][a-z0-9._-]*");

  /** The canonical text: {@code S0123} or {@code @ops-team}. */
  String text();

  /** A group by its id, matched exactly (Slack's ids are upper case). */
  record Id(String id) implements GroupRef {
    public Id {
      Objects.requireNonNull(id, "id");
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "`" + id + "` is not a Slack user group id (S followed by capitals and digits)");
      }
    }

    @Override
    public String text() {
      return id;
    }
  }

  /** A group by its handle, matched ignoring case; kept in lower case without the {@code @}. */
  record Handle(String handle) implements GroupRef {
    public Handle {
      Objects.requireNonNull(handle, "handle");
      if (!HANDLE.matcher("@" + handle).matches()) {
        throw new IllegalArgumentException("`@" + handle + "` is not a Slack user group handle");
      }
      handle = handle.toLowerCase(Locale.ROOT);
    }

    @Override
    public String text() {
      return "@" + handle;
    }
  }

  /**
   * Reads {@code S0123} as an id and {@code @ops-team} as a handle; refuses anything else (a bare
   * {@code ops-team} could be meant either way), with a message saying how to write it.
   */
  static GroupRef parse(String text) {
    return read(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "`"
                        + text
                        + "` is neither a user group id such as S0123 nor a handle such as"
                        + " @ops-team"));
  }

  /** {@link #parse(String)}, or empty for text that is neither spelling. */
  static Optional<GroupRef> read(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (ID.matcher(t).matches()) {
      return Optional.of(new Id(t));
    }
    if (HANDLE.matcher(t).matches()) {
      return Optional.of(new Handle(t.substring(1)));
    }
    return Optional.empty();
  }

  /**
   * What is wrong with {@code text} as an entry of {@code helmgate.policy.roles}, if anything. The
   * configuration is stricter than {@link #read}: a handle is written in lower case, as Slack shows
   * it, so that {@code @S0OPS} cannot be meant as the id {@code S0OPS}.
   */
  static Optional<String> problem(String text) {
    if (text != null && (ID.matcher(text).matches() || CONFIGURED_HANDLE.matcher(text).matches())) {
      return Optional.empty();
    }
    if (text == null || text.isBlank()) {
      return Optional.of(
          "a group is blank; write an id such as S0123ABCD or a handle such as @ops-team");
    }
    String g = text.strip();
    if (g.startsWith("@")) {
      return Optional.of(
          "`"
              + g
              + "` is neither an id nor a handle: an id is written without @ (such as S0123ABCD),"
              + " a handle in lower case with @ (such as @"
              + g.substring(1).toLowerCase(Locale.ROOT)
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
