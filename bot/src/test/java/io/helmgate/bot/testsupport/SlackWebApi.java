package io.helmgate.bot.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.helmgate.domain.RequestId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WireMock standing in for the Slack Web API (with Slack's JSON answers) and for the {@code
 * response_url}s of commands and clicks, which all point to {@code /respond/<tag>}. Users: U0ALICE
 * and U0BOB are in {@code ops-team}, U0DAVE in {@code dev-team}.
 */
public final class SlackWebApi {

  private final WireMockServer server;
  private volatile Consumer<LoggedRequest> hook = r -> {};

  public SlackWebApi() {
    this.server = new WireMockServer(options().dynamicPort().extensions(new Hook()));
  }

  /** Starts the server and answers as Slack would. */
  public SlackWebApi start() {
    server.start();
    stub();
    return this;
  }

  public void stop() {
    server.stop();
  }

  public WireMockServer server() {
    return server;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  /** The Web API's URL prefix, for {@code helmgate.slack.api-url}. */
  public String apiUrl() {
    return server.baseUrl() + "/api/";
  }

  /**
   * Runs {@code action} for every request Slack's stand-in receives, before it answers: the caller
   * of the Web API waits until it returns. Tests use it to break something at an exact step.
   */
  public void onEveryRequest(Consumer<LoggedRequest> action) {
    this.hook = action;
  }

  /** Forgets the requests seen so far, keeping the answers. */
  public void forgetRequests() {
    server.resetRequests();
  }

  /** Slack's answers to the calls Helmgate makes. */
  public void stub() {
    server.stubFor(
        post(urlEqualTo("/api/auth.test"))
            .willReturn(
                okJson(
                    "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\",\"user\":\"helmgate\",\"team_id\":\"T0TEAM\",\"user_id\":\"U0BOT\",\"bot_id\":\"B0BOT\"}")));
    server.stubFor(
        post(urlEqualTo("/api/usergroups.list"))
            .willReturn(
                okJson(
                    "{\"ok\":true,\"usergroups\":[{\"id\":\"S0OPS\",\"team_id\":\"T0TEAM\",\"is_usergroup\":true,\"name\":\"Ops\",\"handle\":\"ops-team\",\"user_count\":\"2\",\"users\":[\"U0ALICE\",\"U0BOB\"]},{\"id\":\"S0DEV\",\"team_id\":\"T0TEAM\",\"is_usergroup\":true,\"name\":\"Developers\",\"handle\":\"dev-team\",\"user_count\":\"1\",\"users\":[\"U0DAVE\"]}]}")));
    server.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                okJson(
                    "{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1700000000.000100\",\"message\":{\"type\":\"message\",\"text\":\"x\"}}")));
    server.stubFor(
        post(urlEqualTo("/api/chat.update"))
            .willReturn(
                okJson(
                    "{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1700000000.000100\",\"text\":\"x\"}")));
    server.stubFor(
        post(urlEqualTo("/api/views.open"))
            .willReturn(okJson("{\"ok\":true,\"view\":{\"id\":\"V1\"}}")));
    server.stubFor(
        post(urlPathMatching("/respond/.*"))
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    // files.uploadV2: open the DM, get an upload URL, upload, complete
    server.stubFor(
        post(urlPathEqualTo("/api/conversations.open"))
            .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"D0ALICE\"}}")));
    server.stubFor(
        post(urlPathEqualTo("/api/files.getUploadURLExternal"))
            .willReturn(
                okJson(
                    "{\"ok\":true,\"upload_url\":\""
                        + server.baseUrl()
                        + "/upload/F0FILE\",\"file_id\":\"F0FILE\"}")));
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching("/upload/.*"))
            .willReturn(aResponse().withStatus(200).withBody("OK - 123")));
    server.stubFor(
        post(urlPathEqualTo("/api/files.completeUploadExternal"))
            .willReturn(
                okJson("{\"ok\":true,\"files\":[{\"id\":\"F0FILE\",\"title\":\"export\"}]}")));
  }

  /** What Helmgate answered through one response_url (the first answer), decoded. */
  public String answerTo(String tag) {
    await().atMost(Duration.ofSeconds(60)).until(() -> !answersTo(tag).isEmpty());
    return answersTo(tag).get(0);
  }

  /** Every answer sent to one response_url so far. */
  public List<String> answersTo(String tag) {
    return server.findAll(postRequestedFor(urlEqualTo("/respond/" + tag))).stream()
        .map(LoggedRequest::getBodyAsString)
        .toList();
  }

  /** Every request sent to a response_url so far. */
  public List<LoggedRequest> answers() {
    return server.findAll(postRequestedFor(urlPathMatching("/respond/.*")));
  }

  /** The decoded bodies of every call of a Web API method, e.g. {@code chat.postMessage}. */
  public List<String> calls(String method) {
    return server.findAll(postRequestedFor(urlEqualTo("/api/" + method))).stream()
        .map(r -> URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8))
        .toList();
  }

  /** The request id in the newest posted request message. */
  public RequestId postedRequestId() {
    List<String> posts = calls("chat.postMessage");
    for (int i = posts.size() - 1; i >= 0; i--) {
      if (posts.get(i).contains("thread_ts=")) {
        continue;
      }
      Matcher m = Pattern.compile("R-(\\d+)").matcher(posts.get(i));
      if (m.find()) {
        return new RequestId(Long.parseLong(m.group(1)));
      }
    }
    throw new AssertionError("no request message was posted");
  }

  /** The lines posted to request threads that mention {@code requestId}. */
  public List<String> threadLines(RequestId requestId) {
    return calls("chat.postMessage").stream()
        .filter(p -> p.contains("thread_ts="))
        .filter(p -> mentions(p, requestId))
        .toList();
  }

  /** True when {@code text} names {@code requestId} (R-4 is not named by R-42). */
  public static boolean mentions(String text, RequestId requestId) {
    return Pattern.compile("\\b" + requestId + "(?!\\d)").matcher(text).find();
  }

  private final class Hook implements ServeEventListener {
    @Override
    public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
      hook.accept(serveEvent.getRequest());
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }

    @Override
    public String getName() {
      return "helmgate-test-hook";
    }
  }
}
