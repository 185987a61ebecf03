package io.helmgate.bot.forge.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.helmgate.bot.forge.ForgeStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.helmgate.bot.forge.ForgeProperties;
import io.helmgate.bot.forge.ForgeStandIn;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.PullRequestDraft;
import io.helmgate.domain.port.Review;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitHubForge against a WireMock answering like GitHub's REST API: bodies shaped after the examples
 * of github/rest-api-description (operations pulls/create, pulls/list, pulls/get,
 * pulls/list-reviews, repos/create-commit-status, issues/create-comment, pulls/merge, pulls/update)
 * and its basic-error / validation-error schemas. A GitHub Enterprise Server base URL ({@code
 * /api/v3}) is used throughout, so the path prefix is exercised too.
 */
class GitHubForgeTest {

  static final String REPO = "/api/v3/repos/acme/helm-values";
  static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  WireMockServer github;
  GitHubForge forge;

  @BeforeEach
  void start() {
    github = ForgeStandIn.start();
    forge = forge(ForgeProperties.MergeMethod.SQUASH);
  }

  @AfterEach
  void stop() {
    github.stop();
  }

  GitHubForge forge(Map<String, String> users, Boolean matchByEmail) {
    return new GitHubForge(
        new ForgeProperties(
            ForgeProperties.Type.GITHUB,
            URI.create(github.baseUrl() + "/api/v3"),
            "acme/helm-values",
            "ghp-fake-token-for-tests",
            null,
            ForgeProperties.MergeMethod.MERGE,
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            users,
            matchByEmail),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  GitHubForge forge(ForgeProperties.MergeMethod method) {
    return new GitHubForge(
        new ForgeProperties(
            ForgeProperties.Type.GITHUB,
            URI.create(github.baseUrl() + "/api/v3"),
            "acme/helm-values",
            "ghp-fake-token-for-tests",
            null,
            method,
            Duration.ofMinutes(1),
            Duration.ofSeconds(5)),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  void answer(
      com.github.tomakehurst.wiremock.client.MappingBuilder request, int status, String fixture) {
    github.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(fixture(getClass(), fixture))));
  }

  @Test
  void openingPostsHeadBaseTitleAndBodyWithTheTokenAndAnswersTheNewPullRequest() {
    answer(post(urlPathEqualTo(REPO + "/pulls")), 201, "pull-request-open.json");

    PullRequest pr =
        forge.open(new PullRequestDraft("helmgate/R-42", "main", "R-42: deploy", "Requested by"));

    assertThat(pr.number()).isEqualTo(7);
    assertThat(pr.url()).isEqualTo("https://github.com/acme/helm-values/pull/7");
    assertThat(pr.state()).isEqualTo(PullRequest.State.OPEN);
    assertThat(pr.headSha()).isEqualTo(HEAD);
    assertThat(pr.headBranch()).isEqualTo("helmgate/R-42");
    assertThat(pr.baseBranch()).isEqualTo("main");
    assertThat(pr.mergeable()).isEqualTo(PullRequest.Mergeable.YES);
    assertThat(pr.mergeCommitSha())
        .as("an open pull request's merge_commit_sha is GitHub's test merge, not ours")
        .isEmpty();
    github.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withHeader("Authorization", equalTo("Bearer ghp-fake-token-for-tests"))
            .withHeader("Accept", equalTo("application/vnd.github+json"))
            .withRequestBody(
                equalToJson(
                    "{\"title\":\"R-42: deploy\",\"head\":\"helmgate/R-42\",\"base\":\"main\","
                        + "\"body\":\"Requested by\"}",
                    false,
                    true)));
  }

  @Test
  void aBodyOverGitHubsLimitIsCutInsteadOfRefused() {
    answer(post(urlPathEqualTo(REPO + "/pulls")), 201, "pull-request-open.json");

    forge.open(new PullRequestDraft("helmgate/R-42", "main", "R-42", "x".repeat(70_000)));

    String sent = github.getAllServeEvents().get(0).getRequest().getBodyAsString();
    assertThat(
            tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(sent)
                .path("body")
                .asString())
        .hasSize(65_536)
        .endsWith("…");
  }

  @Test
  void openingASecondPullRequestForTheBranchIsAValidationErrorQuotingGitHub() {
    answer(post(urlPathEqualTo(REPO + "/pulls")), 422, "validation-failed.json");

    ForgeException e =
        catchThrowableOfType(
            ForgeException.class,
            () -> forge.open(new PullRequestDraft("helmgate/R-42", "main", "t", "b")));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.VALIDATION);
    assertThat(e.getMessage()).contains("A pull request already exists for acme:helmgate/R-42.");
    assertThat(e.isTransient()).isFalse();
  }

