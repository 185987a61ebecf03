package io.helmgate.bot.forge.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.helmgate.bot.forge.ForgeStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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
 * GitLabForge against a WireMock answering like GitLab's REST API v4: bodies shaped after the
 * examples in GitLab's API docs (doc/api/merge_requests.md: create, list, get, accept, update;
 * merge_request_approvals.md: approvals; commits.md: post the status to a commit; notes.md) and its
 * error shape {@code {"message": ...}} with the status codes those pages list for accepting a merge
 * request (401, 405, 406, 409, 422).
 */
class GitLabForgeTest {

  /** The project path ops/helm-values, url-encoded into one segment. */
  static final String PROJECT = "/api/v4/projects/ops%2Fhelm-values";

  static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  WireMockServer gitlab;
  GitLabForge forge;

  @BeforeEach
  void start() {
    gitlab = ForgeStandIn.start();
    forge = forge(ForgeProperties.MergeMethod.SQUASH);
  }

  @AfterEach
  void stop() {
    gitlab.stop();
  }

  GitLabForge forge(ForgeProperties.MergeMethod method) {
    return new GitLabForge(
        new ForgeProperties(
            ForgeProperties.Type.GITLAB,
            URI.create(gitlab.baseUrl() + "/api/v4"),
            "ops/helm-values",
            "glpat-fake-token-for-tests",
            null,
            method,
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            null,
            true), // e-mail matching written on: the reviewers' e-mails are read
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  void answer(MappingBuilder request, int status, String fixture) {
    gitlab.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(fixture(getClass(), fixture))));
  }

