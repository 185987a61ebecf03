package io.helmgate.bot.testsupport.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.helmgate.bot.forge.ForgeProperties;
import io.helmgate.bot.forge.GitHubWebhook;
import io.helmgate.bot.forge.github.GitHubForge;
import io.helmgate.bot.testsupport.MutableClock;
import io.helmgate.bot.testsupport.SeededRemote;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.PullRequestDraft;
import io.helmgate.domain.port.Review;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub stand-in driven through the real {@link GitHubForge}: what a scenario test relies on
 * (GitHub's answers over time, and a real merge in the repository behind it).
 */
class GitHubStandInTest {

  static final String VALUES = "acme/payments/prod/values.yaml";
  static final String OLD = "image:\n  tag: 1.4.1\nreplicaCount: 2\n";
  static final String NEW = "image:\n  tag: 1.4.2\nreplicaCount: 2\n";
  static final String BRANCH = "helmgate/R-42";
  static final String SECRET = "webhook-secret-for-tests";

  @TempDir Path temp;
  Path remote;
  MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  GitHubStandIn github;
  GitHubForge forge;

  @BeforeEach
  void setUp() throws Exception {
    Path seed = temp.resolve("seed");
    Files.createDirectories(seed.resolve("acme/payments/prod"));
    Files.writeString(seed.resolve(VALUES), OLD);
    remote = SeededRemote.create(temp.resolve("remote.git"), seed);
    github = GitHubStandIn.start(remote, "acme/helm-values", clock);
    forge = forge(github.token());
  }

  @AfterEach
  void tearDown() {
    github.close();
  }

  GitHubForge forge(String token) {
    return new GitHubForge(
        new ForgeProperties(
            ForgeProperties.Type.GITHUB,
            URI.create(github.baseUrl()),
            "acme/helm-values",
            token,
            null,
            ForgeProperties.MergeMethod.MERGE,
            Duration.ofMinutes(1),
            Duration.ofSeconds(5)),
        clock);
  }

  /** The bot's branch: one commit on main's head, as JGitValuesRepository pushes it. */
  String pushBotBranch() {
    return github.pushToBranch(BRANCH, VALUES, NEW);
  }

  PullRequest open() {
    return forge.open(new PullRequestDraft(BRANCH, "main", "R-42: deploy", "Requested by Jane"));
  }

  @Test
  void mergeIsRefusedUntilThePolicyStatusIsSuccessThenMakesAMergeCommitOnMain() throws Exception {
    String head = pushBotBranch();
    String main = SeededRemote.head(remote).name();

    PullRequest opened = open();
    assertThat(opened.state()).isEqualTo(PullRequest.State.OPEN);
    assertThat(opened.headSha()).isEqualTo(head);
    assertThat(opened.mergeable()).isEqualTo(PullRequest.Mergeable.UNKNOWN);
    assertThat(forge.get(opened.number()).mergeable()).isEqualTo(PullRequest.Mergeable.UNKNOWN);
    assertThat(forge.get(opened.number()).mergeable()).isEqualTo(PullRequest.Mergeable.YES);

    forge.setPolicyStatus(head, CommitStatusState.PENDING, "Waiting for 1 approval (ops)", null);
    ForgeException refused =
        catchThrowableOfType(ForgeException.class, () -> forge.merge(opened.number(), head));
    assertThat(refused.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
    assertThat(refused.getMessage())
        .contains("405 Required status check \"helmgate/policy\" is expected.");
    assertThat(github.merges()).isEmpty();

    forge.setPolicyStatus(head, CommitStatusState.SUCCESS, "Approved by Sam", "https://x/1");
    PullRequest merged = forge.merge(opened.number(), head);

    assertThat(github.statuses())
        .extracting(
            GitHubStandIn.StatusSet::sha,
            GitHubStandIn.StatusSet::context,
            GitHubStandIn.StatusSet::state,
            GitHubStandIn.StatusSet::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                head, "helmgate/policy", "pending", "Waiting for 1 approval (ops)"),
            org.assertj.core.groups.Tuple.tuple(
                head, "helmgate/policy", "success", "Approved by Sam"));
    String mergeCommit = merged.mergeCommitSha().orElseThrow();
    RevCommit onMain = SeededRemote.head(remote);
    assertThat(onMain.name()).isEqualTo(mergeCommit);
    assertThat(onMain.getParents()).extracting(RevCommit::name).containsExactly(main, head);
    assertThat(onMain.getFullMessage()).startsWith("Merge pull request #1 from acme/helmgate/R-42");
    assertThat(SeededRemote.fileAtHead(remote, VALUES)).isEqualTo(NEW);
    assertThat(github.merges())
        .containsExactly(new GitHubStandIn.Merge(1, head, mergeCommit, "merge", "helmgate-bot"));
    PullRequest after = forge.get(opened.number());
    assertThat(after.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(after.mergeCommitSha()).contains(mergeCommit);
  }

  @Test
  void aMergeNamingAnotherHeadThanTheBranchsTipIsAConflict() {
    pushBotBranch();
    PullRequest opened = open();
    String moved = github.pushToHeadBranch(opened.number(), VALUES, "image:\n  tag: 9.9.9\n");
    forge.setPolicyStatus(moved, CommitStatusState.SUCCESS, "Approved", null);

    ForgeException refused =
        catchThrowableOfType(
            ForgeException.class, () -> forge.merge(opened.number(), opened.headSha()));

    assertThat(refused.kind()).isEqualTo(ForgeException.Kind.CONFLICT);
    assertThat(refused.getMessage()).contains("409 Head branch was modified");
    assertThat(forge.get(opened.number()).headSha()).isEqualTo(moved);
    assertThat(github.merges()).isEmpty();
  }

  @Test
  void aStatusOnAnEarlierHeadDoesNotLetTheNewHeadMerge() {
    String first = pushBotBranch();
    PullRequest opened = open();
    forge.setPolicyStatus(first, CommitStatusState.SUCCESS, "Approved", null);
    String moved = github.pushToHeadBranch(opened.number(), VALUES, "image:\n  tag: 9.9.9\n");

    ForgeException refused =
        catchThrowableOfType(ForgeException.class, () -> forge.merge(opened.number(), moved));

    assertThat(refused.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
  }

  @Test
  void aSecondPullRequestForTheSameHeadIsAValidationFailureAndTheFirstIsFound() {
    pushBotBranch();
    PullRequest first = open();

    ForgeException refused = catchThrowableOfType(ForgeException.class, this::open);

    assertThat(refused.kind()).isEqualTo(ForgeException.Kind.VALIDATION);
    assertThat(refused.getMessage())
        .contains("422 Validation Failed")
        .contains("A pull request already exists for acme:helmgate/R-42.");
    assertThat(forge.findOpen(BRANCH)).map(PullRequest::number).contains(first.number());
    assertThat(forge.findOpen("helmgate/R-7")).isEmpty();
  }

  @Test
  void closingCommentsFirstThenClosesAndAClosedPullRequestCannotBeMerged() {
    String head = pushBotBranch();
    PullRequest opened = open();

    forge.close(opened.number(), "Rejected by Sam in Slack");

    assertThat(github.comments(opened.number()))
        .extracting(GitHubStandIn.Comment::body)
        .containsExactly("Rejected by Sam in Slack");
    assertThat(forge.get(opened.number()).state()).isEqualTo(PullRequest.State.CLOSED);
    assertThat(forge.findOpen(BRANCH)).isEmpty();
    forge.setPolicyStatus(head, CommitStatusState.SUCCESS, "Approved", null);
    assertThat(
            catchThrowableOfType(ForgeException.class, () -> forge.merge(opened.number(), head))
                .kind())
        .isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
  }

  @Test
  void whatAPersonDoesInTheWebUiShowsThroughTheApi() throws Exception {
    pushBotBranch();
    PullRequest opened = open();

    github.review(opened.number(), "ops-bob", "APPROVED");
    github.review(opened.number(), "ops-carol", "COMMENTED");

    assertThat(forge.reviews(opened.number()))
        .extracting(Review::login, Review::verdict, Review::commitSha)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ops-bob", Review.Verdict.APPROVED, Optional.of(opened.headSha())),
            org.assertj.core.groups.Tuple.tuple(
                "ops-carol", Review.Verdict.COMMENTED, Optional.of(opened.headSha())));

    String merge = github.mergeByPerson(opened.number());
    PullRequest merged = forge.get(opened.number());
    assertThat(merged.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(merged.mergeCommitSha()).contains(merge);
    assertThat(SeededRemote.head(remote).name()).isEqualTo(merge);
    // An earlier attempt's merge that was not recorded is taken, not refused.
    assertThat(forge.merge(opened.number(), opened.headSha()).state())
        .isEqualTo(PullRequest.State.MERGED);
  }

  @Test
  void requiredApprovalsBlockTheMergeAndAPushToTheHeadDismissesThem() {
    github.requiredApprovingReviews(1);
    String head = pushBotBranch();
    PullRequest opened = open();
    forge.setPolicyStatus(head, CommitStatusState.SUCCESS, "Approved", null);

    assertThat(
            catchThrowableOfType(ForgeException.class, () -> forge.merge(opened.number(), head))
                .getMessage())
        .contains("At least 1 approving review is required");

    github.review(opened.number(), "ops-bob", "APPROVED");
    String moved = github.pushToHeadBranch(opened.number(), VALUES, "image:\n  tag: 1.4.3\n");
    assertThat(forge.reviews(opened.number())).isEmpty();
    assertThat(github.reviews(opened.number()))
        .extracting(GitHubStandIn.SubmittedReview::state)
        .containsExactly("DISMISSED");

    github.review(opened.number(), "ops-bob", "APPROVED");
    forge.setPolicyStatus(moved, CommitStatusState.SUCCESS, "Approved", null);
    assertThat(forge.merge(opened.number(), moved).state()).isEqualTo(PullRequest.State.MERGED);
  }

  @Test
  void aBaseThatChangedTheSameLinesMakesThePullRequestUnmergeable() {
    String head = pushBotBranch();
    PullRequest opened = open();
    github.pushToBaseBranch(VALUES, "image:\n  tag: 2.0.0\nreplicaCount: 2\n");

    assertThat(forge.get(opened.number()).mergeable()).isEqualTo(PullRequest.Mergeable.UNKNOWN);
    assertThat(forge.get(opened.number()).mergeable()).isEqualTo(PullRequest.Mergeable.NO);
    forge.setPolicyStatus(head, CommitStatusState.SUCCESS, "Approved", null);
    ForgeException refused =
        catchThrowableOfType(ForgeException.class, () -> forge.merge(opened.number(), head));
    assertThat(refused.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
    assertThat(refused.getMessage()).contains("405 Pull Request is not mergeable");
  }

  @Test
  void aTokenItDoesNotKnowIsBadCredentials() {
    pushBotBranch();

    ForgeException refused =
        catchThrowableOfType(ForgeException.class, () -> forge("wrong").get(1));

    assertThat(refused.kind()).isEqualTo(ForgeException.Kind.UNAUTHENTICATED);
  }

  @Test
  void webhooksAreSignedAndReadByTheBotsParserAsTheEventsTheyAre() throws Exception {
    String head = pushBotBranch();
    PullRequest opened = open();
    var review = github.review(opened.number(), "ops-bob", "APPROVED");
    String moved = github.pushToHeadBranch(opened.number(), VALUES, "image:\n  tag: 1.4.3\n");
    GitHubWebhook webhook = new GitHubWebhook(SECRET);

    try (Receiver bot = new Receiver()) {
      assertThat(
              github.deliverWebhook(
                  bot.uri(),
                  SECRET,
                  "pull_request_review",
                  github.pullRequestReviewEvent(opened.number(), review.id())))
          .isEqualTo(204);
      assertThat(bot.parsed(webhook))
          .isEqualTo(
              new ForgeEvent.ReviewSubmitted(
                  1,
                  BRANCH,
                  new Review(
                      "ops-bob",
                      Optional.empty(),
                      Review.Verdict.APPROVED,
                      Optional.of(review.submittedAt()),
                      Optional.of(head))));

      github.deliverWebhook(
          bot.uri(), SECRET, "pull_request", github.pullRequestEvent(1, "synchronize"));
      assertThat(bot.parsed(webhook)).isEqualTo(new ForgeEvent.Synchronized(1, BRANCH, moved));

      String merge = github.mergeByPerson(1);
      github.deliverWebhook(
          bot.uri(), SECRET, "pull_request", github.pullRequestEvent(1, "closed"));
      assertThat(bot.parsed(webhook))
          .isEqualTo(new ForgeEvent.Merged(1, BRANCH, Optional.of(merge)));

      github.deliverWebhook(bot.uri(), "another-secret", "pull_request", "{}");
      assertThat(webhook.verify(bot.headers.get()::get, bot.body.get())).isFalse();
    }
  }

  /** A bare endpoint that keeps the last delivery, standing in for the bot's controller. */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final AtomicReference<Map<String, String>> headers = new AtomicReference<>();
    final AtomicReference<byte[]> body = new AtomicReference<>();

    Receiver() throws Exception {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/forge/github/webhook",
          exchange -> {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> h.put(k, v.get(0)));
            headers.set(h);
            body.set(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
    }

    URI uri() {
      return URI.create(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/forge/github/webhook");
    }

    ForgeEvent parsed(GitHubWebhook webhook) {
      assertThat(webhook.verify(headers.get()::get, body.get())).isTrue();
      return webhook.parse(headers.get()::get, body.get()).orElseThrow();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
