package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A request typed in a direct message never decides where its Approve button appears: for an
 * environment that needs approval and has no approval channel configured (prod here), it is
 * refused, saying what an administrator must configure; nothing is recorded or posted.
 */
class DirectMessageRequestsTest extends ReliabilityApp {

  private String inDirectMessage(String body) {
    return body.replace("channel_id=C0OPS", "channel_id=D0ALICE")
        .replace("channel_name=ops", "channel_name=directmessage");
  }

  @Test
  void gatedRequestTypedInADirectMessageWithoutAnApprovalChannelIsRefused() throws Exception {
    int rowsBefore = requestRows();
    int postsBefore = slack.calls("chat.postMessage").size();
    String tag = tag("dm-prod");
    String body =
        inDirectMessage(
            signed()
                .commandBody(
                    "U0ALICE",
                    "alice",
                    "/deploy",
                    "acme/payments prod from=staging reason=\"CHG-1\"",
                    tag));
    assertThat(body).contains("channel_id=D0ALICE");

    assertThat(signed().send(body, Instant.now().getEpochSecond()).statusCode()).isEqualTo(200);

    String answer = slack.answerTo(tag);
    assertThat(answer).contains("\"response_type\":\"ephemeral\"");
    assertThat(answer).contains("An administrator must configure an approval channel for prod");
    assertThat(requestRows()).isEqualTo(rowsBefore);
    assertThat(slack.calls("chat.postMessage")).hasSize(postsBefore);
  }
}
