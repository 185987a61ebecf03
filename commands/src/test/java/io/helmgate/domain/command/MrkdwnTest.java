package io.helmgate.domain.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** User input in messages: it can neither format, mention, hide characters, nor run on. */
class MrkdwnTest {

  @Test
  void printableAsciiIsQuotedAsTyped() {
    assertThat(Mrkdwn.code("acme/../payments")).isEqualTo("`acme/../payments`");
  }

  @Test
  void slackControlSequencesAreEscapedSoNobodyIsMentioned() {
    assertThat(Mrkdwn.code("<!channel> <@U123> & co"))
        .isEqualTo("`&lt;!channel&gt; &lt;@U123&gt; &amp; co`");
  }

  @Test
  void aBacktickCannotEndTheCodeSpan() {
    assertThat(Mrkdwn.code("a`b")).isEqualTo("`a\\u0060b`");
  }

  @Test
  void controlFormatAndNonAsciiCharactersAreShownAsEscapes() {
    assertThat(Mrkdwn.code("\u0000\u001B\n\u200B\u202E"))
        .isEqualTo("`\\u0000\\u001B\\u000A\\u200B\\u202E`");
    assertThat(Mrkdwn.code("а😀\uDC00")).isEqualTo("`\\u0430\\u{1F600}\\uDC00`");
  }

  @Test
  void longTokensAreCutAfterFortyCharactersWithAnEllipsis() {
    assertThat(Mrkdwn.code("x".repeat(41))).isEqualTo("`" + "x".repeat(40) + "…`");
    assertThat(Mrkdwn.code("x".repeat(40))).isEqualTo("`" + "x".repeat(40) + "`");
  }

  @Test
  void escapesCountInFullTowardsTheLimit() {
    String shown = Mrkdwn.visible("\u200B".repeat(10));

    assertThat(shown).isEqualTo("\\u200B".repeat(6) + "…");
  }

  @Test
  void entitiesDoNotCountAsSeveralCharacters() {
    assertThat(Mrkdwn.visible("<".repeat(40))).isEqualTo("&lt;".repeat(40));
  }

  @Test
  void charactersAreNamedSoLookAlikesCanBeToldApart() {
    assertThat(Mrkdwn.character('а')).isEqualTo("U+0430 CYRILLIC SMALL LETTER A");
    assertThat(Mrkdwn.character('\u200B'))
        .isEqualTo("U+200B ZERO WIDTH SPACE (an invisible character)");
    assertThat(Mrkdwn.character('$')).isEqualTo("`$`");
    assertThat(Mrkdwn.character(' ')).isEqualTo("a space");
    assertThat(Mrkdwn.character(0x10FFFF)).startsWith("U+10FFFF");
  }

  @Test
  void formatEscapesTheTemplateButNotTheArguments() {
    assertThat(Mrkdwn.format("use <env> {0}", "&lt;x&gt;")).isEqualTo("use &lt;env&gt; &lt;x&gt;");
  }

  @Test
  void formatFillsInOnePassSoArgumentsCannotInjectPlaceholders() {
    assertThat(Mrkdwn.format("{0} and {1}", "`{1}`", "b")).isEqualTo("`{1}` and b");
  }

  @Test
  void formatLeavesRegexQuantifiersAlone() {
    assertThat(Mrkdwn.format("[a-z]{0,62} {0}", "x")).isEqualTo("[a-z]{0,62} x");
  }
}
