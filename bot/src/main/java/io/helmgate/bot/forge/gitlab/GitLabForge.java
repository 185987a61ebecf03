package io.helmgate.bot.forge.gitlab;

import static io.helmgate.bot.forge.ForgeHttp.quote;
import static io.helmgate.bot.forge.ForgeHttp.text;

import io.helmgate.bot.forge.ForgeHttp;
import io.helmgate.bot.forge.ForgeProperties;
import io.helmgate.bot.forge.ForgeUserEmails;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link Forge} over GitLab's REST API v4 (merge requests). Endpoints, the answers they give and
 * their sources: README.md in the parent package.
 */
public final class GitLabForge implements Forge {

  /** GitLab cuts a commit status description at 255 characters. */
  private static final int MAX_DESCRIPTION = 255;

  /** Longest title kept; longer ones are cut rather than refused. */
  private static final int MAX_TITLE = 255;

  /** GitLab limits descriptions and notes to 1,000,000 characters. */
  private static final int MAX_TEXT = 1000000;

  private final ForgeProperties properties;
  private final Clock clock;
  private final ForgeHttp http;
  private final String project;
  private final ForgeUserEmails emails;

  public GitLabForge(ForgeProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.emails = new ForgeUserEmails(properties, clock);
    // A project path goes in one path segment, its slashes encoded as %2F.
    this.project =
        properties.apiRoot()
            + "/projects/"
            + URLEncoder.encode(properties.repository(), StandardCharsets.UTF_8);
    this.http =
        new ForgeHttp(
            "GitLab",
            properties.timeout(),
            Map.of("Authorization", "Bearer " + properties.token(), "User-Agent", "helmgate"));
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    ObjectNode body = http.object();
    body.put("source_branch", draft.headBranch());
    body.put("target_branch", draft.baseBranch());
    body.put("title", ForgeHttp.cut(draft.title(), MAX_TITLE));
    body.put("description", ForgeHttp.cut(draft.body(), MAX_TEXT));
    body.put("remove_source_branch", true);
    HttpResponse<String> r = http.send("POST", project + "/merge_requests", body);
    if (r.statusCode() == 409) {
      // "Another open merge request already exists for this source branch": not a moved head.
      throw new ForgeException(
          Kind.VALIDATION,
          "GitLab refused to open a merge request (409 "
              + message(r)
              + "): one is already open for "
              + draft.headBranch()
              + "; find it instead of opening another");
    }
    return mergeRequest(expect(r, 201, "open a merge request"));
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch) {
    JsonNode list =
        expect(
            http.send(
                "GET",
                project
                    + "/merge_requests?state=opened&source_branch="
                    + URLEncoder.encode(headBranch, StandardCharsets.UTF_8),
                null),
            200,
            "list open merge requests");
    for (JsonNode mr : list) {
      if (headBranch.equals(text(mr.path("source_branch")))) {
        return Optional.of(get(mr.path("iid").asLong()));
      }
    }
    return Optional.empty();
  }

  @Override
  public PullRequest get(long number) {
    return mergeRequest(
        expect(
            http.send("GET", project + "/merge_requests/" + number, null),
            200,
            "read merge request"));
  }

  @Override
  public List<Review> reviews(long number) {
    List<Review> reviews = new ArrayList<>();
    // Approvals carry no time and no commit: GitLab resets them on a new push when the project
    // says so (see README), which is what keeps an approval tied to the head.
    JsonNode approvals =
        expect(
            http.send("GET", project + "/merge_requests/" + number + "/approvals", null),
            200,
            "read merge request approvals");
    for (JsonNode a : approvals.path("approved_by")) {
      String username = text(a.path("user").path("username"));
      if (username != null) {
        reviews.add(
            new Review(
                username,
                email(username, a.path("user")),
                Review.Verdict.APPROVED,
                Optional.empty(),
                Optional.empty()));
      }
    }
    HttpResponse<String> r =
        http.send("GET", project + "/merge_requests/" + number + "/reviewers", null);
    if (r.statusCode() == 404) {
      // GitLab before 15.3 has no reviewers endpoint: no change requests to read, only approvals.
      return reviews;
    }
    for (JsonNode reviewer : expect(r, 200, "read merge request reviewers")) {
      String username = text(reviewer.path("user").path("username"));
      if (username != null && "requested_changes".equals(text(reviewer.path("state")))) {
        reviews.add(
            new Review(
                username,
                email(username, reviewer.path("user")),
                Review.Verdict.CHANGES_REQUESTED,
                Optional.ofNullable(text(reviewer.path("created_at"))).map(Instant::parse),
                Optional.empty()));
      }
    }
    return reviews;
  }

