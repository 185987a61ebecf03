package io.helmgate.domain.values;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How YAML reads a plain scalar's text, and how to write a value so that it reads back as intended.
 * The type rules are the union of YAML 1.1 (what Helm's YAML library reads: {@code yes}, {@code
 * on}, octal {@code 010}, sexagesimal {@code 1:30}, timestamps) and YAML 1.2's core schema, so a
 * value that either would read as a non-string counts as one.
 */
final class ScalarText {

  static final int MAX_VALUE_LENGTH = 256;

  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

  private static final Set<String> BOOLEANS =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
          "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");

  private static final Pattern NUMBER =
      Pattern.compile(
          "[-+]?("
              + "0b[01_]+"
              + "|0o[0-7_]+"
              + "|0x[0-9a-fA-F_]+"
              + "|[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
              + "|(\\.[0-9_]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
              + "|\\.(inf|Inf|INF)"
              + ")|\\.(nan|NaN|NAN)");

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "(([Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)?"
              + "([ \\t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?");

  private static final Pattern CANONICAL_INT = Pattern.compile("0|-?[1-9][0-9]*");

  private ScalarText() {}

  /** True when YAML reads this plain text as null. */
  static boolean isNull(String plain) {
    return NULLS.contains(plain);
  }

  /** True when YAML reads this plain text as a string, not a null, boolean, number or date. */
  static boolean readsAsString(String plain) {
    return !isNull(plain)
        && !BOOLEANS.contains(plain)
        && !plain.equals("<<")
        && !plain.equals("=")
        && !NUMBER.matcher(plain).matches()
        && !TIMESTAMP.matcher(plain).matches();
  }

  /** {@code true}, {@code false}, {@code null} or an integer written the way JSON writes it. */
  static boolean isJsonLiteral(String plain) {
    return plain.equals("true")
        || plain.equals("false")
        || plain.equals("null")
        || CANONICAL_INT.matcher(plain).matches();
  }

  /**
   * True when the text can be written as a plain scalar after {@code key: } and reads back as the
   * same characters. Deliberately stricter than YAML: anything doubtful is quoted.
   */
  static boolean safeAsPlain(String value) {
    if (value.isEmpty()
        || value.charAt(0) == ' '
        || value.charAt(value.length() - 1) == ' '
        || value.endsWith(":")
        || value.contains(": ")
        || value.contains(" #")
        || value.startsWith("---")
        || value.startsWith("...")) {
      return false;
    }
    char first = value.charAt(0);
    if ("?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0) {
      return false;
    }
    return first != '-' || (value.length() > 1 && value.charAt(1) != ' ');
  }

  static String doubleQuoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static String singleQuoted(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }

  /**
   * A value written where nothing says what type it should have (a new key, or a key whose value is
   * null): plain when it reads as a string or as a JSON-style literal ({@code 3}, {@code true},
   * {@code null}), else double-quoted so that its text survives ({@code 1.10}, {@code yes}, {@code
   * 0x1f}, {@code 2024-01-01} stay strings).
   */
  static String untyped(String value) {
    return safeAsPlain(value) && (readsAsString(value) || isJsonLiteral(value))
        ? value
        : doubleQuoted(value);
  }

  /** Why a new value is refused, or null when it is acceptable. Never repeats the value. */
  static String invalidValueReason(String value) {
    if (value == null) {
      return "no value given";
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      return "the value is "
          + value.length()
          + " characters long; Helmgate sets values of at most "
          + MAX_VALUE_LENGTH;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        return "the value contains a line break; Helmgate sets single-line values only";
      }
      if (Character.isISOControl(c)
          || c == '\u2028'
          || c == '\u2029'
          || c == '\uFEFF'
          || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
        return String.format(
            "the value contains U+%04X at position %d, a control or invisible character; use"
                + " printable characters only",
            (int) c, i + 1);
      }
    }
    return null;
  }

  private static boolean validSurrogateAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
