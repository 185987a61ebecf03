package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.util.SlackRequestParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockActionsTest {

  private static final AppConfig CONFIG =
      AppConfig.builder().signingSecret("test-secret").singleTeamBotToken("xoxb-test").build();

  private static final String CLICK =
      """
      {"type":"block_actions","user":{"id":"U0BOB","username":"bob","name":"bob","team_id":"T0USER"},
       "api_app_id":"A0APP","token":"t","container":{"type":"message","message_ts":"1.2"},
       "trigger_id":"123.456.abc","team":{"id":"T0TEAM","domain":"acme","enterprise_id":"E0ORG"},
       "enterprise":null,"is_enterprise_install":false,
       "channel":{"id":"C0OPS","name":"ops"},
       "response_url":"https://hooks.slack.com/actions/T0TEAM/1/xyz",
       "actions":[{"action_id":"helmgate-approve","block_id":"b","text":{"type":"plain_text",
       "text":"Approve"},"value":"R-7","type":"button","action_ts":"1.3"}]}
      """;

  private static String form(String payload) {
    return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
  }

  private static RequestHeaders headers(Map<String, List<String>> unused) {
    return new RequestHeaders(
        new java.util.HashMap<>(
            Map.of(
                "Content-Type", List.of("application/x-www-form-urlencoded"),
                "X-Slack-Request-Timestamp", List.of("1700000000"))));
  }

  private static Request<?> bolt(String body, RequestHeaders headers) {
    return new SlackRequestParser(CONFIG)
        .parse(
            SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events")
                .queryString(Map.of("q", List.of("1")))
                .headers(headers)
                .requestBody(body)
                .remoteAddress("10.0.0.9")
                .build());
  }

  @Test
  void aClickIsReadIntoTheRequestBoltsParserMakesWithTheSamePayloadAndContext() {
    String body = form(CLICK);
    RequestHeaders headers = headers(Map.of());
    BlockActionRequest expected = (BlockActionRequest) bolt(body, headers);

    BlockActionRequest read =
        BlockActions.parse(
            body, headers, new java.util.HashMap<>(Map.of("q", List.of("1"))), "10.0.0.9", CONFIG);

    assertThat(read).isNotNull();
    assertThat(read.getRequestType()).isEqualTo(expected.getRequestType());
    assertThat(read.getPayload()).isEqualTo(expected.getPayload());
    assertThat(read.getResponseUrl()).isEqualTo(expected.getResponseUrl());
    assertThat(read.getRequestBodyAsString()).isEqualTo(body);
    assertThat(read.getClientIpAddress()).isEqualTo(expected.getClientIpAddress());
    assertThat(read.getQueryString()).isEqualTo(expected.getQueryString());
    assertThat(read.isSocketMode()).isFalse();
    ActionContext mine = read.getContext();
    ActionContext bolts = expected.getContext();
    assertThat(mine.getTeamId()).isEqualTo(bolts.getTeamId()).isEqualTo("T0TEAM");
    assertThat(mine.getEnterpriseId()).isEqualTo(bolts.getEnterpriseId()).isEqualTo("E0ORG");
    assertThat(mine.getRequestUserId()).isEqualTo(bolts.getRequestUserId()).isEqualTo("U0BOB");
    assertThat(mine.getTriggerId()).isEqualTo(bolts.getTriggerId());
    assertThat(mine.getResponseUrl()).isEqualTo(bolts.getResponseUrl());
    assertThat(mine.getBotToken()).isEqualTo(bolts.getBotToken()).isEqualTo("xoxb-test");
    assertThat(mine.getBotUserId()).isEqualTo(bolts.getBotUserId());
  }

  @Test
  void theTeamComesFromTheUserWhenThePayloadNamesNoTeamAsBoltReadsIt() {
    String body =
        form(
            CLICK.replace(
                "\"team\":{\"id\":\"T0TEAM\",\"domain\":\"acme\"," + "\"enterprise_id\":\"E0ORG\"}",
                "\"team\":null"));
    BlockActionRequest expected = (BlockActionRequest) bolt(body, headers(Map.of()));

    BlockActionRequest read = BlockActions.parse(body, headers(Map.of()), null, "10.0.0.9", CONFIG);

    assertThat(read.getContext().getTeamId())
        .isEqualTo(expected.getContext().getTeamId())
        .isEqualTo("T0USER");
    assertThat(read.getContext().getEnterpriseId())
        .isEqualTo(expected.getContext().getEnterpriseId());
  }

  @Test
  void everythingButAClickIsLeftToBoltsParser() {
    RequestHeaders headers = headers(Map.of());
    assertThat(
            BlockActions.parse(
                "command=%2Fdeploy&text=help&user_id=U0BOB", headers, null, "10.0.0.9", CONFIG))
        .isNull();
    assertThat(
            BlockActions.parse(
                form("{\"type\":\"view_submission\",\"user\":{\"id\":\"U0BOB\"}}"),
                headers,
                null,
                "10.0.0.9",
                CONFIG))
        .isNull();
  }

  @Test
  void aClickBoltCannotReadIsLeftToBoltsParserToRefuse() {
    RequestHeaders headers = headers(Map.of());
    assertThat(
            BlockActions.parse(
                form("{\"type\":\"block_actions\",\"actions\":[{]}"),
                headers,
                null,
                "10.0.0.9",
                CONFIG))
        .isNull();
    assertThat(
            BlockActions.parse(
                form("{\"type\":\"block_actions\",\"actions\":[]}"),
                headers,
                null,
                "10.0.0.9",
                CONFIG))
        .isNull();
    assertThat(BlockActions.parse(form("\"block_actions\""), headers, null, "10.0.0.9", CONFIG))
        .isNull();
  }
}
