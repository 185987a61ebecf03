package io.helmgate.bot.testsupport.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.testsupport.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stand-in's own HTTP contract: Argo CD's shapes and answers, read as raw JSON. */
class ArgoCdStandInTest {

  private static final String REPO = "https://git.example.org/ops/deploy-values.git";
  private static final String OLD = "4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";
  private static final String NEW = "c0ffee1234567890abcdef1234567890abcdef12";
  private static final String APP = "/api/v1/applications/acme-payments-prod";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T09:00:00.250Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private ArgoCdStandIn argo;

  @BeforeEach
  void start() {
    argo = ArgoCdStandIn.start(clock);
    argo.repo(REPO).branch("main", OLD);
    argo.app("acme-payments-prod")
        .project("payments")
        .multiSource("https://charts.example.org", "payments-api", "2.7.1", REPO, "main")
        .deployed(OLD);
  }

  @AfterEach
  void stop() {
    argo.close();
  }

  private HttpResponse<String> call(String method, String path, String body, boolean token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(argo.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token) {
      request.header("Authorization", "Bearer " + argo.token());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JsonMapper.builder().build().readTree(response.body());
  }

  @Test
  void aSyncSetsTheOperationAndClearsTheStateThenTheControllerRunsIt() throws Exception {
    argo.controllerClockOffset(Duration.ofSeconds(-10));
    argo.repo(REPO).push("main", NEW);

    HttpResponse<String> sync =
        call(
            "POST",
            APP + "/sync",
            "{\"project\":\"payments\",\"revisions\":[\""
                + NEW
                + "\"],\"sourcePositions\":[2],"
                + "\"infos\":[{\"name\":\"helmgate-request\",\"value\":\"R-7\"}]}",
            true);

    assertThat(sync.statusCode()).isEqualTo(200);
    JsonNode app = json(sync);
    assertThat(app.path("operation").path("info").get(0).path("value").asString()).isEqualTo("R-7");
    assertThat(app.path("operation").path("sync").path("revisions").get(1).asString())
        .isEqualTo(NEW);
    assertThat(app.path("status").has("operationState")).isFalse();

    clock.advance(Duration.ofSeconds(1));
    JsonNode running = json(call("GET", APP + "?project=payments", null, true));
    JsonNode state = running.path("status").path("operationState");
    assertThat(state.path("phase").asString()).isEqualTo("Running");
    assertThat(state.path("startedAt").asString()).isEqualTo("2026-03-10T08:59:51Z");
    assertThat(state.path("operation").path("info").get(0).path("value").asString())
        .isEqualTo("R-7");
    assertThat(running.has("operation")).isTrue();

    clock.advance(Duration.ofSeconds(2));
    JsonNode done = json(call("GET", APP + "?project=payments", null, true));
    assertThat(done.has("operation")).isFalse();
    assertThat(done.path("status").path("operationState").path("phase").asString())
        .isEqualTo("Succeeded");
    assertThat(done.path("status").path("history").get(0).path("revisions").get(1).asString())
        .isEqualTo(NEW);
  }

  @Test
  void sourcePositionsSentAsStringsAreRefusedAsGoWouldDecodeThem() throws Exception {
    HttpResponse<String> sync =
        call(
            "POST",
            APP + "/sync",
            "{\"project\":\"payments\",\"revisions\":[\""
                + NEW
                + "\"],\"sourcePositions\":[\"2\"]}",
            true);

    assertThat(sync.statusCode()).isEqualTo(400);
    JsonNode error = json(sync);
    assertThat(error.path("code").asInt()).isEqualTo(3);
    assertThat(error.path("error").asString())
        .isEqualTo(error.path("message").asString())
        .contains("cannot unmarshal string")
        .contains("sourcePositions of type int64");
  }

  @Test
  void aMissingAppIsNotFoundWithItsProjectAndForbiddenWithout() throws Exception {
    HttpResponse<String> withProject =
        call("GET", "/api/v1/applications/nope?project=payments", null, true);
    HttpResponse<String> without = call("GET", "/api/v1/applications/nope", null, true);

    assertThat(withProject.statusCode()).isEqualTo(404);
    assertThat(json(withProject).path("code").asInt()).isEqualTo(5);
    assertThat(json(withProject).path("message").asString())
        .isEqualTo("applications.argoproj.io \"nope\" not found");
    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(json(without).path("message").asString()).isEqualTo("permission denied");
  }

  @Test
  void aSecondSyncWhileOneIsSetIsRefusedAsAnotherOperationInProgress() throws Exception {
    String body = "{\"project\":\"payments\"}";
    call("POST", APP + "/sync", body, true);

    HttpResponse<String> second = call("POST", APP + "/sync", body, true);

    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(json(second).path("code").asInt()).isEqualTo(9);
    assertThat(json(second).path("message").asString())
        .isEqualTo("error setting app operation: another operation is already in progress");
  }

  @Test
  void withoutTheTokenCallsAreUnauthenticatedButUserinfoAnswers() throws Exception {
    HttpResponse<String> app = call("GET", APP + "?project=payments", null, false);
    HttpResponse<String> who = call("GET", "/api/v1/session/userinfo", null, false);

    assertThat(app.statusCode()).isEqualTo(401);
    assertThat(json(app).path("code").asInt()).isEqualTo(16);
    assertThat(who.statusCode()).isEqualTo(200);
    assertThat(who.body()).isEqualTo("{}");
  }

  @Test
  void aSyncWindowRefusalAndTheWindowsThatSaySo() throws Exception {
    argo.app("acme-payments-prod").syncWindow(SyncWindow.denyNow("0 9 * * *", "1h"));

    HttpResponse<String> sync = call("POST", APP + "/sync", "{\"project\":\"payments\"}", true);
    JsonNode windows = json(call("GET", APP + "/syncwindows?project=payments", null, true));

    assertThat(sync.statusCode()).isEqualTo(403);
    assertThat(json(sync).path("message").asString())
        .isEqualTo("cannot sync: blocked by sync window");
    assertThat(windows.path("canSync").asBoolean(true)).isFalse();
    assertThat(windows.path("activeWindows").get(0).path("kind").asString()).isEqualTo("deny");
  }
}
