package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.bot.slack.render.SlackIds;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestState;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The Roll back button works without approval channels configured (this application has none): its
 * form counts as typed in the channel of the clicked message, so the rollback is requested and
 * posted there, not refused as if it came from a direct message.
 */
class RollBackButtonTest extends ReliabilityApp {

  @Test
  void rollBackFormFromAChannelMessageIsRequestedAndPostedInThatChannel() throws Exception {
    argoApp("globex/portal prod");
    SignedSlack client = signed();
    String before = lastChangeOf("globex/portal prod");
    String opened = tag("rb-button-open");
    client.command(
        "U0ALICE",
        "alice",
        "/deploy",
        "globex/portal prod image.tag=0.9.13 reason=\"CHG-51\"",
        opened);
    RequestId change = openedBy(opened);
    awaitState(change, RequestState.PENDING_APPROVAL);
    client.click("U0BOB", "bob", "helmgate-approve", change.toString(), tag("rb-button-approve"));
    awaitState(change, RequestState.SUCCEEDED);

    String value = "globex/portal prod " + before;
    client.click("U0ALICE", "alice", SlackIds.ROLLBACK_TO, value, tag("rb-button-click"));
    String metadata = value + " C0OPS";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                slack.calls("views.open").stream()
                    .anyMatch(c -> c.contains("\"private_metadata\":\"" + metadata + "\"")));

    int rowsBefore = requestRows();
    HttpResponse<String> response = submit(metadata, "INC-51 portal errors");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("errors");
    awaitWorkDone();
    assertThat(requestRows()).isEqualTo(rowsBefore + 1);
    RequestId rollbackId = slack.postedRequestId();
    Request rollback = requests.find(rollbackId).orElseThrow();
    assertThat(rollback.kind()).isEqualTo(RequestKind.ROLLBACK);
    assertThat(rollback.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(slack.calls("chat.postMessage"))
        .as("the request message, beside the answer in Alice's direct message")
        .filteredOn(p -> !p.contains("thread_ts=") && p.contains(rollbackId.toString()))
        .filteredOn(p -> !p.startsWith("channel=U0ALICE&"))
        .singleElement()
        .asString()
        .startsWith("channel=C0OPS&");
    client.command("U0ALICE", "alice", "/deploy", "cancel " + rollbackId, tag("rb-button-cancel"));
  }

  private HttpResponse<String> submit(String metadata, String reason) throws Exception {
    String payload =
        """
        {"type":"view_submission","team":{"id":"T0TEAM","domain":"acme"},
         "user":{"id":"U0ALICE","username":"alice","name":"alice","team_id":"T0TEAM"},
         "api_app_id":"A0HELMGATE","token":"legacy","trigger_id":"1337.44.submit",
         "view":{"id":"V0MODAL","type":"modal","callback_id":"%s","private_metadata":"%s",
          "hash":"1.abc","state":{"values":{"%s":{"%s":{"type":"plain_text_input",
          "value":"%s"}}}}}}
        """
            .formatted(
                SlackIds.ROLLBACK_MODAL,
                metadata,
                SlackIds.ROLLBACK_REASON,
                SlackIds.ROLLBACK_REASON,
                reason);
    return signed()
        .send(
            "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
            Instant.now().getEpochSecond());
  }
}
