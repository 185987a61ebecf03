package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.testsupport.SignedSlack;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlackSignaturesTest {

  static final String SECRET = "signatures-test-secret";
  static final byte[] KEY = SECRET.getBytes(StandardCharsets.UTF_8);
  static final byte[] BODY = "command=%2Fdeploy&text=help".getBytes(StandardCharsets.UTF_8);

  @Test
  void aSignatureMadeWithTheSecretOverTheTimestampAndBodyMatches() {
    String signature = SignedSlack.signature(SECRET, "1700000000", BODY);

    assertThat(SlackSignatures.matches(KEY, "1700000000", BODY, signature)).isTrue();
  }

  @Test
  void anyOtherSecretTimestampBodyOrSignatureDoesNot() {
    String signature = SignedSlack.signature(SECRET, "1700000000", BODY);
    char last = signature.charAt(signature.length() - 1);
    String oneCharOff = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');

    assertThat(SlackSignatures.matches(KEY, "1700000001", BODY, signature)).isFalse();
    assertThat(
            SlackSignatures.matches(
                "---".getBytes(StandardCharsets.UTF_8), "1700000000", BODY, signature))
        .isFalse();
    assertThat(
            SlackSignatures.matches(
                KEY, "1700000000", "x".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
    assertThat(SlackSignatures.matches(KEY, "1700000000", BODY, oneCharOff)).isFalse();
    assertThat(SlackSignatures.matches(KEY, "1700000000", BODY, signature + "0")).isFalse();
    assertThat(SlackSignatures.matches(KEY, "1700000000", BODY, "")).isFalse();
    assertThat(SlackSignatures.matches(KEY, "1700000000", BODY, null)).isFalse();
  }
}
