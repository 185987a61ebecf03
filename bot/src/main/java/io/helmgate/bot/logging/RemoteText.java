package io.helmgate.bot.logging;

import java.util.regex.Pattern;

/**
 * Makes text that another system wrote (an error body from Argo CD, Vault or a registry) safe to
 * quote in a message or a log line: one line without control characters, nothing that Slack would
 * read as a mention or link, token-looking strings hidden, and short. The remote decides what it
 * says; it must not decide what Helmgate's messages ping, link or leak, nor forge log lines.
 */
public final class RemoteText {

  /** Most characters quoted from a remote answer. */
  public static final int DEFAULT_MAX = 300;

  /**
   * Long runs of token characters that mix upper- and lower-case letters and digits, as random API
   * tokens, JWTs and Vault tokens do, and anything after a well-known token prefix; words, numbers,
   * paths and commit ids read on unharmed.
   */
  private static final Pattern TOKEN_LIKE =
      Pattern.compile(
          "(?:[Bb]earer\\s+)?(?:"
              + "(?=[A-Za-z0-9_.+/=-]*[0-9])(?=[A-Za-z0-9_.+/=-]*[a-z])(?=[A-Za-z0-9_.+/=-]*[A-Z])"
              + "[A-Za-z0-9_.+/=-]{20,}"
              + "|(?:ghp_|gho_|ghs_|github_pat_|glpat-|xox[abpors]-|hvs\\.|hvb\\.|eyJ|AKIA)"
              + "[A-Za-z0-9_.+/=-]{8,})");

  /** Commit ids and digests: lower-case hex, shown as they are, since people act on them. */
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{7,64}");

  private static final Pattern KEY_VALUE_SECRET =
      Pattern.compile(
          "(?i)((?:token|secret|password|passwd|authorization|api[_-]?key)\\s*[:=]\\s*)\\S+");

  private RemoteText() {}

  /** {@link #summary(String, int)} of at most {@link #DEFAULT_MAX} characters. */
  public static String summary(String text) {
    return summary(text, DEFAULT_MAX);
  }

  /**
   * The text as one safe line of at most {@code max} characters (code points), ending in {@code …}
   * when cut; {@code (no message)} when there is nothing to say.
   */
  public static String summary(String text, int max) {
    if (text == null || text.isBlank()) {
      return "(no message)";
    }
    StringBuilder flat = new StringBuilder(Math.min(text.length(), 4 * max));
    text.codePoints()
        .limit(8L * max)
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)
                  || Character.getType(cp) == Character.FORMAT
                  || Character.getType(cp) == Character.LINE_SEPARATOR
                  || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                flat.append(' ');
              } else if (cp == '<') {
                flat.append('‹');
              } else if (cp == '>') {
                flat.append('›');
              } else if (cp == '&') {
                flat.append('+');
              } else if (cp == '`') {
                flat.append('\'');
              } else {
                flat.appendCodePoint(cp);
              }
            });
    String masked = KEY_VALUE_SECRET.matcher(flat).replaceAll("$1[hidden]");
    masked =
        TOKEN_LIKE
            .matcher(masked)
            .replaceAll(m -> HEX.matcher(m.group()).matches() ? m.group() : "[hidden]");
    String oneLine = masked.replaceAll("\\s+", " ").strip();
    if (oneLine.isEmpty()) {
      return "(no message)";
    }
    if (oneLine.codePointCount(0, oneLine.length()) <= max) {
      return oneLine;
    }
    return oneLine.substring(0, oneLine.offsetByCodePoints(0, Math.max(0, max - 1))) + "…";
  }
}
