package io.helmgate.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.event.AppHomeOpenedEvent;
import io.helmgate.bot.slack.render.Renderer;
import io.helmgate.bot.testsupport.MutableClock;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.bot.testsupport.SlackWebApi;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.service.Admission;
import io.helmgate.domain.values.Redaction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Bolt app, fed signed requests, with the guard in front of listeners that only note that
 * they ran: requests and clicks from another workspace or organisation never reach a listener.
 */
class HomeWorkspaceGuardTest {

  static final String SECRET = "test-signing-secret";
  final SlackWebApi slackApi = new SlackWebApi();
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
  final List<String> ran = new CopyOnWriteArrayList<>();
  App app;
  HomeWorkspaceGuard guard;
  SignedSlack signer;
  AppConfig config;

  @BeforeEach
  void start() {
    slackApi.start();
  }

  /** The bot installed in T0TEAM, or in T0TEAM of organisation {@code enterprise}. */
  void installedIn(String enterprise) throws Exception {
    if (enterprise != null) {
      slackApi
          .server()
          .stubFor(
              post(urlEqualTo("/api/auth.test"))
                  .willReturn(
                      okJson(
                          "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\","
                              + "\"user\":\"helmgate\",\"team_id\":\"T0TEAM\",\"user_id\":\"U0BOT\","
                              + "\"bot_id\":\"B0BOT\",\"enterprise_id\":\""
                              + enterprise
                              + "\",\"is_enterprise_install\":false}")));
    }
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(slackApi.apiUrl());
    Slack slack = Slack.getInstance(slackConfig);
    config =
        AppConfig.builder()
            .slack(slack)
            .signingSecret(SECRET)
            .singleTeamBotToken("xoxb-fake")
            .authTestCacheEnabled(true)
            .build();
    app = new App(config);
    guard =
        new HomeWorkspaceGuard(
            slack.methods("xoxb-fake"),
            new Admission(new Trail(), clock),
            new Renderer(ZoneId.of("Europe/Zurich"), Redaction.defaults(), Optional.empty()),
            Runnable::run);
    app.use(guard);
    app.command(
        "/deploy",
        (req, ctx) -> {
          ran.add("/deploy");
          return ctx.ack();
        });
    app.blockAction(
        "helmgate-approve",
        (req, ctx) -> {
          ran.add("approve");
          return ctx.ack();
        });
    app.viewSubmission(
        "helmgate-deploy-form",
        (req, ctx) -> {
          ran.add("submit");
          return ctx.ack();
        });
    app.event(
        AppHomeOpenedEvent.class,
        (payload, ctx) -> {
          ran.add("home");
          return ctx.ack();
        });
    signer = new SignedSlack(0, SECRET, slackApi.baseUrl());
    await().atMost(Duration.ofSeconds(10)).until(guard::knowsHome);
  }

  @AfterEach
  void stop() {
    slackApi.stop();
  }

  Response send(String body) throws Exception {
    return send(body, "application/x-www-form-urlencoded");
  }

  Response send(String body, String contentType) throws Exception {
    long ts = Instant.now().getEpochSecond();
    Request<?> request =
        new SlackRequestParser(config)
            .parse(
                SlackRequestParser.HttpRequest.builder()
                    .requestUri("/slack/events")
                    .requestBody(body)
                    .headers(
                        new com.slack.api.bolt.request.RequestHeaders(
                            Map.of(
                                "Content-Type", List.of(contentType),
                                "X-Slack-Request-Timestamp", List.of(Long.toString(ts)),
                                "X-Slack-Signature", List.of(signer.signature(body, ts)))))
                    .build());
    return app.run(request);
  }

  String command(String team, String enterprise) {
    String body =
        signer
            .commandBody("U0MAL", "mallory", "/deploy", "acme/payments prod", "cmd")
            .replace("team_id=T0TEAM", "team_id=" + team);
    return enterprise == null ? body : body + "&enterprise_id=" + enterprise;
  }

