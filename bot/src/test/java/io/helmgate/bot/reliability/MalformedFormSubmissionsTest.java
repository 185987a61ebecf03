package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.slack.render.SlackIds;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signed form submissions whose hidden data ({@code private_metadata}) or state came back damaged:
 * not what Helmgate wrote, missing, of the wrong type or huge. Each gets HTTP 200 with the form's
 * error saying nothing was done, never a 500, and nothing is requested.
 */
class MalformedFormSubmissionsTest extends ReliabilityApp {

  static Stream<Arguments> damaged() {
    String huge = "\"" + "acme/payments prod 0123abc ".repeat(120) + "\"";
    return Stream.of(
        Arguments.of(SlackIds.ROLLBACK_MODAL, "\"not json {\"", SlackIds.ROLLBACK_REASON),
        Arguments.of(SlackIds.ROLLBACK_MODAL, "\"\"", SlackIds.ROLLBACK_REASON),
        Arguments.of(SlackIds.ROLLBACK_MODAL, "null", SlackIds.ROLLBACK_REASON),
        Arguments.of(SlackIds.ROLLBACK_MODAL, "\"acme/payments\"", SlackIds.ROLLBACK_REASON),
        Arguments.of(SlackIds.ROLLBACK_MODAL, "\"acme/payments prod\"", SlackIds.ROLLBACK_REASON),
        Arguments.of(
            SlackIds.ROLLBACK_MODAL,
            "\"acme/payments prod 0123abc break-glass\"",
            SlackIds.ROLLBACK_REASON),
        Arguments.of(
            SlackIds.ROLLBACK_MODAL, "\"acme/payments prod HEAD~1\"", SlackIds.ROLLBACK_REASON),
        Arguments.of(
            SlackIds.ROLLBACK_MODAL,
            "\"acme/payments prod 0123abc c0ops\"",
            SlackIds.ROLLBACK_REASON),
        Arguments.of(
            SlackIds.ROLLBACK_MODAL,
            "\"acme/payments prod 0123abc C0OPS extra\"",
            SlackIds.ROLLBACK_REASON),
        Arguments.of(SlackIds.ROLLBACK_MODAL, huge, SlackIds.ROLLBACK_REASON),
        Arguments.of(SlackIds.REJECT_MODAL, "\"R-not-a-number\"", SlackIds.REJECT_REASON),
        Arguments.of(SlackIds.REJECT_MODAL, "\"\"", SlackIds.REJECT_REASON),
        Arguments.of(SlackIds.REJECT_MODAL, "null", SlackIds.REJECT_REASON),
        Arguments.of(SlackIds.REJECT_MODAL, huge, SlackIds.REJECT_REASON));
  }

  @ParameterizedTest(name = "{0} with private_metadata {1}")
  @MethodSource("damaged")
  void damagedHiddenDataGetsA200WithTheFormsErrorAndNothingIsRequested(
      String callbackId, String metadataJson, String inputBlock) throws Exception {
    int rowsBefore = requestRows();
    String view =
        """
        {"id":"V0MODAL","type":"modal","callback_id":"%s","private_metadata":%s,"hash":"1.abc",
         "state":{"values":{"%s":{"%s":{"type":"plain_text_input","value":"INC-7"}}}}}
        """
            .formatted(callbackId, metadataJson, inputBlock, inputBlock);

    HttpResponse<String> response = submit(view);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"response_action\":\"errors\"")
        .contains(inputBlock)
        .contains("cannot read this form");
    awaitWorkDone();
    assertThat(requestRows()).isEqualTo(rowsBefore);
  }

  static Stream<Arguments> misshapen() {
    return Stream.of(
        Arguments.of(
            "{\"id\":\"V0MODAL\",\"type\":\"modal\",\"callback_id\":\""
                + SlackIds.DEPLOY_MODAL
                + "\"}"),
        Arguments.of(
            "{\"id\":\"V0MODAL\",\"type\":\"modal\",\"callback_id\":\""
                + SlackIds.ROLLBACK_MODAL
                + "\",\"private_metadata\":\"acme/payments prod 0123abc\","
                + "\"state\":{\"values\":{\""
                + SlackIds.ROLLBACK_REASON
                + "\":{}}}}"));
  }

  @ParameterizedTest(name = "view {0}")
  @MethodSource("misshapen")
  void aSubmissionWithoutTheStateItExpectsGetsA200NotA500(String view) throws Exception {
    HttpResponse<String> response = submit(view);

    assertThat(response.statusCode()).isEqualTo(200);
    awaitWorkDone();
  }

  private HttpResponse<String> submit(String view) throws Exception {
    String payload =
        """
        {"type":"view_submission","team":{"id":"T0TEAM","domain":"acme"},
         "user":{"id":"U0ALICE","username":"alice","name":"alice","team_id":"T0TEAM"},
         "api_app_id":"A0HELMGATE","token":"legacy","trigger_id":"1337.44.submit",
         "view":%s}
        """
            .formatted(view);
    return signed()
        .send(
            "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
            Instant.now().getEpochSecond());
  }
}
