package io.helmgate.bot.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.UserRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The escaping and cutting every renderer relies on. */
class MrkdwnTest {

  @Test
  void escapeTurnsTheThreeMarkupCharactersIntoEntities() {
    assertThat(Mrkdwn.escape("a & b <!channel> c > d"))
        .isEqualTo("a &amp; b &lt;!channel&gt; c &gt; d");
    assertThat(Mrkdwn.escape(null)).isEmpty();
  }

  @Test
  void escapeKeepingMentionsKeepsOnlyWellFormedUserMentions() {
    assertThat(Mrkdwn.escapeKeepingMentions("<@U0DAVE> holds <!channel> <@u0x> <@U0DAVE|x>"))
        .isEqualTo("<@U0DAVE> holds &lt;!channel&gt; &lt;@u0x&gt; &lt;@U0DAVE|x&gt;");
  }

  @Test
  void cutCountsCodePointsAndMarksTheCut() {
    assertThat(Mrkdwn.cut("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Mrkdwn.cut("abcdefg", 6)).isEqualTo("abcde…");
    assertThat(Mrkdwn.cut("😀😀😀😀", 3)).isEqualTo("😀😀…");
  }

  @Test
  void lineFlattensLineBreaksAndHidesControlCharacters() {
    assertThat(Mrkdwn.line("a\r\nb\nc\u0007d\u202Ee\tf", 100)).isEqualTo("a ↵ b ↵ c�d�e f");
  }

  @Test
  void codeTextCannotEndItsCodeSpan() {
    assertThat(Mrkdwn.code("1.4.2` *bold* `x", 100)).isEqualTo("`1.4.2ˋ *bold* ˋx`");
  }

  @Test
  void usersAreMentionedOnlyByRealLookingIds() {
    assertThat(Mrkdwn.user(new UserRef("U0ALICE", "Alice"))).isEqualTo("<@U0ALICE>");
    assertThat(Mrkdwn.user(new UserRef("U0A|x>", "<!here>"))).isEqualTo("&lt;!here&gt;");
  }

  @Test
  void channelsAreLinkedOnlyByRealLookingIds() {
    assertThat(Mrkdwn.channel("C0PROD")).isEqualTo("<#C0PROD>");
    assertThat(Mrkdwn.channel("C0PROD> <!channel")).isEqualTo("C0PROD&gt; &lt;!channel");
  }

  @Test
  void joinWithinStopsBeforeTheBudgetAndSaysHowManyAreLeft() {
    List<String> lines = List.of("aaaa", "bbbb", "cccc", "dddd");

    assertThat(Mrkdwn.joinWithin(lines, "\n", 100)).isEqualTo("aaaa\nbbbb\ncccc\ndddd");
    String cut = Mrkdwn.joinWithin(lines, "\n", 25);
    assertThat(cut).isEqualTo("aaaa\nbbbb\n… and 2 more");
    assertThat(cut.length()).isLessThanOrEqualTo(25);
    assertThat(Mrkdwn.joinWithin(List.of("x".repeat(50)), "\n", 20)).isEqualTo("… and 1 more");
  }

  @Test
  void fitNeverCutsInsideAnEntity() {
    String text = "a".repeat(8) + "&amp;bbbb";

    assertThat(Kit.fit(text, 11)).isEqualTo("aaaaaaaa…");
    assertThat(Kit.fit("short", 11)).isEqualTo("short");
  }
}
