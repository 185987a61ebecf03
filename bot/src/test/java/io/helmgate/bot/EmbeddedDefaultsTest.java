package io.helmgate.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With no configuration at all the bot starts on its embedded defaults and reports UP; Slack's
 * endpoint says what to set.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties =
        "spring.datasource.url=jdbc:h2:mem:embedded;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")
class EmbeddedDefaultsTest {

  /** Actuator has its own port (management.server.port). */
  @LocalManagementPort int managementPort;

  @LocalServerPort int port;

  @Test
  void healthIsUpWithNoExternalServiceConfigured() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void slacksEndpointAnswers503NamingWhatToSetWhenSlackIsNotConfigured() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("command=%2Fdeploy&text=help"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .contains("helmgate.slack.signing-secret")
        .contains("helmgate.slack.bot-token");
  }
}
