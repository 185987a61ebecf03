package io.helmgate.bot.forge.github;

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
 * {@link Forge} over GitHub's REST API (github.com and GitHub Enterprise Server). Endpoints, the
 * answers they give and their sources: README.md in the parent package.
 */
public final class GitHubForge implements Forge {

  /** Pages of reviews read at most (100 per page); a change with more is not a normal change. */
  private static final int MAX_PAGES = 10;

  /** GitHub cuts a status description at 140 characters. */
  private static final int MAX_DESCRIPTION = 140;

  /** Longest title kept; longer ones are cut rather than refused. */
  private static final int MAX_TITLE = 255;

  /** GitHub refuses a body or comment over 65,536 characters with 422. */
  private static final int MAX_TEXT = 65536;

  private final ForgeProperties properties;
  private final Clock clock;
  private final ForgeHttp http;
  private final String repo;
  private final String owner;
  private final ForgeUserEmails emails;

  public GitHubForge(ForgeProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.emails = new ForgeUserEmails(properties, clock);
    this.repo = properties.apiRoot() + "/repos/" + properties.repository();
    this.owner = properties.repository().substring(0, properties.repository().indexOf('/'));
    this.http =
        new ForgeHttp(
            "GitHub",
            properties.timeout(),
            Map.of(
                "Authorization", "Bearer " + properties.token(),
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28",
                "User-Agent", "helmgate"));
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    ObjectNode body = http.object();
    body.put("title", ForgeHttp.cut(draft.title(), MAX_TITLE));
    body.put("head", draft.headBranch());
    body.put("base", draft.baseBranch());
    body.put("body", ForgeHttp.cut(draft.body(), MAX_TEXT));
    return pullRequest(
        expect(http.send("POST", repo + "/pulls", body), 201, "open a pull request"));
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch) {
    // The head filter wants owner:branch; the branch lives in the values repository itself.
    String url =
        repo + "/pulls?state=open&head=" + encode(owner + ":" + headBranch) + "&per_page=10";
    JsonNode list = expect(http.send("GET", url, null), 200, "list open pull requests");
    for (JsonNode pr : list) {
      if (headBranch.equals(text(pr.path("head").path("ref")))) {
        // The list's items lack `mergeable`; read the pull request itself.
        return Optional.of(get(pr.path("number").asLong()));
      }
    }
    return Optional.empty();
  }

  @Override
  public PullRequest get(long number) {
    return pullRequest(
        expect(http.send("GET", repo + "/pulls/" + number, null), 200, "read pull request"));
  }