  String click(String team, String userTeam, String enterprise) {
    String payload =
        signer
            .clickPayload(
                "U0MAL", "mallory", "helmgate-approve", new RequestId(7).toString(), "clk")
            .replace("\"team\":{\"id\":\"T0TEAM\"", "\"team\":{\"id\":\"" + team + "\"")
            .replace("\"team_id\":\"T0TEAM\"", "\"team_id\":\"" + userTeam + "\"");
    if (enterprise != null) {
      payload =
          payload.replaceFirst(
              "\\{\"type\":\"block_actions\",",
              "{\"type\":\"block_actions\",\"enterprise\":{\"id\":\"" + enterprise + "\"},");
    }
    return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
  }

  /** Someone opened the bot's App Home, as the Events API says it. */
  String homeOpened(String team) {
    return """
        {"token":"legacy","team_id":"%s","api_app_id":"A0HELMGATE","type":"event_callback",
         "event":{"type":"app_home_opened","user":"U0MAL","channel":"D0HOME","tab":"home",
          "event_ts":"1700000000.000100"},
         "event_id":"Ev0HOME","event_time":1700000000}
        """
        .formatted(team);
  }

  String submission(String userTeam) {
    String payload =
        """
        {"type":"view_submission","team":{"id":"T0TEAM","domain":"acme"},
         "user":{"id":"U0MAL","username":"mallory","name":"mallory","team_id":"%s"},
         "api_app_id":"A0HELMGATE","token":"legacy","trigger_id":"1337.44.submit",
         "view":{"id":"V0MODAL","type":"modal","callback_id":"helmgate-deploy-form","private_metadata":"",
          "hash":"1.abc","state":{"values":{}}}}
        """
            .formatted(userTeam);
    return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
  }

  @Test
  void aCommandAndAClickFromTheHomeWorkspaceReachTheirListeners() throws Exception {
    installedIn(null);

    assertThat(send(command("T0TEAM", null)).getStatusCode()).isEqualTo(200);
    assertThat(send(click("T0TEAM", "T0TEAM", null)).getStatusCode()).isEqualTo(200);
    assertThat(send(submission("T0TEAM")).getStatusCode()).isEqualTo(200);

    assertThat(ran).containsExactly("/deploy", "approve", "submit");
    assertThat(audited).isEmpty();
  }

  @Test
  void anEventFromTheHomeWorkspaceReachesItsListener() throws Exception {
    installedIn(null);

    assertThat(send(homeOpened("T0TEAM"), "application/json").getStatusCode()).isEqualTo(200);

    assertThat(ran).containsExactly("home");
    assertThat(audited).isEmpty();
  }

  @Test
  void anEventFromAnotherWorkspaceIsAcknowledgedSilentlyAndAudited() throws Exception {
    installedIn(null);

    Response ack = send(homeOpened("T0OTHER"), "application/json");

    assertThat(ack.getStatusCode()).isEqualTo(200);
    assertThat(ran).isEmpty();
    assertThat(audited).hasSize(1);
    assertThat(audited.get(0).actor().orElseThrow().id()).isEqualTo("U0MAL");
    assertThat(audited.get(0).detail())
        .containsEntry("command", "event app_home_opened")
        .containsEntry("team", "T0OTHER");
  }

  @Test
  void aCommandFromAnotherWorkspaceIsRefusedInItsAckAndAudited() throws Exception {
    installedIn(null);

    Response ack = send(command("T0OTHER", null));

    assertThat(ack.getStatusCode()).isEqualTo(200);
    assertThat(ack.getBody())
        .contains("\"response_type\":\"ephemeral\"")
        .contains(
            "Helmgate only takes requests from members of workspace T0TEAM; you are in T0OTHER.");
    assertThat(ran).isEmpty();
    assertThat(audited).hasSize(1);
    assertThat(audited.get(0).type()).isEqualTo(AuditEvent.Type.REFUSED);
    assertThat(audited.get(0).actor().orElseThrow().id()).isEqualTo("U0MAL");
    assertThat(audited.get(0).detail())
        .containsEntry("command", "/deploy")
        .containsEntry("rule", "home-workspace")
        .containsEntry("team", "T0OTHER");
  }

