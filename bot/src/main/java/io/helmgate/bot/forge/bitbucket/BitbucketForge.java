package io.helmgate.bot.forge.bitbucket;

import static io.helmgate.bot.forge.ForgeHttp.quote;
import static io.helmgate.bot.forge.ForgeHttp.text;

import io.helmgate.bot.forge.ForgeHttp;
import io.helmgate.bot.forge.ForgeProperties;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.ForgeException.Kind;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.PullRequestDraft;
import io.helmgate.domain.port.Review;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link Forge} over Bitbucket Data Center's REST API 1.0 and its build-status API. Endpoints, the
 * answers they give and their sources: README.md in the parent package.
 */
public final class BitbucketForge implements Forge {

  /** Bitbucket cuts a build description at 255 characters. */
  private static final int MAX_DESCRIPTION = 255;

  /** Longest title kept; longer ones are cut rather than refused. */
  private static final int MAX_TITLE = 255;

  /** Bitbucket limits descriptions and comments to 32,768 characters. */
  private static final int MAX_TEXT = 32768;

  private final ForgeProperties properties;
  private final Clock clock;
  private final ForgeHttp http;
  private final String repo;
  private final String buildStatus;
  private final String repoPage;

  public BitbucketForge(ForgeProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    String[] keyAndSlug = properties.repository().split("/", 2);
    String path = "/projects/" + keyAndSlug[0] + "/repos/" + keyAndSlug[1];
    this.repo = properties.apiRoot() + "/rest/api/1.0" + path;
    this.buildStatus = properties.apiRoot() + "/rest/build-status/1.0/commits/";
    this.repoPage = properties.apiRoot() + path + "/browse";
    this.http =
        new ForgeHttp(
            "Bitbucket",
            properties.timeout(),
            Map.of("Authorization", "Bearer " + properties.token(), "User-Agent", "helmgate"));
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    ObjectNode body = http.object();
    body.put("title", ForgeHttp.cut(draft.title(), MAX_TITLE));
    body.put("description", ForgeHttp.cut(draft.body(), MAX_TEXT));
    body.putObject("fromRef").put("id", "refs/heads/" + draft.headBranch());
    body.putObject("toRef").put("id", "refs/heads/" + draft.baseBranch());
    HttpResponse<String> r = http.send("POST", repo + "/pull-requests", body);
    if (r.statusCode() == 409 && exceptions(r).contains("DuplicatePullRequestException")) {
      throw new ForgeException(
          Kind.VALIDATION,
          "Bitbucket refused to open a pull request (409 "
              + messages(r)
              + "): one is already open for "
              + draft.headBranch()
              + "; find it instead of opening another");
    }
    return withMergeability(expect(r, 201, "open a pull request"));
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch) {
    String ref = "refs/heads/" + headBranch;
    JsonNode page =
        expect(
            http.send(
                "GET",
                repo
                    + "/pull-requests?state=OPEN&direction=OUTGOING&at="
                    + URLEncoder.encode(ref, StandardCharsets.UTF_8),
                null),
            200,
            "list open pull requests");
    for (JsonNode pr : page.path("values")) {
      if (ref.equals(text(pr.path("fromRef").path("id")))) {
        return Optional.of(withMergeability(pr));
      }
    }
    return Optional.empty();
  }

  @Override
  public PullRequest get(long number) {
    return withMergeability(read(number));
  }

  private JsonNode read(long number) {
    return expect(
        http.send("GET", repo + "/pull-requests/" + number, null), 200, "read pull request");
  }

  @Override
  public List<Review> reviews(long number) {
    // Bitbucket keeps each participant's current verdict, not a history of reviews.
    JsonNode pr = read(number);
    List<Review> reviews = new ArrayList<>();
    List<JsonNode> people = new ArrayList<>();
    pr.path("reviewers").forEach(people::add);
    pr.path("participants").forEach(people::add);
    for (JsonNode p : people) {
      Optional<Review.Verdict> verdict =
          switch (String.valueOf(text(p.path("status")))) {
            case "APPROVED" -> Optional.of(Review.Verdict.APPROVED);
            case "NEEDS_WORK" -> Optional.of(Review.Verdict.CHANGES_REQUESTED);
            default -> Optional.empty();
          };
      String slug = text(p.path("user").path("slug"));
      if (verdict.isPresent() && slug != null) {
        reviews.add(
            new Review(
                slug,
                Optional.ofNullable(text(p.path("user").path("emailAddress"))),
                verdict.get(),
                Optional.empty(),
                Optional.ofNullable(text(p.path("lastReviewedCommit")))));
      }
    }
    return reviews;
  }

