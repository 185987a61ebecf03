package io.helmgate.bot.forge.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.helmgate.bot.forge.ForgeStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BitbucketForge against a WireMock answering like Bitbucket Data Center: bodies shaped after the
 * examples of its REST API 1.0 reference (pull requests: create, list with {@code at} and {@code
 * direction}, get, merge check, merge, decline, comments), the build-status 1.0 how-to ("Updating
 * build status for commits") and its error shape {@code {"errors":[{"context", "message",
 * "exceptionName"}]}} (PullRequestOutOfDateException, PullRequestMergeVetoedException with vetoes,
 * DuplicatePullRequestException). The base URL carries a context path, as many installations do.
 */
class BitbucketForgeTest {

  static final String REPO = "/bitbucket/rest/api/1.0/projects/OPS/repos/helm-values";
  static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

  WireMockServer bitbucket;
  BitbucketForge forge;

  @BeforeEach
  void start() {
    bitbucket = ForgeStandIn.start();
    forge =
        new BitbucketForge(
            new ForgeProperties(
                ForgeProperties.Type.BITBUCKET,
                URI.create(bitbucket.baseUrl() + "/bitbucket"),
                "OPS/helm-values",
                "bbdc-fake-token-for-tests",
                null,
                ForgeProperties.MergeMethod.SQUASH,
                Duration.ofMinutes(1),
                Duration.ofSeconds(5)),
            Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    bitbucket.stop();
  }

  void answer(MappingBuilder request, int status, String fixture) {
    bitbucket.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(fixture(getClass(), fixture))));
  }

  @Test
  void openingPostsFromAndToRefsAndReadsTheMergeCheck() {
    answer(post(urlPathEqualTo(REPO + "/pull-requests")), 201, "pull-request-open.json");
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7/merge")), 200, "merge-check-clean.json");

    PullRequest pr =
        forge.open(new PullRequestDraft("helmgate/R-42", "main", "R-42: deploy", "Requested by"));

    assertThat(pr.number()).isEqualTo(7);
    assertThat(pr.url())
        .isEqualTo("https://bitbucket.example.com/projects/OPS/repos/helm-values/pull-requests/7");
    assertThat(pr.state()).isEqualTo(PullRequest.State.OPEN);
    assertThat(pr.headSha()).isEqualTo(HEAD);
    assertThat(pr.headBranch()).isEqualTo("helmgate/R-42");
    assertThat(pr.baseBranch()).isEqualTo("main");
    assertThat(pr.mergeable())
        .as("a veto from our own pending build is not a conflict")
        .isEqualTo(PullRequest.Mergeable.YES);
    bitbucket.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pull-requests"))
            .withHeader("Authorization", equalTo("Bearer bbdc-fake-token-for-tests"))
            .withRequestBody(
                equalToJson(
                    "{\"title\":\"R-42: deploy\",\"description\":\"Requested by\","
                        + "\"fromRef\":{\"id\":\"refs/heads/helmgate/R-42\"},"
                        + "\"toRef\":{\"id\":\"refs/heads/main\"}}")));
  }

  @Test
  void openingASecondPullRequestForTheBranchIsAValidationError() {
    answer(post(urlPathEqualTo(REPO + "/pull-requests")), 409, "duplicate.json");

    ForgeException e =
        catchThrowableOfType(
            ForgeException.class,
            () -> forge.open(new PullRequestDraft("helmgate/R-42", "main", "t", "b")));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.VALIDATION);
    assertThat(e.getMessage()).contains("Only one pull request may be open");
  }

  @Test
  void findOpenAsksForOutgoingPullRequestsAtTheBranch() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests")), 200, "pull-requests-page.json");
    answer(
        get(urlPathEqualTo(REPO + "/pull-requests/7/merge")), 200, "merge-check-conflicted.json");

    Optional<PullRequest> pr = forge.findOpen("helmgate/R-42");

    assertThat(pr).map(PullRequest::number).contains(7L);
    assertThat(pr).map(PullRequest::mergeable).contains(PullRequest.Mergeable.NO);
    bitbucket.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pull-requests"))
            .withQueryParam("state", equalTo("OPEN"))
            .withQueryParam("direction", equalTo("OUTGOING"))
            .withQueryParam("at", equalTo("refs/heads/helmgate/R-42")));
  }

  @Test
  void aMergedPullRequestCarriesItsMergeCommitAndNeedsNoMergeCheck() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-merged.json");

    PullRequest pr = forge.get(7);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.mergeCommitSha()).contains("f1e2d3c4b5a6978877665544332211aabbccddee");
    bitbucket.verify(0, getRequestedFor(urlPathEqualTo(REPO + "/pull-requests/7/merge")));
  }

  @Test
  void reviewsAreTheReviewersAndParticipantsCurrentVerdictsWithTheirEmail() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-open.json");

    assertThat(forge.reviews(7))
        .containsExactly(
            new Review(
                "ops-bob",
                Optional.of("bob@acme.example"),
                Review.Verdict.APPROVED,
                Optional.empty(),
                Optional.of(HEAD)),
            new Review(
                "ops-carol",
                Optional.of("carol@acme.example"),
                Review.Verdict.CHANGES_REQUESTED,
                Optional.empty(),
                Optional.of(HEAD)));
  }

  @Test
  void thePolicyStatusIsABuildStatusKeyedHelmgatePolicy() {
    bitbucket.stubFor(
        post(urlPathEqualTo("/bitbucket/rest/build-status/1.0/commits/" + HEAD))
            .willReturn(aResponse().withStatus(204)));

    forge.setPolicyStatus(HEAD, CommitStatusState.SUCCESS, "Approved by ops-bob", null);

    bitbucket.verify(
        postRequestedFor(urlPathEqualTo("/bitbucket/rest/build-status/1.0/commits/" + HEAD))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"SUCCESSFUL\",\"key\":\"helmgate/policy\","
                        + "\"name\":\"helmgate/policy\",\"description\":\"Approved by ops-bob\","
                        + "\"url\":\""
                        + bitbucket.baseUrl()
                        + "/bitbucket/projects/OPS/repos/helm-values/browse\"}")));
  }

  @Test
  void mergingSendsTheCurrentVersionAndTheConfiguredStrategy() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-open.json");
    answer(post(urlPathEqualTo(REPO + "/pull-requests/7/merge")), 200, "pull-request-merged.json");

    PullRequest pr = forge.merge(7, HEAD);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.mergeCommitSha()).contains("f1e2d3c4b5a6978877665544332211aabbccddee");
    bitbucket.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pull-requests/7/merge"))
            .withQueryParam("version", equalTo("3"))
            .withRequestBody(equalToJson("{\"version\":3,\"strategyId\":\"squash\"}")));
  }

  @Test
  void aMergeWhoseHeadMovedIsAConflictAndIsNeverSent() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-moved.json");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.CONFLICT);
    bitbucket.verify(0, postRequestedFor(urlPathEqualTo(REPO + "/pull-requests/7/merge")));
  }

  @Test
  void mergingAPullRequestMergedAlreadyAnswersItWithoutMergingAgain() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-merged.json");

    PullRequest pr = forge.merge(7, HEAD);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    bitbucket.verify(0, postRequestedFor(urlPathEqualTo(REPO + "/pull-requests/7/merge")));
  }

  @Test
  void closingADeclinedOrMergedPullRequestOnlyComments() {
    answer(post(urlPathEqualTo(REPO + "/pull-requests/7/comments")), 201, "comment-created.json");
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-merged.json");

    forge.close(7, "R-42 was cancelled");

    bitbucket.verify(0, postRequestedFor(urlPathEqualTo(REPO + "/pull-requests/7/decline")));
  }

  @Test
  void anOutOfDateVersionIsAConflict() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-open.json");
    answer(post(urlPathEqualTo(REPO + "/pull-requests/7/merge")), 409, "out-of-date.json");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.CONFLICT);
    assertThat(e.getMessage()).contains("out-of-date information").contains("read it again");
  }

  @Test
  void aVetoedMergeIsNotMergeableAndQuotesTheVetoes() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-open.json");
    answer(post(urlPathEqualTo(REPO + "/pull-requests/7/merge")), 409, "merge-vetoed.json");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
    assertThat(e.getMessage())
        .contains("Not all required builds are successful yet")
        .contains("does not override");
  }

  @Test
  void unauthenticatedForbiddenAndMissingAreToldApart() {
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 401, "unauthorized.json");
    ForgeException e401 = catchThrowableOfType(ForgeException.class, () -> forge.get(7));
    assertThat(e401.kind()).isEqualTo(ForgeException.Kind.UNAUTHENTICATED);
    assertThat(e401.getMessage()).contains("helmgate.forge.token");

    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 403, "forbidden.json");
    assertThat(catchThrowableOfType(ForgeException.class, () -> forge.get(7)).kind())
        .isEqualTo(ForgeException.Kind.FORBIDDEN);

    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 404, "no-such-pull-request.json");
    ForgeException e404 = catchThrowableOfType(ForgeException.class, () -> forge.get(7));
    assertThat(e404.kind()).isEqualTo(ForgeException.Kind.NOT_FOUND);
    assertThat(e404.getMessage()).contains("Pull request 99 does not exist");
  }

  @Test
  void aRateLimitHonoursRetryAfter() {
    bitbucket.stubFor(
        get(urlPathEqualTo(REPO + "/pull-requests/7"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5")));

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void closingCommentsThenDeclinesWithTheCurrentVersion() {
    answer(post(urlPathEqualTo(REPO + "/pull-requests/7/comments")), 201, "comment-created.json");
    answer(get(urlPathEqualTo(REPO + "/pull-requests/7")), 200, "pull-request-open.json");
    answer(post(urlPathEqualTo(REPO + "/pull-requests/7/decline")), 200, "pull-request-open.json");

    forge.close(7, "R-42 became stale");

    bitbucket.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pull-requests/7/comments"))
            .withRequestBody(equalToJson("{\"text\":\"R-42 became stale\"}")));
    bitbucket.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pull-requests/7/decline"))
            .withQueryParam("version", equalTo("3")));
  }
}
