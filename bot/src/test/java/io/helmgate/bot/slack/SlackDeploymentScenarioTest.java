package io.helmgate.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.helmgate.bot.testsupport.SeededRemote;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.bot.testsupport.SlackWebApi;
import io.helmgate.bot.testsupport.argocd.ArgoCdStandIn;
import io.helmgate.bot.testsupport.argocd.ValuesApps;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The deployment sequence of DESIGN.md through the real Bolt app, fed signed HTTP requests, with a
 * real git remote, WireMock standing in for the Slack Web API and the stateful Argo CD stand-in
 * (whose repository is that remote) for ArgoCD.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlackDeploymentScenarioTest {

  static final String SECRET = "test-signing-secret";
  static final SlackWebApi slackApi = new SlackWebApi();
  static final WireMockServer slack = slackApi.server();
  static final ArgoCdStandIn argo = ArgoCdStandIn.start();
  static Path work;
  static Path remote;
  static ValuesApps apps;
  static final AtomicInteger ts = new AtomicInteger(100);

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired RequestStore requests;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    slackApi.start();
    work = Files.createDirectories(Path.of("target/slack-scenario", UUID.randomUUID().toString()));
    remote = SeededRemote.create(work.resolve("values.git"), Path.of("../config/example-values"));
    apps = ValuesApps.over(argo, remote, "payments");
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:slack-scenario;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    registry.add("helmgate.slack.signing-secret", () -> SECRET);
    registry.add("helmgate.slack.bot-token", () -> "xoxb-fake");
    registry.add("helmgate.slack.api-url", () -> slack.baseUrl() + "/api/");
    // Where prod's requests are approved, whichever channel they are typed in. (The Roll back
    // button works without it too: RollBackButtonTest.)
    registry.add("helmgate.slack.approval-channels.prod", () -> "C0APPROVALS");
    registry.add("helmgate.git.url", () -> ValuesApps.url(remote));
    registry.add("helmgate.git.workdir", () -> work.resolve("clone").toString());
    registry.add("helmgate.git.fetch-interval", () -> "0s");
    registry.add("helmgate.argocd.url", argo::url);
    registry.add("helmgate.argocd.token", argo::token);
    registry.add("helmgate.argocd.project", () -> "payments");
    registry.add("helmgate.argocd.poll-interval", () -> "100ms");
  }

  @AfterAll
  static void stop() {
    slackApi.stop();
    argo.close();
  }

  SignedSlack signed() {
    return new SignedSlack(port, SECRET, slack.baseUrl());
  }

  /** What Helmgate answered through one response_url, decoded. */
  String answerTo(String tag) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !slackApi.answersTo(tag).isEmpty());
    return slackApi.answersTo(tag).get(0);
  }

  /** The Application of {@code target} (e.g. "acme/payments prod") is deployed at head. */
  static void argoSyncsThroughToHealthy(String target) {
    apps.app(target);
  }

  static String fileAtHead(String path) throws IOException {
    return SeededRemote.fileAtHead(remote, path);
  }

  static RevCommit headCommit() throws IOException {
    return SeededRemote.head(remote);
  }

  static RequestId postedRequestId() {
    List<LoggedRequest> posts =
        slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")));
    for (int i = posts.size() - 1; i >= 0; i--) {
      Matcher m =
          Pattern.compile("R-(\\d+)")
              .matcher(URLDecoder.decode(posts.get(i).getBodyAsString(), StandardCharsets.UTF_8));
      if (m.find()) {
        return new RequestId(Long.parseLong(m.group(1)));
      }
    }
    throw new AssertionError("no request message was posted");
  }

  Request awaitState(RequestId id, RequestState state) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> requests.find(id).map(Request::state).orElse(null) == state);
    return requests.find(id).orElseThrow();
  }

  static RequestId prodRequest;
  static String baseCommit;

  @Test
  @Order(1)
  void developerDeployIsRefusedPolitelyAndExactly() throws Exception {
    HttpResponse<String> ack =
        signed()
            .command(
                "U0DAVE",
                "dave",
                "/deploy",
                "acme/payments prod from=staging reason=\"CHG-1\"",
                "dave-1");

    assertThat(ack.statusCode()).isEqualTo(200);
    String answer = answerTo("dave-1");
    assertThat(answer).contains("ephemeral").containsIgnoringCase("not allowed");
    assertThat(requests.findByState(List.of(RequestState.values()))).isEmpty();
  }

  @Test
  @Order(2)
  void opsRequestsProductionDeployAndTheApprovalMessageShowsTheDiff() throws Exception {
    baseCommit = headCommit().getName();
    signed()
        .command(
            "U0ALICE",
            "alice",
            "/deploy",
            "acme/payments prod from=staging reason=\"CHG-1234 monthly release\"",
            "alice-1");

    answerTo("alice-1");
    prodRequest = postedRequestId();
    Request request = requests.find(prodRequest).orElseThrow();
    assertThat(request.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    String message =
        URLDecoder.decode(
            slack
                .findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")))
                .get(0)
                .getBodyAsString(),
            StandardCharsets.UTF_8);
    assertThat(message)
        .contains("image.tag")
        .contains("1.4.1")
        .contains(request.change().changes().get(0).newValue())
        .contains("helmgate-approve");
    assertThat(message)
        .as("typed in C0OPS, posted where prod is approved")
        .contains("channel=C0APPROVALS");
  }

  @Test
  @Order(3)
  void theRequestersOwnApproveIsRefused() throws Exception {
    signed().click("U0ALICE", "alice", "helmgate-approve", prodRequest.toString(), "alice-approve");

    assertThat(answerTo("alice-approve")).contains("four-eyes");
    assertThat(requests.find(prodRequest).orElseThrow().state())
        .isEqualTo(RequestState.PENDING_APPROVAL);
  }

  @Test
  @Order(4)
  void aDevelopersApproveIsRefused() throws Exception {
    signed().click("U0DAVE", "dave", "helmgate-approve", prodRequest.toString(), "dave-approve");

    assertThat(answerTo("dave-approve")).containsIgnoringCase("not allowed");
    assertThat(requests.find(prodRequest).orElseThrow().state())
        .isEqualTo(RequestState.PENDING_APPROVAL);
  }

  @Test
  @Order(5)
  void aSecondOpsApprovesThenTheCommitLandsWithTrailersAndArgoCdEndsHealthy() throws Exception {
    argoSyncsThroughToHealthy("acme/payments prod");
    ch.qos.logback.classic.Logger argoLog =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("io.helmgate.bot.argocd.ArgoCdDeployer");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    argoLog.addAppender(logs);

    signed().click("U0BOB", "bob", "helmgate-approve", prodRequest.toString(), "bob-approve");

    Request done = awaitState(prodRequest, RequestState.SUCCEEDED);
    argoLog.detachAppender(logs);
    // the execution runs on the work pool, after the click was answered; its lines name it
    assertThat(logs.list)
        .filteredOn(e -> e.getFormattedMessage().startsWith("ArgoCD sync of"))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.getMDCPropertyMap())
                    .containsEntry("requestId", prodRequest.toString()));
    RevCommit commit = headCommit();
    assertThat(done.commitId()).contains(commit.getName());
    assertThat(commit.getFullMessage())
        .startsWith("deploy acme/payments prod: image.tag 1.4.1 → ")
        .contains("Requested-by: alice U0ALICE")
        .contains("Approved-by: bob U0BOB")
        .contains("Helmgate-Request: " + prodRequest)
        .contains("\n\nReason: CHG-1234 monthly release\n\n")
        .endsWith("Helmgate-Reason: CHG-1234 monthly release\nTicket: CHG-1234\n");
    assertThat(fileAtHead("acme/payments/prod/values.yaml"))
        .contains("tag: " + done.change().changes().get(0).newValue());
    assertThat(argo.app("acme-payments-prod").operations())
        .anyMatch(
            op ->
                op.marker().filter(prodRequest.toString()::equals).isPresent()
                    && op.revisions().contains(commit.getName()));
    List<String> updates =
        slack.findAll(postRequestedFor(urlEqualTo("/api/chat.update"))).stream()
            .map(r -> URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8))
            .toList();
    assertThat(updates).isNotEmpty();
    assertThat(updates.get(updates.size() - 1)).doesNotContain("helmgate-approve");
  }

  @Test
  @Order(6)
  void doubleClickAfterApprovalNeverApprovesTwice() throws Exception {
    String before = headCommit().getName();

    signed().click("U0BOB", "bob", "helmgate-approve", prodRequest.toString(), "bob-again");

    answerTo("bob-again");
    assertThat(headCommit().getName()).isEqualTo(before);
    assertThat(requests.find(prodRequest).orElseThrow().approvedBy()).hasSize(1);
  }

  @Test
  @Order(7)
  void rollbackWithoutToUndoesTheLatestChangeAfterTheSameApprovals() throws Exception {
    String before = fileAtHead("acme/payments/prod/values.yaml");
    String deployed = headCommit().getName();
    int posts = slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).size();
    signed()
        .command(
            "U0ALICE",
            "alice",
            "/rollback",
            "acme/payments prod reason=\"INC-7 errors\"",
            "alice-rb");
    answerTo("alice-rb");
    RequestId rollback = postedRequestId();
    assertThat(rollback).isNotEqualTo(prodRequest);
    String message =
        URLDecoder.decode(
            slack
                .findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")))
                .get(posts)
                .getBodyAsString(),
            StandardCharsets.UTF_8);
    assertThat(message)
        .contains("undoes `" + deployed.substring(0, 7) + "`")
        .contains("deploy acme/payments prod: image.tag 1.4.1")
        .contains("alice U0ALICE")
        .contains("restores `" + baseCommit.substring(0, 7) + "`")
        .contains("helmgate-approve");
    signed().click("U0ALICE", "alice", "helmgate-approve", rollback.toString(), "alice-rb-self");
    assertThat(answerTo("alice-rb-self")).contains("four-eyes");
    argoSyncsThroughToHealthy("acme/payments prod");

    signed().click("U0BOB", "bob", "helmgate-approve", rollback.toString(), "bob-rb");

    awaitState(rollback, RequestState.SUCCEEDED);
    assertThat(fileAtHead("acme/payments/prod/values.yaml"))
        .isNotEqualTo(before)
        .contains("tag: 1.4.1");
    assertThat(headCommit().getFullMessage())
        .startsWith(
            "rollback acme/payments prod to "
                + baseCommit.substring(0, 7)
                + " (undoes "
                + deployed.substring(0, 7)
                + ")")
        .contains("Helmgate-Reason: INC-7 errors\nTicket: INC-7");
    assertThat(headCommit().getParent(0).getName()).isEqualTo(deployed);
  }

  @Test
  @Order(8)
  void forgedSignatureStaleTimestampAndReplayAreRefusedWithoutSideEffects() throws Exception {
    int posts = slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).size();
    String body =
        SignedSlack.encode(
            java.util.Map.of(
                "command",
                "/deploy",
                "text",
                "acme/payments dev image.tag=9.9.9",
                "user_id",
                "U0ALICE",
                "user_name",
                "alice",
                "channel_id",
                "C0OPS",
                "team_id",
                "T0TEAM",
                "response_url",
                slack.baseUrl() + "/respond/forged",
                "trigger_id",
                "1.2.3"));
    long now = Instant.now().getEpochSecond();

    assertThat(signed().sendSigned(body, now, "v0=" + "0".repeat(64)).statusCode()).isEqualTo(401);
    assertThat(signed().sendSigned(body, now, null).statusCode()).isEqualTo(401);
    assertThat(signed().send(body, now - 600).statusCode()).isEqualTo(401);
    String signature = signed().signature(body, now);
    assertThat(signed().sendSigned(body, now, signature).statusCode()).isEqualTo(200);
    assertThat(signed().sendSigned(body, now, signature).statusCode()).isEqualTo(401);

    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(30))
        .until(() -> !slack.findAll(postRequestedFor(urlEqualTo("/respond/forged"))).isEmpty());
    assertThat(slack.findAll(postRequestedFor(urlEqualTo("/respond/forged")))).hasSize(1);
    assertThat(slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).size())
        .isGreaterThanOrEqualTo(posts);
  }

  @Test
  @Order(9)
  void malformedPayloadIsRefused() throws Exception {
    HttpResponse<String> response =
        signed().send("payload=%7Bnot-json", Instant.now().getEpochSecond());

    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(Optional.ofNullable(response.body())).isPresent();
  }

  @Autowired io.helmgate.domain.port.AuditTrail audit;

  @Test
  @Order(10)
  void theAuditTrailHoldsTheWholeSequenceInOrderAndVerifies() {
    List<io.helmgate.domain.request.AuditEvent.Type> types =
        audit.entries(io.helmgate.domain.port.AuditTrail.Query.request(prodRequest)).stream()
            .map(e -> e.event().type())
            .toList();

    assertThat(types)
        .containsSubsequence(
            io.helmgate.domain.request.AuditEvent.Type.REQUESTED,
            io.helmgate.domain.request.AuditEvent.Type.DECIDED,
            io.helmgate.domain.request.AuditEvent.Type.REFUSED,
            io.helmgate.domain.request.AuditEvent.Type.REFUSED,
            io.helmgate.domain.request.AuditEvent.Type.APPROVED,
            io.helmgate.domain.request.AuditEvent.Type.TRANSITION,
            // issue 16: each step before the commit is recorded as a STEP (no COMMITTING)
            io.helmgate.domain.request.AuditEvent.Type.STEP,
            io.helmgate.domain.request.AuditEvent.Type.COMMITTED,
            io.helmgate.domain.request.AuditEvent.Type.SYNC_STARTED,
            io.helmgate.domain.request.AuditEvent.Type.SYNC_FINISHED);
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  @Order(11)
  void auditExportAndEvidencePackReachTheAskerAsFiles() throws Exception {
    signed().command("U0ALICE", "alice", "/deploy", "audit acme/payments prod", "alice-audit");
    assertThat(answerTo("alice-audit")).contains("ephemeral");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> slack.findAll(postRequestedFor(urlPathMatching("/upload/.*"))).size() >= 2);

    signed().command("U0ALICE", "alice", "/deploy", "evidence " + prodRequest, "alice-evidence");
    answerTo("alice-evidence");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> slack.findAll(postRequestedFor(urlPathMatching("/upload/.*"))).size() >= 3);

    List<String> uploads =
        slack.findAll(postRequestedFor(urlPathMatching("/upload/.*"))).stream()
            .map(LoggedRequest::getBodyAsString)
            .toList();
    assertThat(uploads.get(0))
        .startsWith("seq,occurred_at,request_id")
        .contains("REQUESTED")
        .contains("APPROVED");
    assertThat(uploads.get(2)).contains("helmgate-evidence/1").contains(prodRequest.toString());
  }

  @Test
  @Order(12)
  void aDeveloperCannotReadTheAuditTrail() throws Exception {
    signed().command("U0DAVE", "dave", "/deploy", "audit acme/payments", "dave-audit");

    assertThat(answerTo("dave-audit")).containsIgnoringCase("not allowed");
  }

  @Test
  @Order(13)
  void prometheusShowsWhatHappened() throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://localhost:" + managementPort + "/actuator/prometheus"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.body())
        .contains("helmgate_commands_total{name=\"deploy\",outcome=\"denied\"")
        .contains("helmgate_commands_total{name=\"deploy\",outcome=\"requestopened\"")
        .contains("helmgate_approval_wait_seconds")
        .contains(
            "helmgate_execution_duration_seconds_count{outcome=\"committed\",phase=\"commit\"")
        .contains("helmgate_execution_duration_seconds_count{outcome=\"succeeded\",phase=\"sync\"")
        .contains("helmgate_git_push_retries_total")
        .contains("helmgate_schedule_pending");
  }

  @Test
  @Order(14)
  void theRollBackButtonAsksForAReasonThenRequestsTheRollbackLikeTheCommand() throws Exception {
    String deployed = requests.find(prodRequest).orElseThrow().commitId().orElseThrow();
    String value = "acme/payments prod " + deployed;
    signed().command("U0ALICE", "alice", "/rollback", "acme/payments prod history", "alice-hist");
    assertThat(answerTo("alice-hist")).contains("helmgate-rollback-to").contains(deployed);
    int modals = slack.findAll(postRequestedFor(urlEqualTo("/api/views.open"))).size();

    signed().click("U0ALICE", "alice", "helmgate-rollback-to", value, "alice-rb-button");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> slack.findAll(postRequestedFor(urlEqualTo("/api/views.open"))).size() > modals);
    assertThat(
            URLDecoder.decode(
                slack
                    .findAll(postRequestedFor(urlEqualTo("/api/views.open")))
                    .get(modals)
                    .getBodyAsString(),
                StandardCharsets.UTF_8))
        .contains("helmgate-rollback-modal");

    HttpResponse<String> ack =
        signed()
            .submit(
                "U0ALICE",
                "alice",
                "helmgate-rollback-modal",
                value,
                "helmgate-rollback-reason",
                "INC-8 back to the release");
    assertThat(ack.statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                requests.findByState(List.of(RequestState.PENDING_APPROVAL)).stream()
                    .anyMatch(r -> r.restoreFrom().equals(Optional.of(deployed))));
    Request rollback =
        requests.findByState(List.of(RequestState.PENDING_APPROVAL)).stream()
            .filter(r -> r.restoreFrom().equals(Optional.of(deployed)))
            .findFirst()
            .orElseThrow();
    assertThat(rollback.requester().id()).isEqualTo("U0ALICE");
    assertThat(rollback.reason()).contains("INC-8 back to the release");
  }

  @Test
  @Order(15)
  void aClickFromAnotherWorkspaceAndACommandFromAnotherOrganisationAreRefusedAndAudited()
      throws Exception {
    RequestId pending = requests.findByState(List.of(RequestState.PENDING_APPROVAL)).get(0).id();
    String guestClick =
        signed()
            .clickPayload("U0BOB", "bob", "helmgate-approve", pending.toString(), "guest-approve")
            .replace("\"team_id\":\"T0TEAM\"", "\"team_id\":\"T0GUEST\"");
    signed()
        .send(
            "payload=" + java.net.URLEncoder.encode(guestClick, StandardCharsets.UTF_8),
            Instant.now().getEpochSecond());

    assertThat(answerTo("guest-approve"))
        .contains("only takes requests from members of workspace T0TEAM; you are in T0GUEST");
    assertThat(requests.find(pending).orElseThrow().state())
        .isEqualTo(RequestState.PENDING_APPROVAL);

    String otherOrg =
        signed().commandBody("U0ALICE", "alice", "/deploy", "pending", "other-org")
            + "&enterprise_id=E0OTHER";
    HttpResponse<String> ack = signed().send(otherOrg, Instant.now().getEpochSecond());

    assertThat(ack.body()).contains("you are in organisation E0OTHER");
    assertThat(
            audit.entries(io.helmgate.domain.port.AuditTrail.Query.all()).stream()
                .map(e -> e.event())
                .filter(e -> e.type() == io.helmgate.domain.request.AuditEvent.Type.REFUSED)
                .filter(e -> "home-workspace".equals(e.detail().get("rule")))
                .map(e -> e.detail().get("command")))
        .containsExactly("click helmgate-approve", "/deploy");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  @Order(16)
  void aValueTooLongForTheMessageIsPostedInFullInItsThread() throws Exception {
    String tag = "1.5.0-" + "a".repeat(100);
    int posts = slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).size();
    signed()
        .command(
            "U0ALICE",
            "alice",
            "/deploy",
            "acme/payments prod image.tag=" + tag + " reason=\"CHG-9 long tag\"",
            "alice-long");
    answerTo("alice-long");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).stream()
                    .skip(posts)
                    .map(p -> URLDecoder.decode(p.getBodyAsString(), StandardCharsets.UTF_8))
                    .anyMatch(b -> b.contains("Full diff of") && b.contains("thread_ts")));
    List<String> bodies =
        slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).stream()
            .skip(posts)
            .map(p -> URLDecoder.decode(p.getBodyAsString(), StandardCharsets.UTF_8))
            .toList();
    assertThat(
            bodies.stream().filter(b -> b.contains("Cut to fit: the full diff is in this message")))
        .hasSize(1)
        .allMatch(b -> !b.contains(tag));
    assertThat(bodies.stream().filter(b -> b.contains("Full diff of")))
        .hasSize(1)
        .allMatch(b -> b.contains(tag));
  }
}