  @Test
  void aClickBySomeoneFromAnotherWorkspaceInASharedChannelIsRefusedAndAudited() throws Exception {
    installedIn(null);

    Response ack = send(click("T0TEAM", "T0GUEST", null));

    assertThat(ack.getStatusCode()).isEqualTo(200);
    assertThat(ran).isEmpty();
    assertThat(slackApi.answerTo("clk"))
        .contains("ephemeral")
        .contains("only takes requests from members of workspace T0TEAM; you are in T0GUEST");
    assertThat(audited).hasSize(1);
    assertThat(audited.get(0).detail())
        .containsEntry("command", "click helmgate-approve")
        .containsEntry("user-team", "T0GUEST");
  }

  @Test
  void aCommandAndAClickFromAnotherOrganisationAreRefused() throws Exception {
    installedIn("E0BANK");

    Response ack = send(command("T0TEAM", "E0OTHER"));
    send(click("T0TEAM", "T0TEAM", "E0OTHER"));

    assertThat(ack.getBody())
        .contains(
            "Helmgate only takes requests from members of organisation E0BANK; you are in"
                + " organisation E0OTHER.");
    assertThat(slackApi.answerTo("clk")).contains("organisation E0OTHER");
    assertThat(ran).isEmpty();
    assertThat(audited).extracting(e -> e.detail().get("enterprise")).containsOnly("E0OTHER");
    assertThat(audited).hasSize(2);
  }

  @Test
  void theHomeOrganisationsOwnRequestsPass() throws Exception {
    installedIn("E0BANK");

    send(command("T0TEAM", "E0BANK"));
    send(click("T0TEAM", "T0TEAM", "E0BANK"));

    assertThat(ran).containsExactly("/deploy", "approve");
  }

  @Test
  void aModalSubmittedBySomeoneFromAnotherWorkspaceIsAnsweredInTheModal() throws Exception {
    installedIn(null);

    Response ack = send(submission("T0GUEST"));

    assertThat(ack.getBody())
        .contains("\"response_action\":\"update\"")
        .contains("you are in T0GUEST");
    assertThat(ran).isEmpty();
    assertThat(audited).hasSize(1);
  }

  @Test
  void aPayloadThatNamesNoUserIsMalformedAndLeavesNoTrace() throws Exception {
    installedIn(null);

    Response answer =
        send(
            "payload="
                + URLEncoder.encode(
                    "{\"type\":\"block_actions\",\"user\":{},\"actions\":[{\"action_id\":\"helmgate-approve\"}]}",
                    StandardCharsets.UTF_8));

    assertThat(answer.getStatusCode()).isEqualTo(400);
    assertThat(ran).isEmpty();
    assertThat(audited).isEmpty();
  }

