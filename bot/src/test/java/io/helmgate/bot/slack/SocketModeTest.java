package io.helmgate.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.bot.testsupport.SeededRemote;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.bot.testsupport.SlackWebApi;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Socket Mode, set up as docs/production.md shows it (app and bot token, no signing secret): Slack
 * reaches the bot over the WebSocket only, and there is no HTTP way in. Bolt would verify an HTTP
 * request against its placeholder secret {@code ---}, which anyone can sign with.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SocketModeTest {

  static final SlackWebApi slack = new SlackWebApi();
  static final AtomicInteger sockets = new AtomicInteger();
  static SocketModeEndpoint socketMode;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  /** Stands in for Slack's Socket Mode WebSocket: accepts the bot's connection and says nothing. */
  static final class SocketModeEndpoint extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);

    SocketModeEndpoint() {
      super(new InetSocketAddress("127.0.0.1", 0));
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      sockets.incrementAndGet();
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onMessage(WebSocket conn, String message) {}

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {
      started.countDown();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    socketMode = new SocketModeEndpoint();
    socketMode.start();
    assertThat(socketMode.started.await(10, TimeUnit.SECONDS)).isTrue();
    slack.start();
    slack
        .server()
        .stubFor(
            post(urlEqualTo("/api/apps.connections.open"))
                .willReturn(
                    okJson(
                        "{\"ok\":true,\"url\":\"ws://127.0.0.1:"
                            + socketMode.getPort()
                            + "/link\"}")));
    Path work =
        Files.createDirectories(Path.of("target/socket-mode", UUID.randomUUID().toString()));
    Path remote =
        SeededRemote.create(work.resolve("values.git"), Path.of("../config/example-values"));
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:socketmode;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    registry.add("helmgate.slack.app-token", () -> "xapp-fake");
    registry.add("helmgate.slack.bot-token", () -> "xoxb-fake");
    registry.add("helmgate.slack.signing-secret", () -> "");
    registry.add("helmgate.slack.api-url", slack::apiUrl);
    registry.add("helmgate.git.url", () -> remote.toUri().toString());
    registry.add("helmgate.git.workdir", () -> work.resolve("clone").toString());
  }

  @AfterAll
  static void stop() throws Exception {
    slack.stop();
    socketMode.stop(1000);
  }

  @Test
  void aRequestSignedWithBoltsPlaceholderSecretFindsNoEndpointAndChangesNothing() throws Exception {
    SignedSlack forger = new SignedSlack(port, "---", slack.baseUrl());
    String body =
        forger.commandBody(
            "U0ALICE",
            "alice",
            "/deploy",
            "globex/portal prod image.tag=9.0.1 reason=\"CHG-7\"",
            "forged");

    HttpResponse<String> response = forger.send(body, Instant.now().getEpochSecond());

    assertThat(response.statusCode()).isEqualTo(404);
    // had anything been started, its ephemeral answer would be on its way to /respond/forged
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                slack.answers().isEmpty()
                    && jdbc.queryForObject("SELECT COUNT(*) FROM requests", Integer.class) == 0
                    && jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Integer.class) == 0);
  }

  @Test
  void slackReachesTheBotOverTheWebSocket() {
    await().atMost(Duration.ofSeconds(30)).until(() -> sockets.get() >= 1);
  }
}
