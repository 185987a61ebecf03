package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerPoolTest {

  @Test
  void theAnswersPoolHasAsManyThreadsAsCoresSoThatAcknowledgementsKeepACore() {
    assertThat(SlackConfiguration.answerThreads(0, 2)).isEqualTo(2);
    assertThat(SlackConfiguration.answerThreads(0, 8)).isEqualTo(8);
  }

  @Test
  void theAnswersPoolHasAtLeastTwoThreadsSoThatOneSlowAnswerDoesNotHoldUpTheNext() {
    assertThat(SlackConfiguration.answerThreads(0, 1)).isEqualTo(2);
  }

  @Test
  void aConfiguredNumberOfAnswerThreadsWins() {
    assertThat(SlackConfiguration.answerThreads(16, 2)).isEqualTo(16);
  }
}
