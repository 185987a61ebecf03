package io.helmgate.domain.port;

/**
 * Makes text from people safe inside a commit message: one line, no control or invisible
 * characters, bounded. A reason that smuggled a line break could otherwise add its own {@code
 * Approved-by:} trailer.
 */
public final class CommitText {

  /** The longest reason written into a commit, in characters (the parser's limit is 256). */
  public static final int MAX_REASON = 300;

  private CommitText() {}

  /**
   * {@code text} with every line break, control, format or unpaired surrogate character replaced by
   * a space, runs of spaces collapsed, cut to {@code max} characters ({@code …} marks a cut).
   */
  public static String oneLine(String text, int max) {
    StringBuilder out = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean blank = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isInvisible(cp);
      if (blank) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(cp);
    }
    if (out.codePointCount(0, out.length()) <= max) {
      return out.toString();
    }
    return out.substring(0, out.offsetByCodePoints(0, max - 1)).stripTrailing() + "…";
  }

  /** True when {@code text} holds no line break, control or invisible character. */
  static boolean isOneLine(String text) {
    return text.codePoints().noneMatch(cp -> isInvisible(cp) || cp == '\n' || cp == '\r');
  }

  private static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
