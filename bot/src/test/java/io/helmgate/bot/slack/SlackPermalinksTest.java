package io.helmgate.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.helmgate.bot.testsupport.SlackWebApi;
import io.helmgate.domain.request.MessageRef;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link from a pull request to its request's Slack message, from chat.getPermalink. */
class SlackPermalinksTest {

  private static final MessageRef MESSAGE = new MessageRef("C0OPS", "1700000000.000100");
  private static final String PERMALINK = "https://acme.slack.com/archives/C0OPS/p1700000000000100";

  private final SlackWebApi slack = new SlackWebApi();
  private SlackPermalinks permalinks;

  @BeforeEach
  void start() {
    slack.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.apiUrl());
    permalinks = new SlackPermalinks(Optional.of(Slack.getInstance(config).methods("xoxb-fake")));
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  private void slackAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r) {
    slack.server().stubFor(post(urlEqualTo("/api/chat.getPermalink")).willReturn(r));
  }

  @Test
  void theMessagesPermalinkIsAskedForByChannelAndMessageTs() {
    slackAnswers(okJson("{\"ok\":true,\"channel\":\"C0OPS\",\"permalink\":\"" + PERMALINK + "\"}"));

    assertThat(permalinks.apply(MESSAGE)).contains(PERMALINK);
    assertThat(slack.calls("chat.getPermalink"))
        .singleElement()
        .satisfies(
            body ->
                assertThat(body)
                    .contains("channel=C0OPS")
                    .contains("message_ts=1700000000.000100"));
  }

  @Test
  void aMessageSlackCannotFindGivesNoLink() {
    slackAnswers(okJson("{\"ok\":false,\"error\":\"message_not_found\"}"));

    assertThat(permalinks.apply(MESSAGE)).isEmpty();
  }

  @Test
  void aChannelSlackCannotFindGivesNoLink() {
    slackAnswers(okJson("{\"ok\":false,\"error\":\"channel_not_found\"}"));

    assertThat(permalinks.apply(MESSAGE)).isEmpty();
  }

  @Test
  void rateLimitedOrAwaySlackGivesNoLinkAndNeverThrows() {
    slackAnswers(aResponse().withStatus(429).withHeader("Retry-After", "30"));
    assertThat(permalinks.apply(MESSAGE)).isEmpty();

    slackAnswers(aResponse().withStatus(503).withBody("upstream connect error"));
    assertThat(permalinks.apply(MESSAGE)).isEmpty();

    slack.stop();
    assertThat(permalinks.apply(MESSAGE)).isEmpty();
  }

  @Test
  void aLinkThatIsNotAnHttpsAddressIsNotPassedOn() {
    slackAnswers(okJson("{\"ok\":true,\"permalink\":\"javascript:alert(1)\"}"));

    assertThat(permalinks.apply(MESSAGE)).isEmpty();
  }

  @Test
  void noMessageOrNoSlackGivesNoLinkWithoutAsking() {
    assertThat(permalinks.apply(null)).isEmpty();
    assertThat(new SlackPermalinks(Optional.empty()).apply(MESSAGE)).isEmpty();
    assertThat(slack.calls("chat.getPermalink")).isEmpty();
  }
}