  /**
   * The e-mail of a user that an approval or a reviewer names: these carry none, so {@code GET
   * /users/:id} is asked once per user (cached). Its {@code public_email} is one of the account's
   * confirmed addresses (GitLab refuses any other), or empty; {@code email}, the primary address,
   * is there only when the token may see it (an administrator's).
   */
  private Optional<String> email(String username, JsonNode user) {
    JsonNode id = user.path("id");
    if (!id.isNumber()) {
      return Optional.empty();
    }
    return emails.of(
        username,
        () -> {
          HttpResponse<String> r =
              http.send("GET", properties.apiRoot() + "/users/" + id.asLong(), null);
          if (r.statusCode() == 404) {
            return Optional.empty(); // deleted, or a private profile the token cannot see
          }
          JsonNode u = expect(r, 200, "read user " + username);
          return Optional.ofNullable(text(u.path("public_email")))
              .filter(s -> !s.isBlank())
              .or(() -> Optional.ofNullable(text(u.path("email"))).filter(s -> !s.isBlank()));
        });
  }

  @Override
  public void setPolicyStatus(
      String sha, CommitStatusState state, String description, String targetUrl) {
    ObjectNode body = http.object();
    body.put(
        "state",
        switch (state) {
          case PENDING -> "pending";
          case SUCCESS -> "success";
          case FAILURE -> "failed";
        });
    body.put("name", POLICY_CHECK);
    body.put("description", ForgeHttp.cut(description, MAX_DESCRIPTION));
    if (targetUrl != null) {
      body.put("target_url", targetUrl);
    }
    HttpResponse<String> r = http.send("POST", project + "/statuses/" + sha, body);
    if (r.statusCode() == 400 && message(r).contains("Cannot transition status")) {
      // GitLab refuses to set a status to the state it already has: the status is as wanted.
      return;
    }
    expect(r, 201, "set the helmgate/policy status");
  }

  @Override
  public void comment(long number, String text) {
    ObjectNode body = http.object();
    body.put("body", ForgeHttp.cut(text, MAX_TEXT));
    expect(
        http.send("POST", project + "/merge_requests/" + number + "/notes", body),
        201,
        "comment on the merge request");
  }

  @Override
  public PullRequest merge(long number, String expectedHeadSha) {
    PullRequest before = get(number);
    if (before.state() == PullRequest.State.MERGED) {
      // An earlier attempt merged and crashed before recording it, or a person merged: not a
      // failure. The caller compares headSha() with what was approved.
      return before;
    }
    ObjectNode body = http.object();
    body.put("sha", expectedHeadSha);
    // GitLab's merge method (merge commit, semi-linear, fast-forward) is a project setting; the
    // API only chooses whether to squash.
    body.put("squash", properties.mergeMethod() == ForgeProperties.MergeMethod.SQUASH);
    body.put("should_remove_source_branch", true);
    return mergeRequest(
        expect(
            http.send("PUT", project + "/merge_requests/" + number + "/merge", body),
            200,
            "merge the merge request"));
  }

  @Override
  public void close(long number, String reason) {
    comment(number, reason);
    if (get(number).state() != PullRequest.State.OPEN) {
      return; // closed or merged already: the comment is all there is left to do
    }
    ObjectNode body = http.object();
    body.put("state_event", "close");
    expect(
        http.send("PUT", project + "/merge_requests/" + number, body),
        200,
        "close the merge request");
  }

