package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Requests whose bodies never finish arriving cannot starve the bot: each holds a connection, not a
 * worker thread, until it is answered 408 and closed; a signed command is served meanwhile, and the
 * liveness probe, on its own port, answers as always. Every loop here is bounded in count and time,
 * and only the loopback address is used.
 */
class SlowBodiesTest extends ReliabilityApp {

  /**
   * More than Tomcat's 200 worker threads: enough to starve a server that reads bodies blocking.
   */
  static final int UNFINISHED = 300;

  /** Well inside Slack's 3 s for the ack would do; this bounds the test, not the bot. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  @LocalManagementPort int managementPort;

  @Test
  void hundredsOfUnfinishedUploadsDoNotDelayASignedCommandOrTheLivenessProbe() throws Exception {
    assertThat(managementPort).isNotEqualTo(port);
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < UNFINISHED; i++) {
        stalled.add(startUpload());
      }

      String tag = tag("starved");
      HttpResponse<String> ack = signedHelp(tag);
      HttpResponse<String> liveness = get(managementPort, "/actuator/health/liveness");

      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(slack.answerTo(tag)).contains("/deploy");
      assertThat(liveness.statusCode()).isEqualTo(200);
      assertThat(liveness.body()).contains("\"status\":\"UP\"");

      // and the stalled ones are not held forever: each is told its body came too late
      Socket first = stalled.get(0);
      first.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
      assertThat(statusLine(first)).startsWith("HTTP/1.1 408");
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void aSignedLookingRequestWithAStaleTimestampIsRefusedWithoutWaitingForItsBody()
      throws Exception {
    long stale = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
    try (Socket socket = startUpload(stale)) {
      socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());

      assertThat(statusLine(socket)).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  void aRequestWithoutSignatureHeadersIsRefusedWithoutWaitingForItsBody() throws Exception {
    try (Socket socket = connect()) {
      socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
      send(socket, headers(1000, null) + "command=%2Fdeploy");

      assertThat(statusLine(socket)).startsWith("HTTP/1.1 401");
    }
  }

  /** Headers of a plausible signed command with a 1,000-byte body, and 17 bytes of it. */
  Socket startUpload() throws IOException {
    return startUpload(Instant.now().getEpochSecond());
  }

  Socket startUpload(long timestamp) throws IOException {
    Socket socket = connect();
    send(socket, headers(1000, timestamp) + "command=%2Fdeploy");
    return socket;
  }

  Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
        (int) Duration.ofSeconds(5).toMillis());
    return socket;
  }

  static String headers(int contentLength, Long timestamp) {
    String signature =
        timestamp == null
            ? ""
            : "X-Slack-Request-Timestamp: "
                + timestamp
                + "\r\nX-Slack-Signature: v0="
                + "0".repeat(64)
                + "\r\n";
    return "POST /slack/events HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: "
        + contentLength
        + "\r\n"
        + signature
        + "\r\n";
  }

  static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The first line of the answer, read byte by byte up to 200 bytes. */
  static String statusLine(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      int b = in.read();
      if (b < 0 || b == '\n') {
        break;
      }
      line.append((char) b);
    }
    return line.toString().strip();
  }

  HttpResponse<String> signedHelp(String tag) throws Exception {
    String body = signed().commandBody("U0DAVE", "dave", "/deploy", "help", tag);
    long ts = Instant.now().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
            .timeout(ANSWER_WITHIN)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(ts))
            .header("X-Slack-Signature", signed().signature(body, ts))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(ANSWER_WITHIN)
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(ANSWER_WITHIN)
        .build();
  }
}