  @Override
  public void setPolicyStatus(
      String sha, CommitStatusState state, String description, String targetUrl) {
    ObjectNode body = http.object();
    body.put(
        "state",
        switch (state) {
          case PENDING -> "INPROGRESS";
          case SUCCESS -> "SUCCESSFUL";
          case FAILURE -> "FAILED";
        });
    body.put("key", POLICY_CHECK);
    body.put("name", POLICY_CHECK);
    // The build-status API requires a url; without a better link, point at the repository.
    body.put("url", targetUrl != null ? targetUrl : repoPage);
    body.put("description", ForgeHttp.cut(description, MAX_DESCRIPTION));
    expect(http.send("POST", buildStatus + sha, body), 204, "set the helmgate/policy build status");
  }

  @Override
  public void comment(long number, String text) {
    ObjectNode body = http.object();
    body.put("text", ForgeHttp.cut(text, MAX_TEXT));
    expect(
        http.send("POST", repo + "/pull-requests/" + number + "/comments", body),
        201,
        "comment on the pull request");
  }

  @Override
  public PullRequest merge(long number, String expectedHeadSha) {
    JsonNode current = read(number);
    if ("MERGED".equals(text(current.path("state")))) {
      // An earlier attempt merged and crashed before recording it, or a person merged: not a
      // failure. The caller compares headSha() with what was approved.
      return pullRequest(current, PullRequest.Mergeable.UNKNOWN);
    }
    String head = text(current.path("fromRef").path("latestCommit"));
    if (!expectedHeadSha.equals(head)) {
      // Bitbucket's merge takes no head to pin; compare here, and let the version catch a push
      // between this read and the merge.
      throw new ForgeException(
          Kind.CONFLICT,
          "Bitbucket pull request "
              + number
              + " is at "
              + head
              + ", not at the approved "
              + expectedHeadSha
              + ": its head moved; read it again");
    }
    long version = current.path("version").asLong();
    ObjectNode body = http.object();
    body.put("version", version);
    body.put(
        "strategyId",
        switch (properties.mergeMethod()) {
          case MERGE -> "no-ff";
          case SQUASH -> "squash";
          case REBASE -> "rebase-no-ff";
        });
    return pullRequest(
        expect(
            http.send(
                "POST", repo + "/pull-requests/" + number + "/merge?version=" + version, body),
            200,
            "merge the pull request"),
        PullRequest.Mergeable.UNKNOWN);
  }

  @Override
  public void close(long number, String reason) {
    comment(number, reason);
    JsonNode current = read(number);
    if (!"OPEN".equals(text(current.path("state")))) {
      // Declined or merged already: Bitbucket would refuse to decline it again (409).
      return;
    }
    long version = current.path("version").asLong();
    ObjectNode body = http.object();
    body.put("version", version);
    expect(
        http.send("POST", repo + "/pull-requests/" + number + "/decline?version=" + version, body),
        200,
        "decline the pull request");
  }

  /** An open pull request's mergeability needs the merge check; others have none. */
  private PullRequest withMergeability(JsonNode pr) {
    if (!"OPEN".equals(text(pr.path("state")))) {
      return pullRequest(pr, PullRequest.Mergeable.UNKNOWN);
    }
    JsonNode check =
        expect(
            http.send("GET", repo + "/pull-requests/" + pr.path("id").asLong() + "/merge", null),
            200,
            "check whether the pull request can merge");
    PullRequest.Mergeable mergeable;
    if (check.path("conflicted").asBoolean(false)
        || "CONFLICTED".equals(text(check.path("outcome")))) {
      mergeable = PullRequest.Mergeable.NO;
    } else if ("CLEAN".equals(text(check.path("outcome")))
        || check.path("canMerge").asBoolean(false)) {
      // Vetoes (our own pending build among them) are not conflicts: the merge call reports them.
      mergeable = PullRequest.Mergeable.YES;
    } else {
      mergeable = PullRequest.Mergeable.UNKNOWN;
    }
    return pullRequest(pr, mergeable);
  }

