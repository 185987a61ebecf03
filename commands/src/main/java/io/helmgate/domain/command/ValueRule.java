package io.helmgate.domain.command;

import io.helmgate.domain.values.KeyPath;
import java.util.Optional;

/**
 * What a value set with {@code <key>=<value>} may look like: strict, so that no value can change
 * the structure of a YAML document, whatever the editor that writes it.
 *
 * <p>A value is 1 to 256 characters from {@code A-Z a-z 0-9 . - _ + : / @ =}, starts with a letter,
 * a digit or {@code /}, and does not end with {@code :}. That admits image tags ({@code 1.4.2},
 * {@code v2.0.0-rc.1}, {@code 1.0.0+build.7}), digests ({@code sha256:…}), image references ({@code
 * registry.example.org:5000/acme/payments@sha256:…}), numbers, booleans, sizes ({@code 512Mi}),
 * host names and paths. It refuses by construction: line breaks and every other control or
 * invisible character, spaces (so no {@code ": "} or {@code " #"}), quotes, the YAML indicators
 * {@code & * ! | > % # @ ` - ? { } [ ] ,} where they would start a value, and the shell
 * metacharacters {@code $ ; ( ) \} anywhere. Whether a key may be changed at all is the policy's
 * decision; how a value is typed (string or number) is kept by the values editor.
 */
public final class ValueRule {

  /** Longest value, in characters. */
  public static final int MAX_LENGTH = 256;

  /** The rule in one sentence, for messages (mrkdwn). */
  static final String RULE =
      "Values are one word of at most 256 characters: letters, digits and `. - _ + : / @ =`,"
          + " starting with a letter, a digit or `/` (for example `image.tag=1.4.2`).";

  private ValueRule() {}

  /** True when {@code value} may be written into a values file. */
  public static boolean accepts(String value) {
    return value != null && problem(value).isEmpty();
  }

  /** Why {@code value} is refused, in a few words, or empty when it is accepted. */
  static Optional<String> problem(String value) {
    if (value.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (value.length() > MAX_LENGTH) {
      return Optional.of("it is " + value.length() + " characters long, more than " + MAX_LENGTH);
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (!isAllowed(cp)) {
        return Optional.of(Mrkdwn.character(cp) + " is not allowed");
      }
    }
    char first = value.charAt(0);
    if (!(isLetterOrDigit(first) || first == '/')) {
      return Optional.of("it must start with a letter, a digit or `/`");
    }
    if (value.endsWith(":")) {
      return Optional.of("it must not end with `:`");
    }
    return Optional.empty();
  }

  /** The user-facing refusal of {@code key=value}. */
  static String message(KeyPath key, String value) {
    if (value.isEmpty()) {
      return Mrkdwn.format(
          "{0} needs a value, for example `image.tag=1.4.2`.", Mrkdwn.code(key + "="));
    }
    return Mrkdwn.format(
            "{0} is not accepted for {1}: ", Mrkdwn.code(value), Mrkdwn.code(key.toString()))
        + problem(value).orElse("")
        + ". "
        + Mrkdwn.escape(RULE);
  }

  private static boolean isAllowed(int cp) {
    return isLetterOrDigit(cp)
        || cp == '.'
        || cp == '-'
        || cp == '_'
        || cp == '+'
        || cp == ':'
        || cp == '/'
        || cp == '@'
        || cp == '=';
  }

  private static boolean isLetterOrDigit(int cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
}