  static PullRequest mergeRequest(JsonNode mr) {
    PullRequest.State state =
        switch (String.valueOf(text(mr.path("state")))) {
          case "merged" -> PullRequest.State.MERGED;
          case "opened", "locked" -> PullRequest.State.OPEN;
          default -> PullRequest.State.CLOSED;
        };
    Optional<String> mergeCommit =
        Optional.ofNullable(text(mr.path("merge_commit_sha")))
            .or(() -> Optional.ofNullable(text(mr.path("squash_commit_sha"))));
    if (state == PullRequest.State.MERGED && mergeCommit.isEmpty()) {
      // A fast-forward merge makes no merge commit: the base now points at the head itself.
      mergeCommit = Optional.ofNullable(text(mr.path("sha")));
    }
    return new PullRequest(
        mr.path("iid").asLong(),
        text(mr.path("web_url")),
        state,
        text(mr.path("sha")),
        text(mr.path("source_branch")),
        text(mr.path("target_branch")),
        mergeable(mr),
        state == PullRequest.State.MERGED ? mergeCommit : Optional.empty());
  }

  /** From {@code has_conflicts} and {@code merge_status}; both are computed asynchronously. */
  static PullRequest.Mergeable mergeable(JsonNode mr) {
    if (mr.path("has_conflicts").asBoolean(false)) {
      return PullRequest.Mergeable.NO;
    }
    return switch (String.valueOf(text(mr.path("merge_status")))) {
      case "can_be_merged" -> PullRequest.Mergeable.YES;
      case "cannot_be_merged" -> PullRequest.Mergeable.NO;
      default -> PullRequest.Mergeable.UNKNOWN;
    };
  }

  private JsonNode expect(HttpResponse<String> response, int ok, String what) {
    Optional<ForgeException> redirected = http.redirect(response);
    if (redirected.isPresent()) {
      throw redirected.get();
    }
    if (response.statusCode() == ok) {
      return http.parse(response);
    }
    throw error(response, what);
  }

  /**
   * GitLab's {@code message}: a string ({@code "405 Method Not Allowed"}), a list, or an object of
   * field → errors for a validation failure.
   */
  private String message(HttpResponse<String> response) {
    JsonNode body = http.parseLeniently(response.body());
    JsonNode m = body.path("message");
    if (m.isString()) {
      return m.asString();
    }
    List<String> parts = new ArrayList<>();
    if (m.isObject()) {
      m.properties()
          .forEach(
              e -> {
                List<String> errors = new ArrayList<>();
                e.getValue().forEach(v -> errors.add(v.asString()));
                parts.add(e.getKey() + " " + String.join(", ", errors));
              });
    } else if (m.isArray()) {
      m.forEach(v -> parts.add(v.asString()));
    }
    if (!parts.isEmpty()) {
      return String.join("; ", parts);
    }
    String error = text(body.path("error"));
    return error != null ? error : quote(response.body());
  }

  /** GitLab's error answers as a {@link ForgeException} that says what to do. */
  private ForgeException error(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    String prefix = "GitLab refused to " + what + " (" + status + " " + message(response) + ")";
    return switch (status) {
      case 401 ->
          new ForgeException(
              Kind.UNAUTHENTICATED,
              prefix + ": the token in helmgate.forge.token is invalid, expired or revoked");
      case 403 ->
          new ForgeException(
              Kind.FORBIDDEN,
              prefix
                  + ": give the bot's token the api scope and at least the Developer role on "
                  + properties.repository());
      case 404 ->
          new ForgeException(
              Kind.NOT_FOUND,
              prefix
                  + ": check helmgate.forge.repository ("
                  + properties.repository()
                  + ") and that the token can see it");
      case 405, 406 ->
          new ForgeException(
              Kind.NOT_MERGEABLE,
              prefix
                  + ": the merge checks (pipelines, approvals, draft, conflicts) do not allow the"
                  + " merge yet; Helmgate does not override them");
      case 409 ->
          new ForgeException(
              Kind.CONFLICT,
              prefix + ": the merge request's head moved since it was read; read it again");
      case 400, 422 -> new ForgeException(Kind.VALIDATION, prefix);
      case 429 ->
          ForgeException.rateLimited(
              prefix + ": GitLab's rate limit is hit; Helmgate waits and tries again",
              ForgeHttp.retryAfter(response, "RateLimit-Reset", clock).orElse(null));
      default ->
          status >= 500
              ? new ForgeException(
                  Kind.UNAVAILABLE, prefix + ": GitLab is failing; the call will be retried")
              : new ForgeException(Kind.VALIDATION, prefix);
    };
  }
}
