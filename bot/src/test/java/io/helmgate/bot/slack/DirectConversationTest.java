package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which slash-command conversations count as chosen by their members rather than set aside. */
class DirectConversationTest {

  @Test
  void directAndGroupDirectMessagesAreDirect() {
    assertThat(SlackListeners.isDirect("D0ALICE", "directmessage")).isTrue();
    assertThat(SlackListeners.isDirect("D0ALICE", null)).isTrue();
    assertThat(SlackListeners.isDirect("G0PRIVATE", "directmessage")).isTrue();
    assertThat(SlackListeners.isDirect("C0MPDM", "mpdm-alice--bob-1")).isTrue();
  }

  @Test
  void channelsPublicOrPrivateAreNot() {
    assertThat(SlackListeners.isDirect("C0OPS", "ops")).isFalse();
    assertThat(SlackListeners.isDirect("G0OPS", "privategroup")).isFalse();
    assertThat(SlackListeners.isDirect(null, null)).isFalse();
  }
}
