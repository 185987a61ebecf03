package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.testsupport.SignedSlack;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Bolt reads a whole body into memory before it checks the signature, so the endpoint bounds what
 * anyone can make it read: a body must declare its length, and that length must be one Slack could
 * send. Refusals change nothing and are answered, not dropped: Tomcat reads and discards a refused
 * body up to {@code server.tomcat.max-swallow-size} so that the sender gets the status.
 */
class BodyLimitsTest extends ReliabilityApp {

  static final int LIMIT = 1024 * 1024;

  @Test
  void aSignedCommandOfExactlyTheLimitIsServed() throws Exception {
    String tag = tag("limit");
    String body = padded(signed().commandBody("U0DAVE", "dave", "/deploy", "help", tag), LIMIT);

    HttpResponse<String> response = signed().send(body, Instant.now().getEpochSecond());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(slack.answerTo(tag)).contains("/deploy");
  }

  @Test
  void aSignedBodyOneByteOverTheLimitIsRefusedUnreadWith413() throws Exception {
    Snapshot before = snapshot();
    String body =
        padded(signed().commandBody("U0DAVE", "dave", "/deploy", "help", tag("over")), LIMIT + 1);

    HttpResponse<String> response = signed().send(body, Instant.now().getEpochSecond());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("larger than any Slack sends");
    awaitWorkDone();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aThreeMegabyteForgeryGetsA413NotAResetConnection() throws Exception {
    Snapshot before = snapshot();
    String body = "payload=" + "x".repeat(3 * LIMIT);

    HttpResponse<String> response =
        signed().sendSigned(body, Instant.now().getEpochSecond(), "v0=0");

    assertThat(response.statusCode()).isEqualTo(413);
    awaitWorkDone();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aBodyWithoutALengthIsRefusedWith411() throws Exception {
    Snapshot before = snapshot();
    SignedSlack slackClient = signed();
    String body = slackClient.commandBody("U0DAVE", "dave", "/deploy", "help", tag("chunked"));

    HttpResponse<String> response = slackClient.sendChunked(body);

    assertThat(response.statusCode()).isEqualTo(411);
    assertThat(response.body()).contains("Content-Length");
    awaitWorkDone();
    assertThat(snapshot()).isEqualTo(before);
  }

  /** The form body with a field Slack ignores appended, to exactly {@code size} bytes. */
  static String padded(String body, int size) {
    String prefix = body + "&padding=";
    assertThat(prefix.length()).isLessThan(size);
    return prefix + "p".repeat(size - prefix.length());
  }

  record Snapshot(int requests, int audit, String head, int posts, int answers) {}

  Snapshot snapshot() {
    return new Snapshot(
        requestRows(),
        auditRows(),
        head(),
        slack.calls("chat.postMessage").size(),
        slack.answers().size());
  }
}
