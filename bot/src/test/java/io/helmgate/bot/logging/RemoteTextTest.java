package io.helmgate.bot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Another system's words, made safe to quote in Slack and in a log line. */
class RemoteTextTest {

  @Test
  void mentionsLinksAndCodeSpansCannotWorkInSlack() {
    assertThat(RemoteText.summary("<!channel> see <https://evil.example|here> & `x`"))
        .isEqualTo("‹!channel› see ‹https://evil.example|here› + 'x'");
  }

  @Test
  void lineBreaksAndControlCharactersCannotForgeLogLines() {
    assertThat(RemoteText.summary("denied\r\nINFO forged line\u0000\u001b[31m\u2028end"))
        .isEqualTo("denied INFO forged line [31m end");
  }

  @Test
  void tokenLookingStringsAndNamedSecretsAreHidden() {
    assertThat(
            RemoteText.summary(
                "bad token ghp_Zx9aQ2rT7uVw3yB6nM1kL8jH5gF4dS0pO2iU; Authorization: Bearer abc;"
                    + " password=hunter2"))
        .isEqualTo("bad token [hidden]; Authorization: [hidden] abc; password=[hidden]");
  }

  @Test
  void ordinaryWordsPathsNumbersAndCommitIdsReadOn() {
    assertThat(RemoteText.summary("permission denied: applications, sync, payments/app-1"))
        .isEqualTo("permission denied: applications, sync, payments/app-1");
    assertThat(RemoteText.summary("Cannot sync to c0ffee1234567890abcdef1234567890abcdef12"))
        .isEqualTo("Cannot sync to c0ffee1234567890abcdef1234567890abcdef12");
    assertThat(RemoteText.summary("cannot read /tmp/junit-4058471871638892238/absent"))
        .isEqualTo("cannot read /tmp/junit-4058471871638892238/absent");
    assertThat(RemoteText.summary("xox" + "b-12345-abcdef and eyJhbGciOiJIUzI1NiJ9.e30.x"))
        .isEqualTo("[hidden] and [hidden]");
  }

  @Test
  void longTextIsCutAndNothingBecomesNoMessage() {
    assertThat(RemoteText.summary("x".repeat(500), 10)).isEqualTo("xxxxxxxxx…");
    assertThat(RemoteText.summary(" \n ")).isEqualTo("(no message)");
    assertThat(RemoteText.summary(null)).isEqualTo("(no message)");
  }
}
