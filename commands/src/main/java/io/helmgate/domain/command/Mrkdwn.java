package io.helmgate.domain.command;

import java.util.Locale;

/**
 * Puts user input into Slack mrkdwn messages without letting it change them: no mentions ({@code
 * <!channel>}), no broken code spans, no invisible or control characters, nothing longer than a
 * glance.
 */
final class Mrkdwn {

  /** Longest quoted token, in characters shown (escapes count in full). */
  static final int QUOTE_LIMIT = 40;

  private Mrkdwn() {}

  /** Escapes the three characters Slack reads as markup. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A user's token as a code span: printable ASCII as is, every other character (control, format,
   * non-ASCII, the backtick that would end the span) as a Unicode escape, cut after {@link
   * #QUOTE_LIMIT} characters.
   */
  static String code(String token) {
    return "`" + visible(token) + "`";
  }

  /**
   * Helmgate's own text (examples, usage, names already validated) as a code span: escaped, never
   * cut. Use {@link #code} for anything a user typed that has not passed a rule.
   */
  static String trusted(String text) {
    return "`" + escape(text) + "`";
  }

  /** The inside of {@link #code}. */
  static String visible(String token) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < token.length(); ) {
      int cp = token.codePointAt(i);
      i += Character.charCount(cp);
      String piece = isPlain(cp) ? String.valueOf((char) cp) : unicodeEscape(cp);
      if (shown + piece.length() > QUOTE_LIMIT) {
        out.append('…');
        break;
      }
      shown += piece.length();
      out.append(escape(piece));
    }
    return out.toString();
  }

  /** {@code U+0430 CYRILLIC SMALL LETTER A}: how to name a character a person cannot see. */
  static String describe(int codePoint) {
    String hex = String.format(Locale.ROOT, "U+%04X", codePoint);
    String name = Character.isValidCodePoint(codePoint) ? Character.getName(codePoint) : null;
    return name == null ? hex : hex + " " + name;
  }

  /** Describes one character for "… is not allowed": {@code `$`}, a space, or its Unicode name. */
  static String character(int codePoint) {
    if (codePoint == ' ') {
      return "a space";
    }
    if (isPlain(codePoint)) {
      return code(String.valueOf((char) codePoint));
    }
    String description = describe(codePoint);
    return isInvisible(codePoint) ? description + " (an invisible character)" : description;
  }

  /**
   * Fills {@code {0}}, {@code {1}}… in a template. The template is escaped; the arguments are
   * inserted as they are, so they must already be mrkdwn (from {@link #code} or trusted text).
   * Single pass, so an argument that contains {@code {1}} stays as it is.
   */
  static String format(String template, String... safeArguments) {
    String escaped = escape(template);
    StringBuilder out = new StringBuilder(escaped.length() + 64);
    int i = 0;
    while (i < escaped.length()) {
      char c = escaped.charAt(i);
      int close = c == '{' ? escaped.indexOf('}', i) : -1;
      if (close == i + 2 && Character.isDigit(escaped.charAt(i + 1))) {
        int index = escaped.charAt(i + 1) - '0';
        if (index < safeArguments.length) {
          out.append(safeArguments[index]);
          i = close + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static boolean isPlain(int cp) {
    return cp >= 0x20 && cp < 0x7f && cp != '`';
  }

  private static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.CONTROL
        || type == Character.SPACE_SEPARATOR
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED
        || type == Character.SURROGATE;
  }

  private static String unicodeEscape(int cp) {
    return cp <= 0xFFFF
        ? String.format(Locale.ROOT, "\\u%04X", cp)
        : String.format(Locale.ROOT, "\\u{%X}", cp);
  }
}