  @Test
  void findOpenFiltersByOwnerAndBranchThenReadsThePullRequestForItsMergeability() {
    answer(get(urlPathEqualTo(REPO + "/pulls")), 200, "pulls-list.json");
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-open.json");

    Optional<PullRequest> pr = forge.findOpen("helmgate/R-42");

    assertThat(pr).map(PullRequest::number).contains(7L);
    github.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("state", equalTo("open"))
            .withQueryParam("head", equalTo("acme:helmgate/R-42")));
  }

  @Test
  void findOpenAnswersEmptyWhenGitHubListsNothing() {
    github.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(aResponse().withStatus(200).withBody("[]")));

    assertThat(forge.findOpen("helmgate/R-43")).isEmpty();
  }

  @Test
  void aMergedPullRequestCarriesItsMergeCommit() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-merged.json");

    PullRequest pr = forge.get(7);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.mergeable()).isEqualTo(PullRequest.Mergeable.UNKNOWN);
    assertThat(pr.mergeCommitSha()).contains("f1e2d3c4b5a6978877665544332211aabbccddee");
  }

  @Test
  void reviewsKeepApprovalsAndChangeRequestsAndDropDismissedAndDeletedUsers() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7/reviews")), 200, "reviews.json");

    List<Review> reviews = forge.reviews(7);

    assertThat(reviews)
        .containsExactly(
            new Review(
                "ops-bob",
                Optional.empty(),
                Review.Verdict.APPROVED,
                Optional.of(Instant.parse("2026-12-07T10:05:00Z")),
                Optional.of(HEAD)),
            new Review(
                "ops-carol",
                Optional.empty(),
                Review.Verdict.CHANGES_REQUESTED,
                Optional.of(Instant.parse("2026-12-07T10:06:00Z")),
                Optional.of(HEAD)));
  }

  @Test
  void withEmailMatchingOnAReviewCarriesThePublicProfileEmailReadOncePerUser() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7/reviews")), 200, "reviews.json");
    answer(get(urlPathEqualTo("/api/v3/users/ops-bob")), 200, "user-ops-bob.json");
    answer(get(urlPathEqualTo("/api/v3/users/ops-carol")), 200, "user-ops-carol.json");
    GitHubForge matching = forge(Map.of(), true);

    List<Review> reviews = matching.reviews(7);
    matching.reviews(7);

    assertThat(reviews)
        .extracting(Review::login, Review::email)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ops-bob", Optional.of("bob@acme.example")),
            org.assertj.core.groups.Tuple.tuple("ops-carol", Optional.empty()));
    github.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/users/ops-bob")));
    github.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/users/ops-carol")));
  }

  @Test
  void noUserIsReadWhenEmailMatchingIsOffOrTheLoginIsInTheUsersTable() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7/reviews")), 200, "reviews.json");
    answer(get(urlPathEqualTo("/api/v3/users/ops-carol")), 200, "user-ops-carol.json");

    forge.reviews(7);
    forge(Map.of("ops-bob", "U0BOB42"), true).reviews(7);

    github.verify(0, getRequestedFor(urlPathEqualTo("/api/v3/users/ops-bob")));
    github.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/users/ops-carol")));
  }

  @Test
  void thePolicyStatusIsPostedOnTheShaUnderTheHelmgateContext() {
    answer(post(urlPathEqualTo(REPO + "/statuses/" + HEAD)), 201, "status-created.json");

    forge.setPolicyStatus(
        HEAD, CommitStatusState.PENDING, "Waiting for 1 approval (ops)", "https://slack/link");

    github.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/statuses/" + HEAD))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"pending\",\"context\":\"helmgate/policy\","
                        + "\"description\":\"Waiting for 1 approval (ops)\","
                        + "\"target_url\":\"https://slack/link\"}")));
  }

  @Test
  void mergingSendsTheExpectedHeadAndTheConfiguredMethodAndAnswersTheMergeCommit() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-open.json");
    answer(put(urlPathEqualTo(REPO + "/pulls/7/merge")), 200, "merge-result.json");

    PullRequest pr = forge.merge(7, HEAD);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.mergeCommitSha()).contains("f1e2d3c4b5a6978877665544332211aabbccddee");
    github.verify(
        putRequestedFor(urlPathEqualTo(REPO + "/pulls/7/merge"))
            .withRequestBody(
                equalToJson("{\"sha\":\"" + HEAD + "\",\"merge_method\":\"squash\"}")));
  }

  @Test
  void mergingAPullRequestMergedAlreadyAnswersItWithoutMergingAgain() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-merged.json");

    PullRequest pr = forge.merge(7, HEAD);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.mergeCommitSha()).contains("f1e2d3c4b5a6978877665544332211aabbccddee");
    github.verify(0, putRequestedFor(urlPathEqualTo(REPO + "/pulls/7/merge")));
  }

  @Test
  void closingAMergedPullRequestOnlyComments() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-merged.json");
    github.stubFor(
        post(urlPathEqualTo(REPO + "/issues/7/comments"))
            .willReturn(aResponse().withStatus(201).withBody("{\"id\":1,\"body\":\"x\"}")));

    forge.close(7, "R-42 was cancelled");

    github.verify(0, patchRequestedFor(urlPathEqualTo(REPO + "/pulls/7")));
  }

  @Test
  void aMergeTheBranchProtectionBlocksIsNotMergeableAndSaysWhy() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-open.json");
    answer(put(urlPathEqualTo(REPO + "/pulls/7/merge")), 405, "not-mergeable.json");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
    assertThat(e.getMessage()).contains("Required status check \"helmgate/policy\" is expected.");
  }

  @Test
  void aMergeAfterTheHeadMovedIsAConflict() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-open.json");
    answer(put(urlPathEqualTo(REPO + "/pulls/7/merge")), 409, "head-moved.json");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.CONFLICT);
    assertThat(e.getMessage()).contains("read it again");
  }

  @Test
  void badCredentialsAreUnauthenticatedAndNameTheTokenSetting() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 401, "bad-credentials.json");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.UNAUTHENTICATED);
    assertThat(e.getMessage()).contains("helmgate.forge.token");
  }

  @Test
  void aForbiddenCallWithoutRateLimitHeadersIsAMissingPermission() {
    answer(post(urlPathEqualTo(REPO + "/pulls")), 403, "forbidden.json");

    ForgeException e =
        catchThrowableOfType(
            ForgeException.class,
            () -> forge.open(new PullRequestDraft("helmgate/R-42", "main", "t", "b")));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.FORBIDDEN);
  }

  @Test
  void anExhaustedPrimaryRateLimitWaitsUntilTheResetTime() {
    github.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/7"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 120))
                    .withBody(fixture(getClass(), "rate-limited.json"))));

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void aSecondaryRateLimitHonoursRetryAfter() {
    github.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/7"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "60")
                    .withBody(
                        "{\"message\":\"You have exceeded a secondary rate limit.\","
                            + "\"documentation_url\":\"https://docs.github.com/rest\"}")));

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
  }

  @Test
  void closingCommentsTheReasonThenClosesThePullRequest() {
    answer(get(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-open.json");
    github.stubFor(
        post(urlPathEqualTo(REPO + "/issues/7/comments"))
            .willReturn(aResponse().withStatus(201).withBody("{\"id\":1,\"body\":\"x\"}")));
    answer(patch(urlPathEqualTo(REPO + "/pulls/7")), 200, "pull-request-open.json");

    forge.close(7, "R-42 became stale: the base branch changed the same keys");

    github.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/issues/7/comments"))
            .withRequestBody(
                equalToJson(
                    "{\"body\":\"R-42 became stale: the base branch changed the same keys\"}")));
    github.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/pulls/7"))
            .withRequestBody(equalToJson("{\"state\":\"closed\"}")));
  }

  @Test
  void aRedirectIsNotFollowedAndSaysWhereTheRepositoryWent() {
    github.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/7"))
            .willReturn(
                aResponse()
                    .withStatus(301)
                    .withHeader("Location", "https://api.github.com/repositories/1296269/pulls/7")
                    .withBody(
                        "{\"message\":\"Moved Permanently\","
                            + "\"url\":\"https://api.github.com/repositories/1296269/pulls/7\"}")));

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.NOT_FOUND);
    assertThat(e.getMessage())
        .contains("https://api.github.com/repositories/1296269/pulls/7")
        .contains("helmgate.forge.repository");
    assertThat(github.getAllServeEvents()).hasSize(1);
  }

  @Test
  void aServerErrorIsTransientAndAnUnreachableForgeToo() {
    github.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/7"))
            .willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")));

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));
    assertThat(e.kind()).isEqualTo(ForgeException.Kind.UNAVAILABLE);

    github.stop();
    ForgeException down = catchThrowableOfType(ForgeException.class, () -> forge.get(7));
    assertThat(down.kind()).isEqualTo(ForgeException.Kind.UNAVAILABLE);
    assertThat(down.isTransient()).isTrue();
  }
}
