package io.helmgate.bot.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.helmgate.bot.slack.render.SlackIds;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Slack refuses, with its real answers: the person concerned is told what happened and what to do,
 * and no request is left waiting for an approval nobody can see.
 */
class SlackRefusalsTest extends ReliabilityApp {

  @Test
  void approvalChannelNotFoundCancelsTheRequestAndTellsTheRequesterToInviteTheBot()
      throws Exception {
    StubMapping refused =
        slack
            .server()
            .stubFor(
                post(urlEqualTo("/api/chat.postMessage"))
                    .withRequestBody(containing("channel=C0PRIV"))
                    .atPriority(1)
                    .willReturn(okJson("{\"ok\":false,\"error\":\"channel_not_found\"}")));
    try {
      String t = tag("private-channel");
      String body =
          signed()
              .commandBody(
                  "U0ALICE",
                  "alice",
                  "/deploy",
                  "acme/checkout prod image.tag=5.1.1 reason=\"CHG-71\"",
                  t)
              .replace("channel_id=C0OPS", "channel_id=C0PRIV");
      signed().send(body, Instant.now().getEpochSecond());

      RequestId id = openedBy(t);
      assertThat(slack.answerTo(t)).contains("Its approval message is in \\u003c#C0PRIV\\u003e");
      Request cancelled = awaitState(id, RequestState.CANCELLED);
      assertThat(cancelled.outcome().orElse("")).contains("channel_not_found");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  slack.calls("chat.postMessage").stream()
                      .anyMatch(
                          c ->
                              c.contains("channel=U0ALICE")
                                  && c.contains(id.toString())
                                  && c.contains("/invite @Helmgate")));
      String told =
          slack.calls("chat.postMessage").stream()
              .filter(c -> c.contains("channel=U0ALICE") && c.contains("/invite @Helmgate"))
              .findFirst()
              .orElseThrow();
      assertThat(told)
          .contains("channel_not_found")
          .contains("<#C0PRIV>")
          .contains("helmgate.slack.approval-channels.prod")
          .contains("cancelled");
      awaitWorkDone();
      assertThat(slack.calls("chat.postMessage"))
          .as("the refused message is not tried again")
          .filteredOn(c -> c.contains("channel=C0PRIV"))
          .hasSize(1);
    } finally {
      slack.server().removeStub(refused);
    }
  }

  @Test
  void anExpiredTriggerIsToldToTheClickerAndNothingIsDone() throws Exception {
    String opened = tag("trigger-open");
    signed()
        .command(
            "U0ALICE",
            "alice",
            "/deploy",
            "acme/checkout prod image.tag=5.1.2 reason=\"CHG-72\"",
            opened);
    RequestId id = openedBy(opened);
    awaitState(id, RequestState.PENDING_APPROVAL);
    StubMapping expired =
        slack
            .server()
            .stubFor(
                post(urlEqualTo("/api/views.open"))
                    .atPriority(1)
                    .willReturn(okJson("{\"ok\":false,\"error\":\"expired_trigger_id\"}")));
    try {
      String click = tag("trigger-reject");
      signed().click("U0BOB", "bob", SlackIds.REJECT, id.toString(), click);

      assertThat(slack.answerTo(click))
          .contains("\"response_type\":\"ephemeral\"")
          .contains("expired_trigger_id")
          .contains("Nothing was done");
      assertThat(requests.find(id).orElseThrow().state()).isEqualTo(RequestState.PENDING_APPROVAL);
    } finally {
      slack.server().removeStub(expired);
      signed().command("U0ALICE", "alice", "/deploy", "cancel " + id, tag("trigger-cancel"));
    }
  }

  @Test
  void aDeployFormWithInputTheParserRefusesShowsTheProblemInTheForm() throws Exception {
    int rowsBefore = requestRows();

    java.net.http.HttpResponse<String> response =
        signed()
            .submit(
                "U0ALICE",
                "alice",
                SlackIds.DEPLOY_MODAL,
                "",
                SlackIds.FORM_VALUES,
                "no-equals-sign-here");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"response_action\":\"errors\"")
        .contains(SlackIds.FORM_VALUES);
    awaitWorkDone();
    assertThat(requestRows()).isEqualTo(rowsBefore);
  }
}
