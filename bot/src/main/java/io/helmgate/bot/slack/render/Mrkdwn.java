package io.helmgate.bot.slack.render;

import io.helmgate.domain.UserRef;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts text that came from people or files (reasons, values, names, commit subjects, fault
 * messages) into Slack mrkdwn so that it is shown, never obeyed: no {@code <!channel>}, no links,
 * no user mentions it did not already come with from Helmgate.
 */
final class Mrkdwn {

  /** Stands in for a backtick inside code, so a value cannot end its code span or block. */
  static final char BACKTICK_STAND_IN = '\u02CB';

  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");
  private static final Pattern GROUP_ID = Pattern.compile("S[A-Z0-9]{2,20}");
  private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,20}");
  private static final Pattern ESCAPED_MENTION = Pattern.compile("&lt;@([UW][A-Z0-9]{2,20})&gt;");
  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  private Mrkdwn() {}

  /** Escapes the three characters Slack reads as markup; null becomes empty. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
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
   * Escapes a text that may already be partly escaped, such as a refusal the domain wrote around a
   * user's words it quoted as code: {@code <} and {@code >} always, {@code &} unless it already
   * starts {@code &amp;}, {@code &lt;} or {@code &gt;}. Running it twice changes nothing, and what
   * it returns has no markup Slack would obey, whoever wrote the words inside.
   */
  static String escapeOnce(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' ->
            out.append(
                text.startsWith("amp;", i + 1)
                        || text.startsWith("lt;", i + 1)
                        || text.startsWith("gt;", i + 1)
                    ? "&"
                    : "&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Escapes everything except user mentions ({@code <@U123>}) that Helmgate itself wrote into a
   * domain text, such as the separation-of-duties report's lines.
   */
  static String escapeKeepingMentions(String text) {
    return ESCAPED_MENTION.matcher(escape(text)).replaceAll("<@$1>");
  }

  /**
   * One line of at most {@code max} characters (code points), escaped: line breaks become {@code ↵}
   * and other control characters {@code �}, so a file's value cannot fake extra lines.
   */
  static String line(String text, int max) {
    return escape(cut(flatten(text), max));
  }

  /** Text for inside a code span or block: one line, cut, backticks replaced, escaped. */
  static String codeText(String text, int max) {
    return line(text, max).replace('`', BACKTICK_STAND_IN);
  }

  /** {@code `text`}: a code span of one escaped line. */
  static String code(String text, int max) {
    return "`" + codeText(text, max) + "`";
  }

  /** Text cut after {@code max} code points, ending in {@code …} when cut. */
  static String cut(String text, int max) {
    if (text == null) {
      return "";
    }
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, Math.max(0, max - 1));
    return text.substring(0, end) + "…";
  }

  /** A mention of the user when the id looks like a Slack user id, else the escaped name. */
  static String user(UserRef user) {
    return USER_ID.matcher(user.id()).matches() ? "<@" + user.id() + ">" : line(user.name(), 80);
  }

  /**
   * One mention of each user group: {@code <!subteam^S0123>} for an id, the handle as text for a
   * handle (Slack pings a handle only when the message is typed, not when a bot posts it).
   */
  static String groups(java.util.List<String> groups) {
    java.util.LinkedHashSet<String> mentions = new java.util.LinkedHashSet<>();
    for (String g : groups) {
      if (GROUP_ID.matcher(g).matches()) {
        mentions.add("<!subteam^" + g + ">");
      } else if (g.startsWith("@")) {
        mentions.add(line(g, 80));
      }
    }
    return String.join(" ", mentions);
  }

  /** The user's name for plain places (notification text), escaped. */
  static String name(UserRef user) {
    return line(user.name(), 80);
  }

  /** A link to the channel when the id looks like a Slack conversation id, else escaped text. */
  static String channel(String conversationId) {
    return CHANNEL_ID.matcher(conversationId).matches()
        ? "<#" + conversationId + ">"
        : line(conversationId, 80);
  }

  /** {@code <url|label>}; both must already be safe (checked URL, escaped label). */
  static String link(String url, String label) {
    return "<" + url + "|" + label + ">";
  }

  /**
   * Joins lines until the next would take the text past {@code budget} characters, then says how
   * many were left out: {@code … and 12 more}.
   */
  static String joinWithin(List<String> lines, String separator, int budget) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String next = (i == 0 ? "" : separator) + lines.get(i);
      int left = lines.size() - i - 1;
      String tail = left == 0 ? "" : separator + more(left);
      if (out.length() + next.length() + tail.length() > budget) {
        String more = (i == 0 ? "" : separator) + more(lines.size() - i);
        return out.append(more).toString();
      }
      out.append(next);
    }
    return out.toString();
  }

  /** {@code … and 3 more}. */
  static String more(int n) {
    return "… and " + n + " more";
  }

  private static String flatten(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = LINE_BREAK.matcher(text).replaceAll(Matcher.quoteReplacement(" ↵ "));
    StringBuilder out = new StringBuilder(oneLine.length());
    oneLine
        .codePoints()
        .forEach(
            cp -> {
              int type = Character.getType(cp);
              boolean hidden =
                  type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.LINE_SEPARATOR
                      || type == Character.PARAGRAPH_SEPARATOR;
              out.appendCodePoint(hidden && cp != '\t' ? 0xFFFD : (cp == '\t' ? ' ' : cp));
            });
    return out.toString();
  }
}