  static PullRequest pullRequest(JsonNode pr, PullRequest.Mergeable mergeable) {
    PullRequest.State state =
        switch (String.valueOf(text(pr.path("state")))) {
          case "OPEN" -> PullRequest.State.OPEN;
          case "MERGED" -> PullRequest.State.MERGED;
          default -> PullRequest.State.CLOSED;
        };
    String url = null;
    for (JsonNode self : pr.path("links").path("self")) {
      url = text(self.path("href"));
    }
    return new PullRequest(
        pr.path("id").asLong(),
        url,
        state,
        text(pr.path("fromRef").path("latestCommit")),
        text(pr.path("fromRef").path("displayId")),
        text(pr.path("toRef").path("displayId")),
        mergeable,
        state == PullRequest.State.MERGED
            ? Optional.ofNullable(text(pr.path("properties").path("mergeCommit").path("id")))
            : Optional.empty());
  }

  private JsonNode expect(HttpResponse<String> response, int ok, String what) {
    Optional<ForgeException> redirected = http.redirect(response);
    if (redirected.isPresent()) {
      throw redirected.get();
    }
    if (response.statusCode() == ok) {
      return ok == 204 ? http.object() : http.parse(response);
    }
    throw error(response, what);
  }

  /** The {@code exceptionName}s of Bitbucket's {@code {"errors":[...]}} answer. */
  private String exceptions(HttpResponse<String> response) {
    List<String> names = new ArrayList<>();
    for (JsonNode e : http.parseLeniently(response.body()).path("errors")) {
      Optional.ofNullable(text(e.path("exceptionName"))).ifPresent(names::add);
    }
    return String.join(" ", names);
  }

  /** The messages of Bitbucket's errors, with the vetoes of a vetoed merge. */
  private String messages(HttpResponse<String> response) {
    JsonNode body = http.parseLeniently(response.body());
    List<String> messages = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      Optional.ofNullable(text(e.path("message"))).ifPresent(messages::add);
      for (JsonNode veto : e.path("vetoes")) {
        String summary = text(veto.path("summaryMessage"));
        String detail = text(veto.path("detailedMessage"));
        messages.add(summary + (detail == null ? "" : " — " + detail));
      }
    }
    return messages.isEmpty() ? quote(response.body()) : String.join("; ", messages);
  }

  /** Bitbucket's error answers as a {@link ForgeException} that says what to do. */
  private ForgeException error(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    String exceptions = exceptions(response);
    String prefix = "Bitbucket refused to " + what + " (" + status + " " + messages(response) + ")";
    if (status == 409 && exceptions.contains("PullRequestOutOfDateException")) {
      return new ForgeException(
          Kind.CONFLICT, prefix + ": the pull request changed since it was read; read it again");
    }
    if (status == 409
        && (exceptions.contains("PullRequestMergeVetoedException")
            || exceptions.contains("MergeException")
            || exceptions.contains("IllegalPullRequestStateException"))) {
      return new ForgeException(
          Kind.NOT_MERGEABLE,
          prefix
              + ": the merge checks (required builds, approvals, conflicts) do not allow the merge"
              + " yet; Helmgate does not override them");
    }
    return switch (status) {
      case 401 ->
          new ForgeException(
              Kind.UNAUTHENTICATED,
              prefix + ": the HTTP access token in helmgate.forge.token is invalid or expired");
      case 403 ->
          new ForgeException(
              Kind.FORBIDDEN,
              prefix
                  + ": give the bot's token repository write permission on "
                  + properties.repository());
      case 404 ->
          new ForgeException(
              Kind.NOT_FOUND,
              prefix
                  + ": check helmgate.forge.repository ("
                  + properties.repository()
                  + ") and that the token can see it");
      case 409 ->
          new ForgeException(
              Kind.CONFLICT,
              prefix + ": the pull request changed since it was read; read it again");
      case 400 -> new ForgeException(Kind.VALIDATION, prefix);
      case 429 ->
          ForgeException.rateLimited(
              prefix + ": Bitbucket's rate limit is hit; Helmgate waits and tries again",
              ForgeHttp.retryAfter(response, null, clock).orElse(null));
      default ->
          status >= 500
              ? new ForgeException(
                  Kind.UNAVAILABLE, prefix + ": Bitbucket is failing; the call will be retried")
              : new ForgeException(Kind.VALIDATION, prefix);
    };
  }
}