  void answerMessage(MappingBuilder request, int status, String messageJson) {
    gitlab.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":" + messageJson + "}")));
  }

  @Test
  void openingPostsSourceAndTargetBranchesToTheEncodedProjectPath() {
    answer(post(urlEqualTo(PROJECT + "/merge_requests")), 201, "merge-request-open.json");

    PullRequest pr =
        forge.open(new PullRequestDraft("helmgate/R-42", "main", "R-42: deploy", "Requested by"));

    assertThat(pr.number()).isEqualTo(7);
    assertThat(pr.url()).isEqualTo("https://gitlab.example.com/ops/helm-values/-/merge_requests/7");
    assertThat(pr.state()).isEqualTo(PullRequest.State.OPEN);
    assertThat(pr.headSha()).isEqualTo(HEAD);
    assertThat(pr.headBranch()).isEqualTo("helmgate/R-42");
    assertThat(pr.baseBranch()).isEqualTo("main");
    assertThat(pr.mergeable()).isEqualTo(PullRequest.Mergeable.YES);
    gitlab.verify(
        postRequestedFor(urlEqualTo(PROJECT + "/merge_requests"))
            .withHeader("Authorization", equalTo("Bearer glpat-fake-token-for-tests"))
            .withRequestBody(
                equalToJson(
                    "{\"source_branch\":\"helmgate/R-42\",\"target_branch\":\"main\","
                        + "\"title\":\"R-42: deploy\",\"description\":\"Requested by\"}",
                    false,
                    true)));
  }

  @Test
  void openingWhenOneIsAlreadyOpenIsAValidationErrorNotAConflict() {
    answerMessage(
        post(urlEqualTo(PROJECT + "/merge_requests")),
        409,
        "[\"Another open merge request already exists for this source branch: !7\"]");

    ForgeException e =
        catchThrowableOfType(
            ForgeException.class,
            () -> forge.open(new PullRequestDraft("helmgate/R-42", "main", "t", "b")));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.VALIDATION);
    assertThat(e.getMessage()).contains("already exists for this source branch: !7");
  }

  @Test
  void findOpenFiltersBySourceBranchAndRereadsForTheMergeStatus() {
    answer(get(urlPathEqualTo(PROJECT + "/merge_requests")), 200, "merge-requests-list.json");
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-open.json");

    Optional<PullRequest> pr = forge.findOpen("helmgate/R-42");

    assertThat(pr).map(PullRequest::mergeable).contains(PullRequest.Mergeable.YES);
    gitlab.verify(
        getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests"))
            .withQueryParam("state", equalTo("opened"))
            .withQueryParam("source_branch", equalTo("helmgate/R-42")));
  }

  @Test
  void aMergedMergeRequestCarriesItsMergeCommit() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-merged.json");

    PullRequest pr = forge.get(7);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.mergeCommitSha()).contains("f1e2d3c4b5a6978877665544332211aabbccddee");
  }

  @Test
  void reviewsAreTheApprovalsPlusReviewersWhoRequestedChanges() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7/approvals")), 200, "approvals.json");
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7/reviewers")), 200, "reviewers.json");

    assertThat(forge.reviews(7))
        .containsExactly(
            new Review(
                "ops-bob",
                Optional.empty(),
                Review.Verdict.APPROVED,
                Optional.empty(),
                Optional.empty()),
            new Review(
                "ops-carol",
                Optional.empty(),
                Review.Verdict.CHANGES_REQUESTED,
                Optional.of(Instant.parse("2026-12-07T10:02:00Z")),
                Optional.empty()));
  }

  @Test
  void eachReviewerCarriesTheEmailOfTheirUserReadOncePerUser() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7/approvals")), 200, "approvals.json");
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7/reviewers")), 200, "reviewers.json");
    answer(get(urlEqualTo("/api/v4/users/11")), 200, "user-11.json");
    answer(get(urlEqualTo("/api/v4/users/12")), 200, "user-12-as-admin.json");

    java.util.List<Review> reviews = forge.reviews(7);
    forge.reviews(7);

    assertThat(reviews)
        .extracting(Review::login, Review::email)
        .as("public_email first; the primary email only where the token may see it")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ops-bob", Optional.of("bob@acme.example")),
            org.assertj.core.groups.Tuple.tuple("ops-carol", Optional.of("carol@acme.example")));
    gitlab.verify(1, getRequestedFor(urlEqualTo("/api/v4/users/11")));
    gitlab.verify(1, getRequestedFor(urlEqualTo("/api/v4/users/12")));
  }

  @Test
  void aUserLookupThatIsRateLimitedFailsTheReadSoThePollTriesAgain() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7/approvals")), 200, "approvals.json");
    gitlab.stubFor(
        get(urlEqualTo("/api/v4/users/11"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "20")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"429 Too Many Requests\"}")));

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.reviews(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.RATE_LIMITED);
  }

  @Test
  void aGitLabWithoutTheReviewersEndpointStillAnswersItsApprovals() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7/approvals")), 200, "approvals.json");
    answerMessage(
        get(urlEqualTo(PROJECT + "/merge_requests/7/reviewers")), 404, "\"404 Not found\"");

    assertThat(forge.reviews(7)).extracting(Review::login).containsExactly("ops-bob");
  }

  @Test
  void thePolicyStatusIsPostedUnderTheHelmgateName() {
    answer(post(urlEqualTo(PROJECT + "/statuses/" + HEAD)), 201, "status-created.json");

    forge.setPolicyStatus(HEAD, CommitStatusState.FAILURE, "Rejected by ops-bob", null);

    gitlab.verify(
        postRequestedFor(urlEqualTo(PROJECT + "/statuses/" + HEAD))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"failed\",\"name\":\"helmgate/policy\","
                        + "\"description\":\"Rejected by ops-bob\"}")));
  }

  @Test
  void settingTheStatusItAlreadyHasIsNotAnError() {
    answerMessage(
        post(urlEqualTo(PROJECT + "/statuses/" + HEAD)),
        400,
        "\"Cannot transition status via :enqueue from :pending (Reason(s): Status cannot"
            + " transition via \\\"enqueue\\\")\"");

    assertThatCode(() -> forge.setPolicyStatus(HEAD, CommitStatusState.PENDING, "Waiting", null))
        .doesNotThrowAnyException();
  }

  @Test
  void mergingPinsTheHeadShaAndSquashesWhenConfigured() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-open.json");
    answer(put(urlEqualTo(PROJECT + "/merge_requests/7/merge")), 200, "merge-request-merged.json");

    PullRequest pr = forge.merge(7, HEAD);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.mergeCommitSha()).contains("f1e2d3c4b5a6978877665544332211aabbccddee");
    gitlab.verify(
        putRequestedFor(urlEqualTo(PROJECT + "/merge_requests/7/merge"))
            .withRequestBody(
                equalToJson("{\"sha\":\"" + HEAD + "\",\"squash\":true}", false, true)));
  }

  @Test
  void mergingAMergeRequestMergedAlreadyAnswersItWithoutMergingAgain() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-merged.json");

    PullRequest pr = forge.merge(7, HEAD);

    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    gitlab.verify(0, putRequestedFor(urlEqualTo(PROJECT + "/merge_requests/7/merge")));
  }

  @Test
  void aMergeTheMergeChecksRefuseIsNotMergeable() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-open.json");
    answerMessage(
        put(urlEqualTo(PROJECT + "/merge_requests/7/merge")), 405, "\"405 Method Not Allowed\"");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
    assertThat(e.getMessage()).contains("405 Method Not Allowed").contains("does not override");
  }

  @Test
  void aMergeWithConflictsIsNotMergeable() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-open.json");
    answerMessage(
        put(urlEqualTo(PROJECT + "/merge_requests/7/merge")), 406, "\"Branch cannot be merged\"");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.NOT_MERGEABLE);
    assertThat(e.getMessage()).contains("Branch cannot be merged");
  }

  @Test
  void aMergeAfterTheHeadMovedIsAConflict() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-open.json");
    answerMessage(
        put(urlEqualTo(PROJECT + "/merge_requests/7/merge")),
        409,
        "\"SHA does not match HEAD of source branch: 0123456789abcdef0123456789abcdef01234567\"");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.merge(7, HEAD));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.CONFLICT);
    assertThat(e.getMessage()).contains("SHA does not match HEAD of source branch");
  }

  @Test
  void aValidationFailureListsTheFieldsGitLabNamed() {
    answerMessage(
        post(urlEqualTo(PROJECT + "/merge_requests")),
        422,
        "{\"target_branch\":[\"is invalid\"],\"title\":[\"is too long\"]}");

    ForgeException e =
        catchThrowableOfType(
            ForgeException.class,
            () -> forge.open(new PullRequestDraft("helmgate/R-42", "nope", "t", "b")));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.VALIDATION);
    assertThat(e.getMessage()).contains("target_branch is invalid").contains("title is too long");
  }

  @Test
  void anUnauthorizedTokenNamesTheSetting() {
    answerMessage(get(urlPathMatching(PROJECT + "/merge_requests/7")), 401, "\"401 Unauthorized\"");

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.UNAUTHENTICATED);
    assertThat(e.getMessage()).contains("helmgate.forge.token");
  }

  @Test
  void aForbiddenCallIsAMissingRoleAndAnUnknownProjectIsNotFound() {
    answerMessage(get(urlEqualTo(PROJECT + "/merge_requests/7")), 403, "\"403 Forbidden\"");
    assertThat(catchThrowableOfType(ForgeException.class, () -> forge.get(7)).kind())
        .isEqualTo(ForgeException.Kind.FORBIDDEN);

    answerMessage(get(urlEqualTo(PROJECT + "/merge_requests/7")), 404, "\"404 Project Not Found\"");
    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));
    assertThat(e.kind()).isEqualTo(ForgeException.Kind.NOT_FOUND);
    assertThat(e.getMessage()).contains("helmgate.forge.repository");
  }

  @Test
  void aRateLimitHonoursRetryAfter() {
    gitlab.stubFor(
        get(urlEqualTo(PROJECT + "/merge_requests/7"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withHeader("RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 30))
                    .withBody("Retry later\n")));

    ForgeException e = catchThrowableOfType(ForgeException.class, () -> forge.get(7));

    assertThat(e.kind()).isEqualTo(ForgeException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void closingAddsANoteThenClosesWithAStateEvent() {
    answer(get(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-open.json");
    answer(post(urlEqualTo(PROJECT + "/merge_requests/7/notes")), 201, "note-created.json");
    answer(put(urlEqualTo(PROJECT + "/merge_requests/7")), 200, "merge-request-open.json");

    forge.close(7, "R-42 became stale");

    gitlab.verify(
        postRequestedFor(urlEqualTo(PROJECT + "/merge_requests/7/notes"))
            .withRequestBody(equalToJson("{\"body\":\"R-42 became stale\"}")));
    gitlab.verify(
        putRequestedFor(urlEqualTo(PROJECT + "/merge_requests/7"))
            .withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
  }
}
