package io.helmgate.bot.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.bot.testsupport.SeededRemote;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.bot.testsupport.SlackWebApi;
import io.helmgate.bot.testsupport.argocd.ArgoCdStandIn;
import io.helmgate.bot.testsupport.argocd.ValuesApps;
import io.helmgate.bot.testsupport.forge.GitHubStandIn;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pull-request mode through the running bot: signed Slack requests, a real bare values remote that
 * the bot pushes its branches to and that stands behind the GitHub stand-in (whose merges are real
 * merges in it), and the Argo CD stand-in syncing that remote. Prod is in {@code change-mode:
 * pull-request}; branch protection requires {@code helmgate/policy}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PullRequestScenarioTest {

  static final String SECRET = "test-signing-secret";
  static final String WEBHOOK_SECRET = "test-webhook-secret";
  static final SlackWebApi slackApi = new SlackWebApi();
  static final ArgoCdStandIn argo = ArgoCdStandIn.start();
  static Path remote;
  static GitHubStandIn github;
  static ValuesApps apps;

  @LocalServerPort int port;
  @Autowired RequestStore requests;
  @Autowired AuditTrail audit;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    slackApi.start();
    Path work =
        Files.createDirectories(Path.of("target/pr-scenario", UUID.randomUUID().toString()));
    remote = SeededRemote.create(work.resolve("values.git"), Path.of("../config/example-values"));
    github = GitHubStandIn.start(remote);
    apps = ValuesApps.over(argo, remote, "payments");
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:pr-scenario;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    registry.add("helmgate.slack.signing-secret", () -> SECRET);
    registry.add("helmgate.slack.bot-token", () -> "xoxb-fake");
    registry.add("helmgate.slack.api-url", slackApi::apiUrl);
    registry.add("helmgate.git.url", () -> ValuesApps.url(remote));
    registry.add("helmgate.git.workdir", () -> work.resolve("clone").toString());
    registry.add("helmgate.git.fetch-interval", () -> "0s");
    registry.add("helmgate.argocd.url", argo::url);
    registry.add("helmgate.argocd.token", argo::token);
    registry.add("helmgate.argocd.project", () -> "payments");
    registry.add("helmgate.argocd.poll-interval", () -> "100ms");
    registry.add("helmgate.policy.environments.prod.change-mode", () -> "pull-request");
    registry.add("helmgate.forge.type", () -> "github");
    registry.add("helmgate.forge.base-url", github::baseUrl);
    registry.add("helmgate.forge.repository", github::repository);
    registry.add("helmgate.forge.token", github::token);
    registry.add("helmgate.forge.webhook-secret", () -> WEBHOOK_SECRET);
    registry.add("helmgate.forge.poll-interval", () -> "10s");
    registry.add("helmgate.forge.users.alice-gh", () -> "U0ALICE");
    registry.add("helmgate.forge.users.bob-gh", () -> "U0BOB");
  }

  @AfterAll
  static void stop() {
    slackApi.stop();
    argo.close();
    github.close();
  }

  SignedSlack signed() {
    return new SignedSlack(port, SECRET, slackApi.baseUrl());
  }

  URI webhook() {
    return URI.create("http://localhost:" + port + "/forge/github/webhook");
  }

  Request awaitState(RequestId id, RequestState state, Duration within) {
    await().atMost(within).until(() -> requests.find(id).map(Request::state).orElse(null) == state);
    return requests.find(id).orElseThrow();
  }

  static final java.util.concurrent.atomic.AtomicInteger patch =
      new java.util.concurrent.atomic.AtomicInteger(10);

  /** Alice asks for prod; answers the request once its pull request is open. */
  RequestId requestProd(String tag) throws Exception {
    return requestProd(
        tag,
        "acme/payments prod image.tag=1.5." + patch.incrementAndGet() + " reason=\"CHG-77 fix\"");
  }

  RequestId requestProd(String tag, String text) throws Exception {
    long before = newestRequest();
    signed().command("U0ALICE", "alice", "/deploy", text, tag);
    slackApi.answerTo(tag);
    await().atMost(Duration.ofSeconds(30)).until(() -> newestRequest() > before);
    RequestId id = new RequestId(newestRequest());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> github.pullRequestFor("helmgate/" + id).isPresent());
    return id;
  }

  long newestRequest() {
    return requests.findByState(List.of(RequestState.values())).stream()
        .mapToLong(r -> r.id().number())
        .max()
        .orElse(0);
  }

  static RequestId first;

  @Test
  @Order(1)
  void aProdRequestOpensItsPullRequestPendingOnThePolicy() throws Exception {
    first =
        requestProd(
            "alice-1", "acme/payments prod from=staging reason=\"CHG-1234 monthly release\"");

    GitHubStandIn.Pull pr = github.pullRequestFor("helmgate/" + first).orElseThrow();
    assertThat(pr.state()).isEqualTo("open");
    assertThat(pr.baseRef()).isEqualTo("main");
    assertThat(pr.title()).startsWith(first + ": deploy acme/payments prod");
    assertThat(pr.body()).contains("image.tag").contains("CHG-1234 monthly release");
    assertThat(github.statuses(pr.headSha()))
        .extracting(GitHubStandIn.StatusSet::context, GitHubStandIn.StatusSet::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("helmgate/policy", "pending"));
    // The values branch itself is untouched until the forge merges.
    assertThat(SeededRemote.head(remote).getFullMessage()).doesNotContain(first.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                slackApi.threadLines(first).stream()
                    .anyMatch(l -> l.contains("/pull/" + pr.number())));
  }

  @Test
  @Order(2)
  void theRequestersOwnClickIsRefusedAndTheForgeStillRefusesTheMerge() throws Exception {
    signed().click("U0ALICE", "alice", "helmgate-approve", first.toString(), "alice-approve");

    assertThat(slackApi.answerTo("alice-approve")).contains("four-eyes");
    assertThat(requests.find(first).orElseThrow().state()).isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(github.merges()).isEmpty();
  }

  @Test
  @Order(3)
  void aSecondOpsApprovesInSlackThenHelmgateMergesAndSyncsTheMergeCommit() throws Exception {
    apps.app("acme/payments prod");
    GitHubStandIn.Pull opened = github.pullRequestFor("helmgate/" + first).orElseThrow();

    signed().click("U0BOB", "bob", "helmgate-approve", first.toString(), "bob-approve");

    Request done = awaitState(first, RequestState.SUCCEEDED, Duration.ofSeconds(60));
    RevCommit head = SeededRemote.head(remote);
    assertThat(head.getParentCount()).isEqualTo(2);
    assertThat(head.getParent(1).getName()).isEqualTo(opened.headSha());
    assertThat(done.commitId()).contains(head.getName());
    assertThat(github.merges())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.headSha()).isEqualTo(opened.headSha());
              assertThat(m.mergeCommitSha()).isEqualTo(head.getName());
            });
    assertThat(github.statuses(opened.headSha()))
        .extracting(GitHubStandIn.StatusSet::state)
        .containsExactly("pending", "success");
    assertThat(github.pullRequests()).hasSize(1);
    assertThat(github.comments(opened.number()))
        .anySatisfy(c -> assertThat(c.body()).contains("approved by bob (U0BOB) in Slack at"));
    assertThat(argo.app("acme-payments-prod").operations())
        .anyMatch(
            op ->
                op.marker().filter(first.toString()::equals).isPresent()
                    && op.revisions().contains(head.getName()));
    assertThat(slackApi.threadLines(first))
        .anySatisfy(l -> assertThat(l).contains("Merged pull request #" + opened.number()));
    assertThat(
            audit.entries(AuditTrail.Query.request(first)).stream()
                .map(e -> e.event().type())
                .toList())
        .containsSubsequence(
            AuditEvent.Type.REQUESTED,
            AuditEvent.Type.PULL_REQUEST,
            AuditEvent.Type.REFUSED,
            AuditEvent.Type.APPROVED,
            AuditEvent.Type.COMMITTED,
            AuditEvent.Type.SYNC_FINISHED);
  }

  @Test
  @Order(4)
  void aForgedWebhookIsRefusedAndChangesNothing() throws Exception {
    RequestId id = requestProd("alice-forged");
    GitHubStandIn.Pull pr = github.pullRequestFor("helmgate/" + id).orElseThrow();

    int status =
        github.deliverWebhook(
            webhook(),
            "not-the-secret",
            "pull_request",
            github.pullRequestEvent(pr.number(), "opened"));

    assertThat(status).isEqualTo(401);
    assertThat(requests.find(id).orElseThrow().state()).isEqualTo(RequestState.PENDING_APPROVAL);
    github.closeByPerson(pr.number());
    int delivered =
        github.deliverWebhook(
            webhook(),
            WEBHOOK_SECRET,
            "pull_request",
            github.pullRequestEvent(pr.number(), "closed"));
    assertThat(delivered).isBetween(200, 299);
    Request cancelled = awaitState(id, RequestState.CANCELLED, Duration.ofSeconds(5));
    assertThat(cancelled.outcome())
        .get()
        .asString()
        .contains("closed on the forge without merging");
  }

  @Test
  @Order(5)
  void aLostWebhookDelaysButThePollCatchesUp() throws Exception {
    RequestId id = requestProd("alice-lost");
    GitHubStandIn.Pull pr = github.pullRequestFor("helmgate/" + id).orElseThrow();

    github.closeByPerson(pr.number()); // and no delivery

    awaitState(id, RequestState.CANCELLED, Duration.ofSeconds(30));
  }

  @Test
  @Order(6)
  void aValuesBranchThatMovedElsewhereIsRebasedThenMerged() throws Exception {
    RequestId id = requestProd("alice-moved");
    GitHubStandIn.Pull opened = github.pullRequestFor("helmgate/" + id).orElseThrow();
    String elsewhere = github.pushToBaseBranch("acme/payments/dev/NOTES.md", "not a values file\n");
    apps.app("acme/payments prod");

    signed().click("U0BOB", "bob", "helmgate-approve", id.toString(), "bob-moved");

    Request done = awaitState(id, RequestState.SUCCEEDED, Duration.ofSeconds(60));
    GitHubStandIn.Pull merged = github.pullRequest(opened.number());
    assertThat(merged.headSha()).isNotEqualTo(opened.headSha());
    RevCommit head = SeededRemote.head(remote);
    assertThat(done.commitId()).contains(head.getName());
    assertThat(SeededRemote.fileAtHead(remote, "acme/payments/dev/NOTES.md"))
        .isEqualTo("not a values file\n");
    assertThat(elsewhere).isNotBlank();
    assertThat(github.statuses(merged.headSha()))
        .extracting(GitHubStandIn.StatusSet::state)
        .endsWith("success");
  }

  @Test
  @Order(7)
  void aRequestCancelledInSlackClosesThePullRequestWithTheCheckFailed() throws Exception {
    RequestId id = requestProd("alice-cancelled");
    GitHubStandIn.Pull pr = github.pullRequestFor("helmgate/" + id).orElseThrow();

    signed().command("U0ALICE", "alice", "/deploy", "cancel " + id, "alice-cancel");
    assertThat(slackApi.answerTo("alice-cancel")).contains("cancelled");

    awaitState(id, RequestState.CANCELLED, Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> github.pullRequest(pr.number()).state().equals("closed"));
    assertThat(github.statuses(pr.headSha()))
        .extracting(GitHubStandIn.StatusSet::state)
        .endsWith("failure");
    assertThat(github.pullRequest(pr.number()).merged()).isFalse();
  }

  @Test
  @Order(8)
  void aReviewByAMappedOpsMemberApprovesWhileTheRequestersOwnReviewDoesNot() throws Exception {
    RequestId id = requestProd("alice-review");
    GitHubStandIn.Pull pr = github.pullRequestFor("helmgate/" + id).orElseThrow();
    apps.app("acme/payments prod");

    GitHubStandIn.SubmittedReview own = github.review(pr.number(), "alice-gh", "APPROVED");
    github.deliverWebhook(
        webhook(),
        WEBHOOK_SECRET,
        "pull_request_review",
        github.pullRequestReviewEvent(pr.number(), own.id()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                github.comments(pr.number()).stream()
                    .anyMatch(
                        c -> c.body().contains("alice-gh") && c.body().contains("not count")));
    assertThat(requests.find(id).orElseThrow().state()).isEqualTo(RequestState.PENDING_APPROVAL);

    GitHubStandIn.SubmittedReview bobs = github.review(pr.number(), "bob-gh", "APPROVED");
    github.deliverWebhook(
        webhook(),
        WEBHOOK_SECRET,
        "pull_request_review",
        github.pullRequestReviewEvent(pr.number(), bobs.id()));

    Request done = awaitState(id, RequestState.SUCCEEDED, Duration.ofSeconds(60));
    assertThat(done.approvedBy()).extracting(a -> a.approver().id()).containsExactly("U0BOB");
    assertThat(github.pullRequest(pr.number()).merged()).isTrue();
    assertThat(
            audit.entries(AuditTrail.Query.request(id)).stream()
                .map(e -> e.event())
                .filter(e -> e.type() == AuditEvent.Type.PULL_REQUEST)
                .filter(e -> "review".equals(e.detail().get("action")))
                .map(e -> e.detail().get("forge-user") + "=" + e.detail().get("counted"))
                .toList())
        .containsExactly("alice-gh=no: " + ownRefusal(id), "bob-gh=yes");
  }

  private String ownRefusal(RequestId id) {
    return audit.entries(AuditTrail.Query.request(id)).stream()
        .map(e -> e.event())
        .filter(e -> e.type() == AuditEvent.Type.PULL_REQUEST)
        .filter(e -> "alice-gh".equals(e.detail().get("forge-user")))
        .map(e -> e.detail().get("counted").substring(4))
        .findFirst()
        .orElse("?");
  }
}