  @Override
  public List<Review> reviews(long number) {
    List<Review> reviews = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      JsonNode list =
          expect(
              http.send(
                  "GET", repo + "/pulls/" + number + "/reviews?per_page=100&page=" + page, null),
              200,
              "list reviews");
      for (JsonNode r : list) {
        Optional<Review.Verdict> verdict = verdict(text(r.path("state")));
        String login = text(r.path("user").path("login"));
        // A deleted account shows as user null: nobody to map, so the review cannot count.
        if (verdict.isPresent() && login != null) {
          reviews.add(
              new Review(
                  login,
                  "User".equals(text(r.path("user").path("type")))
                      ? emails.of(login, () -> publicEmail(login))
                      : Optional.empty(),
                  verdict.get(),
                  Optional.ofNullable(text(r.path("submitted_at"))).map(Instant::parse),
                  Optional.ofNullable(text(r.path("commit_id")))));
        }
      }
      if (list.size() < 100) {
        break;
      }
    }
    return reviews;
  }

  /**
   * The public e-mail of a user's profile ({@code GET /users/{username}}, users/get-by-username):
   * null unless the person chose to show one, so GitHub reviewers are usually mapped by the table.
   */
  private Optional<String> publicEmail(String login) {
    HttpResponse<String> r =
        http.send("GET", properties.apiRoot() + "/users/" + encode(login), null);
    if (r.statusCode() == 404) {
      return Optional.empty(); // the account was deleted or renamed since it reviewed
    }
    return Optional.ofNullable(text(expect(r, 200, "read user " + login).path("email")));
  }

  /** Review states, upper-case in the REST API; DISMISSED and PENDING are no verdict. */
  static Optional<Review.Verdict> verdict(String state) {
    if (state == null) {
      return Optional.empty();
    }
    return switch (state.toUpperCase(java.util.Locale.ROOT)) {
      case "APPROVED" -> Optional.of(Review.Verdict.APPROVED);
      case "CHANGES_REQUESTED" -> Optional.of(Review.Verdict.CHANGES_REQUESTED);
      case "COMMENTED" -> Optional.of(Review.Verdict.COMMENTED);
      default -> Optional.empty();
    };
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
          case FAILURE -> "failure";
        });
    body.put("context", POLICY_CHECK);
    body.put("description", ForgeHttp.cut(description, MAX_DESCRIPTION));
    if (targetUrl != null) {
      body.put("target_url", targetUrl);
    }
    expect(
        http.send("POST", repo + "/statuses/" + sha, body), 201, "set the helmgate/policy status");
  }

  @Override
  public void comment(long number, String text) {
    ObjectNode body = http.object();
    body.put("body", ForgeHttp.cut(text, MAX_TEXT));
    // Pull requests are issues for conversation comments.
    expect(
        http.send("POST", repo + "/issues/" + number + "/comments", body),
        201,
        "comment on the pull request");
  }

  @Override
  public PullRequest merge(long number, String expectedHeadSha) {
    PullRequest before = get(number);
    if (before.state() == PullRequest.State.MERGED) {
      // An earlier attempt merged and crashed before recording it, or a person merged: not a
      // failure. The caller compares headSha() with what was approved.
      return before;
    }
    if (before.state() == PullRequest.State.CLOSED) {
      throw new ForgeException(
          Kind.NOT_MERGEABLE,
          "GitHub pull request " + number + " was closed without merging; it cannot be merged");
    }
    ObjectNode body = http.object();
    body.put("sha", expectedHeadSha);
    body.put("merge_method", properties.mergeMethod().apiName());
    JsonNode result =
        expect(
            http.send("PUT", repo + "/pulls/" + number + "/merge", body),
            200,
            "merge the pull request");
    return new PullRequest(
        before.number(),
        before.url(),
        PullRequest.State.MERGED,
        expectedHeadSha,
        before.headBranch(),
        before.baseBranch(),
        PullRequest.Mergeable.UNKNOWN,
        Optional.ofNullable(text(result.path("sha"))));
  }

  @Override
  public void close(long number, String reason) {
    comment(number, reason);
    if (get(number).state() != PullRequest.State.OPEN) {
      return; // closed or merged already: the comment is all there is left to do
    }
    ObjectNode body = http.object();
    body.put("state", "closed");
    expect(http.send("PATCH", repo + "/pulls/" + number, body), 200, "close the pull request");
  }

  static PullRequest pullRequest(JsonNode pr) {
    // The list endpoints omit `merged`; `merged_at` is set on both.
    boolean merged = pr.path("merged").asBoolean(false) || text(pr.path("merged_at")) != null;
    PullRequest.State state =
        merged
            ? PullRequest.State.MERGED
            : "open".equals(text(pr.path("state")))
                ? PullRequest.State.OPEN
                : PullRequest.State.CLOSED;
    JsonNode mergeable = pr.path("mergeable");
    return new PullRequest(
        pr.path("number").asLong(),
        text(pr.path("html_url")),
        state,
        text(pr.path("head").path("sha")),
        text(pr.path("head").path("ref")),
        text(pr.path("base").path("ref")),
        mergeable.isBoolean()
            ? (mergeable.asBoolean() ? PullRequest.Mergeable.YES : PullRequest.Mergeable.NO)
            : PullRequest.Mergeable.UNKNOWN,
        // While open, merge_commit_sha names GitHub's test merge, not a commit on the base.
        merged ? Optional.ofNullable(text(pr.path("merge_commit_sha"))) : Optional.empty());
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

  /** GitHub's error answers as a {@link ForgeException} that says what to do. */
  ForgeException error(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    JsonNode body = http.parseLeniently(response.body());
    String message = Optional.ofNullable(text(body.path("message"))).orElse(quote(response.body()));
    String prefix = "GitHub refused to " + what + " (" + status + " " + message + ")";
    boolean exhausted =
        response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
    if (status == 429
        || (status == 403
            && (exhausted
                || response.headers().firstValue("Retry-After").isPresent()
                || message.toLowerCase(java.util.Locale.ROOT).contains("rate limit")))) {
      return ForgeException.rateLimited(
          prefix + ": the rate limit is exhausted; Helmgate waits and tries again",
          ForgeHttp.retryAfter(response, "x-ratelimit-reset", clock).orElse(null));
    }
    return switch (status) {
      case 401 ->
          new ForgeException(
              Kind.UNAUTHENTICATED,
              prefix
                  + ": the token in helmgate.forge.token is invalid or expired; issue a new one");
      case 403 ->
          new ForgeException(
              Kind.FORBIDDEN,
              prefix
                  + ": give the bot's token write access to pull requests, contents and commit"
                  + " statuses of "
                  + properties.repository());
      case 404 ->
          new ForgeException(
              Kind.NOT_FOUND,
              prefix
                  + ": check helmgate.forge.repository ("
                  + properties.repository()
                  + ") and that the token can see it");
      case 405 ->
          new ForgeException(
              Kind.NOT_MERGEABLE,
              prefix
                  + ": the branch protection or a conflict blocks the merge; Helmgate does not"
                  + " override it");
      case 409 ->
          new ForgeException(
              Kind.CONFLICT,
              prefix + ": the pull request's head moved since it was read; read it again");
      case 422 -> new ForgeException(Kind.VALIDATION, prefix + validationDetails(body));
      default ->
          status >= 500
              ? new ForgeException(
                  Kind.UNAVAILABLE, prefix + ": GitHub is failing; the call will be retried")
              : new ForgeException(Kind.VALIDATION, prefix);
    };
  }

  /** The {@code errors} list of a 422 Validation Failed answer, in one line. */
  private static String validationDetails(JsonNode body) {
    List<String> details = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      String m = text(e.path("message"));
      if (m == null) {
        m = text(e.path("resource")) + "." + text(e.path("field")) + " " + text(e.path("code"));
      }
      details.add(m);
    }
    return details.isEmpty() ? "" : ": " + String.join("; ", details);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
