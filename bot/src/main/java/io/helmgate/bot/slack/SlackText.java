package io.helmgate.bot.slack;

/**
 * Slack escapes {@code &}, {@code <} and {@code >} in the text it sends; the parser wants them
 * back.
 */
final class SlackText {

  private SlackText() {}

  static String decode(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