  @Test
  void untilAuthTestNamesTheWorkspaceEveryoneIsRefusedWhileItIsAskedAgain() throws Exception {
    slackApi
        .server()
        .stubFor(
            post(urlEqualTo("/api/auth.test"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(slackApi.apiUrl());
    HomeWorkspaceGuard guard =
        new HomeWorkspaceGuard(
            Slack.getInstance(slackConfig).methods("xoxb-fake"),
            new Admission(new Trail(), clock),
            new Renderer(ZoneId.of("Europe/Zurich"), Redaction.defaults(), Optional.empty()),
            Runnable::run,
            Duration.ofMillis(50));
    var request =
        new com.slack.api.bolt.request.builtin.SlashCommandRequest(
            new SignedSlack(0, SECRET, slackApi.baseUrl())
                .commandBody("U0ALICE", "alice", "/deploy", "help", "cmd"),
            new com.slack.api.bolt.request.RequestHeaders(Map.of()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                slackApi.server().findAll(postRequestedFor(urlEqualTo("/api/auth.test"))).size()
                    >= 2);

    Response refused = guard.apply(request, Response.ok(), req -> Response.ok("ran"));

    assertThat(refused.getBody()).contains("cannot tell which Slack workspace");
    assertThat(audited).hasSize(1);

    slackApi.stub();
    await().atMost(Duration.ofSeconds(10)).until(guard::knowsHome);
    Response admitted = guard.apply(request, Response.ok(), req -> Response.ok("ran"));
    assertThat(admitted.getBody()).isEqualTo("ran");
  }

  @Test
  void aRequestIsRefusedAtOnceWhileAuthTestIsSlowNeverWaitingForIt() throws Exception {
    slackApi
        .server()
        .stubFor(
            post(urlEqualTo("/api/auth.test"))
                .willReturn(
                    okJson("{\"ok\":true,\"team_id\":\"T0TEAM\",\"user_id\":\"U0BOT\"}")
                        .withFixedDelay(6_000)));
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(slackApi.apiUrl());
    HomeWorkspaceGuard guard =
        new HomeWorkspaceGuard(
            Slack.getInstance(slackConfig).methods("xoxb-fake"),
            new Admission(new Trail(), clock),
            new Renderer(ZoneId.of("Europe/Zurich"), Redaction.defaults(), Optional.empty()),
            Runnable::run);
    var request =
        new com.slack.api.bolt.request.builtin.SlashCommandRequest(
            new SignedSlack(0, SECRET, slackApi.baseUrl())
                .commandBody("U0ALICE", "alice", "/deploy", "help", "cmd"),
            new com.slack.api.bolt.request.RequestHeaders(Map.of()));

    // Slack waits three seconds for the acknowledgement; this one must not wait for auth.test.
    Response refused =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return guard.apply(request, Response.ok(), req -> Response.ok("ran"));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .get(2, TimeUnit.SECONDS);

    assertThat(refused.getBody()).contains("cannot tell which Slack workspace");
    await().atMost(Duration.ofSeconds(15)).until(guard::knowsHome);
    assertThat(guard.apply(request, Response.ok(), req -> Response.ok("ran")).getBody())
        .isEqualTo("ran");
  }

  @Test
  void whenTheRefusalCannotBeAuditedTheRequestIsStillRefused() throws Exception {
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(slackApi.apiUrl());
    AuditTrail broken =
        new Trail() {
          @Override
          public void append(List<AuditEvent> events) {
            throw new IllegalStateException("database down");
          }
        };
    HomeWorkspaceGuard guard =
        new HomeWorkspaceGuard(
            Slack.getInstance(slackConfig).methods("xoxb-fake"),
            new Admission(broken, clock),
            new Renderer(ZoneId.of("Europe/Zurich"), Redaction.defaults(), Optional.empty()),
            Runnable::run);
    await().atMost(Duration.ofSeconds(10)).until(guard::knowsHome);
    var request =
        new com.slack.api.bolt.request.builtin.SlashCommandRequest(
            new SignedSlack(0, SECRET, slackApi.baseUrl())
                .commandBody("U0MAL", "mallory", "/deploy", "help", "cmd")
                .replace("team_id=T0TEAM", "team_id=T0OTHER"),
            new com.slack.api.bolt.request.RequestHeaders(Map.of()));

    Response refused = guard.apply(request, Response.ok(), req -> Response.ok("ran"));

    assertThat(refused.getBody()).contains("you are in T0OTHER");
  }

  /** The audit trail, as far as the guard uses it. */
  class Trail implements AuditTrail {
    @Override
    public void append(List<AuditEvent> events) {
      audited.addAll(events);
    }

    @Override
    public List<AuditEntry> entries(Query query) {
      return new ArrayList<>();
    }

    @Override
    public Verification verify() {
      return new Verification(0, Optional.empty(), "intact");
    }
  }
}
