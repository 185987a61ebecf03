package io.helmgate.domain.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits command text into words, like a shell but simpler: whitespace separates; quotes keep
 * spaces; nothing is expanded.
 *
 * <ul>
 *   <li>Quotes may start anywhere in a word: {@code reason="CHG-1234 monthly"} is one word, {@code
 *       reason=CHG-1234 monthly} two.
 *   <li>{@code "…"} and {@code '…'}, and the typographic quotes phones and Slack clients put in:
 *       {@code “…”}, {@code „…“}, {@code ”…”}, {@code ‘…’}, {@code ‚…‘}, {@code «…»}. A right
 *       single quote alone is an apostrophe ({@code don’t}), not a quote.
 *   <li>Inside double quotes, a backslash makes the next double quote or backslash literal: {@code
 *       "say \"hi\""}. Elsewhere a backslash is an ordinary character.
 *   <li>A quote that is not closed is refused.
 * </ul>
 */
final class Tokenizer {

  /**
   * One word.
   *
   * @param text the word with its quotes removed
   * @param raw the word as typed, for messages
   */
  record Token(String text, String raw) {}

  private Tokenizer() {}

  static List<Token> tokenize(String input) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = input.length();
    while (i < n) {
      int cp = input.codePointAt(i);
      if (isSeparator(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      StringBuilder text = new StringBuilder();
      while (i < n) {
        cp = input.codePointAt(i);
        if (isSeparator(cp)) {
          break;
        }
        i += Character.charCount(cp);
        String closers = closersOf(cp);
        if (closers == null) {
          text.appendCodePoint(cp);
          continue;
        }
        boolean escapes = isDoubleQuote(cp);
        boolean closed = false;
        while (i < n) {
          int inner = input.codePointAt(i);
          i += Character.charCount(inner);
          if (escapes && inner == '\\' && i < n) {
            int next = input.codePointAt(i);
            if (next == '\\' || isDoubleQuote(next)) {
              text.appendCodePoint(next);
              i += Character.charCount(next);
              continue;
            }
          }
          if (closers.indexOf(inner) >= 0) {
            closed = true;
            break;
          }
          text.appendCodePoint(inner);
        }
        if (!closed) {
          throw new Refusal(
              Mrkdwn.format(
                  "The quote in {0} is not closed: close it with {1}, for example"
                      + " `reason=\"CHG-1234 monthly release\"`.",
                  Mrkdwn.code(input.substring(start)), Mrkdwn.code(closers.substring(0, 1))));
        }
      }
      tokens.add(new Token(text.toString(), input.substring(start, i)));
    }
    return tokens;
  }

  /** Spaces of any width (no-break, ideographic…) separate; zero-width characters do not. */
  static boolean isSeparator(int cp) {
    return cp == ' ' || cp == '\t' || Character.isSpaceChar(cp);
  }

  /** The characters that close a quote opened by {@code cp}, or null when it opens none. */
  private static String closersOf(int cp) {
    return switch (cp) {
      case '"' -> "\"";
      case '\'' -> "'";
      case '“' -> "”“";
      case '„' -> "“”";
      case '”' -> "”";
      case '‘' -> "’‘";
      case '‚' -> "‘’";
      case '«' -> "»";
      default -> null;
    };
  }

  private static boolean isDoubleQuote(int cp) {
    return cp == '"' || cp == '“' || cp == '”' || cp == '„' || cp == '«' || cp == '»';
  }
}
