package io.helmgate.bot.testsupport.forge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful GitHub for scenario tests: a WireMock server answering the REST endpoints {@code
 * GitHubForge} calls, with the JSON shapes of GitHub's REST OpenAPI description (operations
 * pulls/create, pulls/list, pulls/get, pulls/update, pulls/list-reviews, pulls/merge,
 * repos/create-commit-status, repos/list-commit-statuses-for-ref, issues/create-comment,
 * issues/list-comments), standing in front of a REAL bare git repository: the one the bot pushes
 * its branches to.
 *
 * <pre>{@code
 * try (GitHubStandIn github = GitHubStandIn.start(remote, "acme/helm-values", clock)) {
 *   github.requiredApprovingReviews(1);
 *   // point helmgate.forge.base-url at github.baseUrl(), token github.token(), repository
 *   // github.repository(); the bot pushes helmgate/R-42 to `remote` and opens the pull request
 *   github.review(1, "ops-bob", "APPROVED");
 *   github.deliverWebhook(bot, secret, "pull_request_review",
 *       github.pullRequestReviewEvent(1, github.reviews(1).get(0).id()));
 * }
 * }</pre>
 *
 * <p>Behaviour over time, as GitHub's: a pull request's {@code mergeable} is null when it is opened
 * and whenever its head or base moved, and is computed on a later GET (the {@link
 * #mergeabilityKnownAfterGets n}th after the change; default: the second). Heads and bases are read
 * from the repository on every call, so a push by anyone (the bot's rebase included) is seen: the
 * head's sha moves, approvals on the old head are dismissed ({@link #dismissStaleReviews}, on by
 * default, as Helmgate's README asks of branch protection), and a deleted head branch closes the
 * pull request. The base branch is protected: a merge is refused with 405 {@code Required status
 * check "helmgate/policy" is expected.} while the latest {@code helmgate/policy} status on the head
 * is not success, and, with {@link #requiredApprovingReviews}, until that many people's latest
 * review is an approval. A merge whose {@code sha} is not the head is 409; a conflict is 405 "Pull
 * Request is not mergeable"; a second pull request for the same head is 422. A merge really merges
 * in the repository (a merge commit with the base's tip and the head as parents; {@code squash}:
 * one commit on the base) and answers that commit's sha.
 *
 * <p>Not modelled: draft pull requests, review comments, teams and code owners, the {@code rebase}
 * merge method (refused with 405 as on a repository that does not allow it), check runs (only
 * commit statuses), pagination links (pages are served, {@code Link} headers are not).
 */
public final class GitHubStandIn implements AutoCloseable {

  /** The status context Helmgate sets and branch protection requires. */
  public static final String POLICY_CHECK = "helmgate/policy";

  /** The login the bot's token belongs to: author of the pull requests it opens. */
  public static final String BOT_LOGIN = "helmgate-bot";

  private static final String TOKEN = "github-stand-in-" + "token";
  private static final long REPO_ID = 1296269;
  private static final String DOCS = "https://docs.github.com/rest";
  private static final Pattern REPO_PATH =
      Pattern.compile("^(?:/api/v3)?/repos/([^/]+)/([^/]+)(/[^?]*)?(?:\\?.*)?$");
  private static final Pattern PULL = Pattern.compile("/pulls/(\\d+)");
  private static final Pattern PULL_REVIEWS = Pattern.compile("/pulls/(\\d+)/reviews");
  private static final Pattern PULL_MERGE = Pattern.compile("/pulls/(\\d+)/merge");
  private static final Pattern STATUSES = Pattern.compile("/statuses/([^/]+)");
  private static final Pattern COMMIT_STATUSES = Pattern.compile("/commits/([^/]+)/statuses");
  private static final Pattern ISSUE_COMMENTS = Pattern.compile("/issues/(\\d+)/comments");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** A commit status as it was set, in order. */
  public record StatusSet(
      long id,
      String sha,
      String state,
      String context,
      String description,
      String targetUrl,
      String creator,
      Instant createdAt) {}

  /** A conversation comment on a pull request. */
  public record Comment(long id, long number, String login, String body, Instant createdAt) {}

  /** A merge done, through the API or by a person. */
  public record Merge(
      long number, String headSha, String mergeCommitSha, String method, String login) {}

  /** A review as GitHub lists it; {@code state} is upper-case, DISMISSED once dismissed. */
  public record SubmittedReview(
      long id, long number, String login, String state, String commitId, Instant submittedAt) {}

  /** What a pull request looks like now. */
  public record Pull(
      long number,
      String title,
      String body,
      String headRef,
      String baseRef,
      String headSha,
      String state,
      boolean merged,
      Optional<String> mergeCommitSha) {}

  /** An answer of the API: status and JSON body. */
  private record Answer(int status, String body) {}

  /** A refusal GitHub answers with a JSON error body. */
  private static final class Refusal extends RuntimeException {
    final int status;
    final ObjectNode body;

    /** GitHub's basic-error: {@code {message, documentation_url, status}}. */
    Refusal(int status, String message, String docs) {
      this(status, message, docs, null);
    }

    private Refusal(int status, String message, String docs, ObjectNode error) {
      super(message);
      this.status = status;
      this.body = JSON.createObjectNode();
      body.put("message", message);
      if (error != null) {
        body.putArray("errors").add(error);
      }
      body.put("documentation_url", docs);
      body.put("status", String.valueOf(status));
    }

    /** GitHub's validation-error: a basic error with the {@code errors} that failed. */
    static Refusal validation(String docs, ObjectNode error) {
      return new Refusal(422, "Validation Failed", docs, error);
    }
  }

  private static final class PullState {
    final long number;
    final long id;
    final String headRef;
    final String baseRef;
    final String author;
    final Instant createdAt;
    String title;
    String body;
    String state = "open";
    boolean merged;
    Instant updatedAt;
    Instant closedAt;
    Instant mergedAt;
    String mergeCommitSha;
    String mergedBy;
    String closedBy;
    String headSha;
    String previousHeadSha;
    String headPushedBy;
    String baseSha;
    String mergeabilityFor = "";
    Boolean mergeable;
    int getsSinceChange;
    final List<SubmittedReview> reviews = new ArrayList<>();

    /** Each review's state as submitted, which its webhook carries even once dismissed. */
    final Map<Long, String> submittedStates = new LinkedHashMap<>();

    int comments;

    PullState(long number, String headRef, String baseRef, String author, Instant now) {
      this.number = number;
      this.id = 1_000_000L + number;
      this.headRef = headRef;
      this.baseRef = baseRef;
      this.author = author;
      this.createdAt = now;
      this.updatedAt = now;
    }

    boolean open() {
      return "open".equals(state);
    }
  }

  private final BareRepository git;
  private final String repository;
  private final String owner;
  private final Clock clock;
  private final WireMockServer server;
  private final Map<Long, PullState> pulls = new LinkedHashMap<>();
  private final List<StatusSet> statuses = new ArrayList<>();
  private final List<Comment> comments = new ArrayList<>();
  private final List<Merge> merges = new ArrayList<>();
  private long nextNumber = 1;
  private long nextId = 1;
  private int requiredApprovals;
  private boolean dismissStale = true;
  private int knownAfterGets = 1;
  private int rateRemaining = 5000;

  /** Who made the push the next observation finds: a person here, else the bot (its pushes). */
  private String pusher;

  private GitHubStandIn(Path bareRepository, String repository, Clock clock) {
    if (!repository.matches("[^/]+/[^/]+")) {
      throw new IllegalArgumentException("a repository is owner/name: " + repository);
    }
    this.git = new BareRepository(bareRepository);
    this.repository = repository;
    this.owner = repository.substring(0, repository.indexOf('/'));
    this.clock = clock;
    this.server =
        new WireMockServer(
            options().dynamicPort().notifier(new Slf4jNotifier(false)).extensions(new Api()));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
  }

  /**
   * A GitHub for {@code acme/helm-values} on the system clock in front of {@code bareRepository}.
   */
  public static GitHubStandIn start(Path bareRepository) {
    return start(bareRepository, "acme/helm-values", Clock.systemUTC());
  }

  /** A GitHub for {@code repository} (owner/name) in front of {@code bareRepository}. */
  public static GitHubStandIn start(Path bareRepository, String repository, Clock clock) {
    return new GitHubStandIn(bareRepository, repository, clock);
  }

  /**
   * The API root for {@code helmgate.forge.base-url}, a GitHub Enterprise Server root ({@code
   * /api/v3}) since the bot accepts only those or api.github.com; the API answers at the server's
   * root too.
   */
  public String baseUrl() {
    return server.baseUrl() + "/api/v3";
  }

  /** The one token accepted (401 "Bad credentials" otherwise), for {@code helmgate.forge.token}. */
  public String token() {
    return TOKEN;
  }

  /** owner/name, for {@code helmgate.forge.repository}. */
  public String repository() {
    return repository;
  }

  /** The WireMock behind it, for its request journal ({@code verify}, serve events). */
  public WireMockServer wireMock() {
    return server;
  }

  // ---------------------------------------------------------------- branch protection

  /** Branch protection: this many approving reviews are required to merge (default 0). */
  public synchronized GitHubStandIn requiredApprovingReviews(int count) {
    this.requiredApprovals = count;
    return this;
  }

  /** Branch protection: whether a push to the head dismisses its approvals (default on). */
  public synchronized GitHubStandIn dismissStaleReviews(boolean on) {
    this.dismissStale = on;
    return this;
  }

  /**
   * How many GETs of a pull request answer {@code mergeable: null} after it was opened or its head
   * or base moved, before one answers the computed value (default 1; 0: computed at the first).
   */
  public synchronized GitHubStandIn mergeabilityKnownAfterGets(int gets) {
    this.knownAfterGets = gets;
    return this;
  }

  // ---------------------------------------------------------------- what people do

  /** {@code login} submits a review: "APPROVED", "CHANGES_REQUESTED" or "COMMENTED". */
  public synchronized SubmittedReview review(long number, String login, String state) {
    String upper = state.toUpperCase(Locale.ROOT);
    if (!List.of("APPROVED", "CHANGES_REQUESTED", "COMMENTED").contains(upper)) {
      throw new IllegalArgumentException(
          "a submitted review is APPROVED, CHANGES_REQUESTED or COMMENTED");
    }
    PullState pr = pull(number);
    if (!pr.open()) {
      throw new IllegalStateException("pull request " + number + " is not open");
    }
    if (pr.author.equals(login) && !upper.equals("COMMENTED")) {
      // GitHub: "Can not approve your own pull request" / "... request changes on your own ..."
      throw new IllegalArgumentException(login + " cannot approve their own pull request");
    }
    SubmittedReview review = new SubmittedReview(nextId++, number, login, upper, pr.headSha, now());
    pr.reviews.add(review);
    pr.submittedStates.put(review.id(), upper);
    pr.updatedAt = review.submittedAt();
    return review;
  }

  /** A person closes the pull request without merging it in the web UI. */
  public synchronized void closeByPerson(long number) {
    closeByPerson(number, "jane-ops");
  }

  /** {@code login} closes the pull request without merging it. */
  public synchronized void closeByPerson(long number, String login) {
    PullState pr = pull(number);
    if (pr.open()) {
      close(pr, login);
    }
  }

  /**
   * A repository admin merges the pull request in the web UI (a merge commit), bypassing branch
   * protection but not a conflict; answers the merge commit's sha.
   */
  public synchronized String mergeByPerson(long number) {
    return mergeByPerson(number, "jane-ops");
  }

  /** {@link #mergeByPerson(long)} by {@code login}. */
  public synchronized String mergeByPerson(long number, String login) {
    PullState pr = pull(number);
    if (!pr.open()) {
      throw new IllegalStateException("pull request " + number + " is not open");
    }
    return doMerge(pr, "merge", login)
        .orElseThrow(() -> new IllegalStateException("pull request " + number + " has a conflict"));
  }

  /**
   * Someone else commits a change of {@code file} on the default branch (main); answers its sha.
   */
  public synchronized String pushToBaseBranch(String file, String content) {
    return pushToBranch("main", file, content);
  }

  /** Someone commits a change of {@code file} on {@code branch}; answers its sha. */
  public synchronized String pushToBranch(String branch, String file, String content) {
    String sha = git.commitFile(branch, "main", file, content, person("jane-ops"), now());
    pusher = "jane-ops";
    try {
      observe();
    } finally {
      pusher = null;
    }
    return sha;
  }

  /** Someone else pushes a commit changing {@code file} to the pull request's head branch. */
  public synchronized String pushToHeadBranch(long number, String file, String content) {
    return pushToBranch(pull(number).headRef, file, content);
  }

  // ---------------------------------------------------------------- what happened

  /** Every commit status set through the API, in order. */
  public synchronized List<StatusSet> statuses() {
    return List.copyOf(statuses);
  }

  /** The commit statuses set on {@code sha}, in order. */
  public synchronized List<StatusSet> statuses(String sha) {
    return statuses.stream().filter(s -> s.sha().equals(sha)).toList();
  }

  /** Every conversation comment posted, in order. */
  public synchronized List<Comment> comments() {
    return List.copyOf(comments);
  }

  /** The comments on one pull request, in order. */
  public synchronized List<Comment> comments(long number) {
    return comments.stream().filter(c -> c.number() == number).toList();
  }

  /** Every merge done, in order. */
  public synchronized List<Merge> merges() {
    return List.copyOf(merges);
  }

  /** The reviews of one pull request, in order. */
  public synchronized List<SubmittedReview> reviews(long number) {
    observe();
    return List.copyOf(pull(number).reviews);
  }

  /** A pull request as it is now. */
  public synchronized Pull pullRequest(long number) {
    observe();
    return view(pull(number));
  }

  /** Every pull request, oldest first. */
  public synchronized List<Pull> pullRequests() {
    observe();
    return pulls.values().stream().map(GitHubStandIn::view).toList();
  }

  /** The pull request whose head is {@code branch}, the newest if several. */
  public synchronized Optional<Pull> pullRequestFor(String branch) {
    observe();
    return pulls.values().stream()
        .filter(p -> p.headRef.equals(branch))
        .reduce((a, b) -> b)
        .map(GitHubStandIn::view);
  }

  // ---------------------------------------------------------------- webhooks

  /**
   * The {@code pull_request} payload GitHub sends for {@code action} ("opened", "closed" — merged
   * or not as the pull request is —, "reopened", "synchronize" with {@code before}/{@code after}).
   */
  public synchronized String pullRequestEvent(long number, String action) {
    observe();
    PullState pr = pull(number);
    ObjectNode event = JSON.createObjectNode();
    event.put("action", action);
    event.put("number", number);
    if ("synchronize".equals(action)) {
      event.put("before", pr.previousHeadSha);
      event.put("after", pr.headSha);
    }
    event.set("pull_request", pullJson(pr, true));
    event.set("repository", repoJson());
    event.set("organization", user(owner, "Organization"));
    String sender =
        switch (action) {
          case "closed" -> pr.merged ? pr.mergedBy : pr.closedBy;
          case "synchronize" -> pr.headPushedBy;
          default -> pr.author;
        };
    event.set("sender", user(sender == null ? pr.author : sender, "User"));
    return JSON.writeValueAsString(event);
  }

  /**
   * The {@code pull_request_review} payload GitHub sends when review {@code reviewId} is submitted.
   */
  public synchronized String pullRequestReviewEvent(long number, long reviewId) {
    observe();
    PullState pr = pull(number);
    SubmittedReview review =
        pr.reviews.stream()
            .filter(r -> r.id() == reviewId)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no review " + reviewId));
    ObjectNode event = JSON.createObjectNode();
    event.put("action", "submitted");
    ObjectNode r = reviewJson(pr, review);
    // Webhook review states are lower-case; the REST API's are upper-case.
    r.put("state", pr.submittedStates.get(review.id()).toLowerCase(Locale.ROOT));
    event.set("review", r);
    event.set("pull_request", pullJson(pr, false));
    event.set("repository", repoJson());
    event.set("organization", user(owner, "Organization"));
    event.set("sender", user(review.login(), "User"));
    return JSON.writeValueAsString(event);
  }

  /**
   * Delivers {@code json} as event {@code event} to the bot's webhook endpoint, signed with {@code
   * secret} in {@code X-Hub-Signature-256}; answers the bot's HTTP status.
   */
  public int deliverWebhook(URI botEndpoint, String secret, String event, String json) {
    HttpResponse<String> response = WebhookDelivery.deliver(botEndpoint, secret, event, json);
    return response.statusCode();
  }

  @Override
  public void close() {
    server.stop();
  }

  // ---------------------------------------------------------------- the API

  /** Answers every request from the stand-in's state (the catch-all stub only makes it match). */
  private final class Api implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      Answer answer = handle(serveEvent.getRequest());
      return new ResponseDefinitionBuilder()
          .withStatus(answer.status())
          .withHeader("Content-Type", "application/json; charset=utf-8")
          .withHeader("X-GitHub-Media-Type", "github.v3; format=json")
          .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28")
          .withHeader("x-ratelimit-limit", "5000")
          .withHeader("x-ratelimit-remaining", String.valueOf(rateRemaining))
          .withHeader(
              "x-ratelimit-reset",
              String.valueOf(clock.instant().plus(1, ChronoUnit.HOURS).getEpochSecond()))
          .withHeader("x-ratelimit-resource", "core")
          .withBody(answer.body())
          .build();
    }

    @Override
    public String getName() {
      return "github-stand-in";
    }
  }

  private synchronized Answer handle(Request request) {
    try {
      String auth = request.getHeader("Authorization");
      if (auth == null || !(auth.equals("Bearer " + TOKEN) || auth.equals("token " + TOKEN))) {
        throw new Refusal(401, "Bad credentials", DOCS);
      }
      rateRemaining = Math.max(0, rateRemaining - 1);
      Matcher m = REPO_PATH.matcher(request.getUrl());
      if (!m.matches() || !(m.group(1) + "/" + m.group(2)).equalsIgnoreCase(repository)) {
        throw notFound();
      }
      observe();
      String path = m.group(3) == null ? "" : m.group(3);
      String method = request.getMethod().value();
      JsonNode body =
          request.getBodyAsString() == null || request.getBodyAsString().isBlank()
              ? JSON.createObjectNode()
              : JSON.readTree(request.getBodyAsString());
      Matcher p;
      if (path.equals("/pulls") && method.equals("POST")) {
        return open(body);
      }
      if (path.equals("/pulls") && method.equals("GET")) {
        return list(request);
      }
      if ((p = PULL.matcher(path)).matches()) {
        PullState pr = pull404(p.group(1));
        return switch (method) {
          case "GET" -> new Answer(200, write(pullJson(pr, true, true)));
          case "PATCH" -> update(pr, body);
          default -> throw notFound();
        };
      }
      if ((p = PULL_REVIEWS.matcher(path)).matches() && method.equals("GET")) {
        return reviewsAnswer(pull404(p.group(1)), request);
      }
      if ((p = PULL_MERGE.matcher(path)).matches()) {
        PullState pr = pull404(p.group(1));
        if (method.equals("PUT")) {
          return merge(pr, body);
        }
        if (method.equals("GET")) {
          return pr.merged ? new Answer(204, "") : new Answer(404, write(notFound().body));
        }
        throw notFound();
      }
      if ((p = STATUSES.matcher(path)).matches() && method.equals("POST")) {
        return status(p.group(1), body);
      }
      if ((p = COMMIT_STATUSES.matcher(path)).matches() && method.equals("GET")) {
        ArrayNode list = JSON.createArrayNode();
        String sha = resolve(p.group(1));
        List<StatusSet> onSha = statuses(sha);
        for (int i = onSha.size() - 1; i >= 0; i--) {
          list.add(statusJson(onSha.get(i))); // newest first
        }
        return new Answer(200, write(list));
      }
      if ((p = ISSUE_COMMENTS.matcher(path)).matches()) {
        PullState pr = pull404(p.group(1));
        if (method.equals("POST")) {
          return comment(pr, body);
        }
        if (method.equals("GET")) {
          ArrayNode list = JSON.createArrayNode();
          comments(pr.number).forEach(c -> list.add(commentJson(c)));
          return new Answer(200, write(list));
        }
      }
      throw notFound();
    } catch (Refusal r) {
      return new Answer(r.status, write(r.body));
    }
  }

  private Answer open(JsonNode body) {
    String docs = DOCS + "/pulls/pulls#create-a-pull-request";
    String title = text(body, "title");
    String head = text(body, "head");
    String base = text(body, "base");
    if (title == null || head == null || base == null) {
      throw Refusal.validation(
          docs,
          error(
              "PullRequest",
              title == null ? "title" : head == null ? "head" : "base",
              "missing_field"));
    }
    // "owner:branch" names a branch of a fork or of this repository.
    String headRef = head.startsWith(owner + ":") ? head.substring(owner.length() + 1) : head;
    Optional<String> headTip = git.tip(headRef);
    Optional<String> baseTip = git.tip(base);
    if (headTip.isEmpty()) {
      throw Refusal.validation(docs, error("PullRequest", "head", "invalid"));
    }
    if (baseTip.isEmpty()) {
      throw Refusal.validation(docs, error("PullRequest", "base", "invalid"));
    }
    for (PullState other : pulls.values()) {
      if (other.open() && other.headRef.equals(headRef) && other.baseRef.equals(base)) {
        throw Refusal.validation(
            docs, custom("A pull request already exists for " + owner + ":" + headRef + "."));
      }
    }
    if (git.contains(baseTip.get(), headTip.get())) {
      throw Refusal.validation(docs, custom("No commits between " + base + " and " + headRef));
    }
    PullState pr = new PullState(nextNumber++, headRef, base, BOT_LOGIN, now());
    pr.title = title;
    pr.body = text(body, "body");
    pr.headSha = headTip.get();
    pr.baseSha = baseTip.get();
    pulls.put(pr.number, pr);
    return new Answer(201, write(pullJson(pr, true)));
  }

  private Answer list(Request request) {
    String state = param(request, "state").orElse("open");
    Optional<String> head = param(request, "head");
    Optional<String> base = param(request, "base");
    int perPage = param(request, "per_page").map(Integer::parseInt).orElse(30);
    int page = param(request, "page").map(Integer::parseInt).orElse(1);
    List<PullState> matching =
        new ArrayList<>(
            pulls.values().stream()
                .filter(p -> state.equals("all") || p.state.equals(state))
                // A head without "owner:" matches nothing on GitHub; so does another owner's.
                .filter(p -> head.isEmpty() || head.get().equals(owner + ":" + p.headRef))
                .filter(p -> base.isEmpty() || base.get().equals(p.baseRef))
                .toList());
    java.util.Collections.reverse(matching); // newest first
    ArrayNode list = JSON.createArrayNode();
    matching.stream()
        .skip((long) (page - 1) * perPage)
        .limit(perPage)
        .forEach(p -> list.add(pullJson(p, false)));
    return new Answer(200, write(list));
  }

  private Answer update(PullState pr, JsonNode body) {
    String docs = DOCS + "/pulls/pulls#update-a-pull-request";
    if (text(body, "title") != null) {
      pr.title = text(body, "title");
    }
    if (text(body, "body") != null) {
      pr.body = text(body, "body");
    }
    String state = text(body, "state");
    if ("closed".equals(state) && pr.open()) {
      close(pr, BOT_LOGIN);
    } else if ("open".equals(state) && !pr.open()) {
      if (pr.merged || git.tip(pr.headRef).isEmpty()) {
        throw Refusal.validation(
            docs, custom("state cannot be changed. The pull request cannot be reopened."));
      }
      pr.state = "open";
      pr.closedAt = null;
      pr.closedBy = null;
    } else if (state != null && !state.equals("open") && !state.equals("closed")) {
      throw Refusal.validation(docs, error("PullRequest", "state", "invalid"));
    }
    pr.updatedAt = now();
    return new Answer(200, write(pullJson(pr, true)));
  }

  private Answer reviewsAnswer(PullState pr, Request request) {
    int perPage = param(request, "per_page").map(Integer::parseInt).orElse(30);
    int page = param(request, "page").map(Integer::parseInt).orElse(1);
    ArrayNode list = JSON.createArrayNode();
    pr.reviews.stream()
        .skip((long) (page - 1) * perPage)
        .limit(perPage)
        .forEach(r -> list.add(reviewJson(pr, r)));
    return new Answer(200, write(list));
  }

  private Answer merge(PullState pr, JsonNode body) {
    String docs = DOCS + "/pulls/pulls#merge-a-pull-request";
    String method = Optional.ofNullable(text(body, "merge_method")).orElse("merge");
    if (!List.of("merge", "squash", "rebase").contains(method)) {
      throw Refusal.validation(docs, error("PullRequest", "merge_method", "invalid"));
    }
    if (!pr.open()) {
      throw new Refusal(405, "Pull Request is not mergeable", docs);
    }
    String sha = text(body, "sha");
    if (sha != null && !sha.equals(pr.headSha)) {
      throw new Refusal(409, "Head branch was modified. Review and try the merge again.", docs);
    }
    if (method.equals("rebase")) {
      throw new Refusal(405, "Rebase merges are not allowed on this repository.", docs);
    }
    Optional<String> blocked = blockedBy(pr);
    if (blocked.isPresent()) {
      throw new Refusal(405, blocked.get(), docs);
    }
    if (!git.mergesCleanly(git.tip(pr.baseRef).orElseThrow(), pr.headSha)) {
      throw new Refusal(405, "Pull Request is not mergeable", docs);
    }
    Optional<String> merged = doMerge(pr, method, BOT_LOGIN);
    if (merged.isEmpty()) {
      // Someone pushed to the base between the check and the ref update.
      throw new Refusal(405, "Base branch was modified. Review and try the merge again.", docs);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("sha", merged.get());
    answer.put("merged", true);
    answer.put("message", "Pull Request successfully merged");
    return new Answer(200, write(answer));
  }

  private Answer status(String ref, JsonNode body) {
    String docs = DOCS + "/commits/statuses#create-a-commit-status";
    String sha = ref;
    if (!git.hasCommit(sha)) {
      throw Refusal.validation(docs, custom("No commit found for SHA: " + ref));
    }
    String state = text(body, "state");
    if (state == null || !List.of("error", "failure", "pending", "success").contains(state)) {
      throw Refusal.validation(docs, error("Status", "state", "invalid"));
    }
    StatusSet set =
        new StatusSet(
            nextId++,
            sha,
            state,
            Optional.ofNullable(text(body, "context")).orElse("default"),
            text(body, "description"),
            text(body, "target_url"),
            BOT_LOGIN,
            now());
    statuses.add(set);
    return new Answer(201, write(statusJson(set)));
  }

  private Answer comment(PullState pr, JsonNode body) {
    String text = text(body, "body");
    if (text == null) {
      throw Refusal.validation(
          DOCS + "/issues/comments#create-an-issue-comment",
          error("IssueComment", "body", "missing_field"));
    }
    Comment comment = new Comment(nextId++, pr.number, BOT_LOGIN, text, now());
    comments.add(comment);
    pr.comments++;
    pr.updatedAt = comment.createdAt();
    return new Answer(201, write(commentJson(comment)));
  }

  // ---------------------------------------------------------------- the model

  /** Reads every open pull request's head and base from the repository: pushes by anyone show. */
  private void observe() {
    for (PullState pr : pulls.values()) {
      if (!pr.open()) {
        continue;
      }
      Optional<String> head = git.tip(pr.headRef);
      if (head.isEmpty()) {
        close(pr, "jane-ops"); // GitHub closes a pull request whose head branch was deleted
        continue;
      }
      if (!head.get().equals(pr.headSha)) {
        pr.previousHeadSha = pr.headSha;
        pr.headSha = head.get();
        pr.headPushedBy = pusher == null ? BOT_LOGIN : pusher;
        pr.updatedAt = now();
        if (dismissStale) {
          pr.reviews.replaceAll(
              r ->
                  r.state().equals("APPROVED")
                      ? new SubmittedReview(
                          r.id(), r.number(), r.login(), "DISMISSED", r.commitId(), r.submittedAt())
                      : r);
        }
      }
      git.tip(pr.baseRef).ifPresent(tip -> pr.baseSha = tip);
    }
  }

  /** GitHub's mergeability: unknown right after a change, computed on a later GET. */
  private Boolean mergeable(PullState pr, boolean countAsGet) {
    if (!pr.open()) {
      return null;
    }
    String key = pr.headSha + ".." + pr.baseSha;
    if (!key.equals(pr.mergeabilityFor)) {
      pr.mergeabilityFor = key;
      pr.mergeable = null;
      pr.getsSinceChange = 0;
    }
    if (pr.mergeable == null && countAsGet) {
      if (pr.getsSinceChange >= knownAfterGets) {
        pr.mergeable = git.mergesCleanly(pr.baseSha, pr.headSha);
      }
      pr.getsSinceChange++;
    }
    return pr.mergeable;
  }

  /** Why branch protection refuses the merge now, if it does. */
  private Optional<String> blockedBy(PullState pr) {
    Optional<StatusSet> policy =
        statuses.stream()
            .filter(s -> s.sha().equals(pr.headSha) && s.context().equals(POLICY_CHECK))
            .reduce((a, b) -> b);
    if (policy.isEmpty() || !policy.get().state().equals("success")) {
      return Optional.of("Required status check \"" + POLICY_CHECK + "\" is expected.");
    }
    if (requiredApprovals > 0) {
      Map<String, String> latest = new LinkedHashMap<>();
      for (SubmittedReview r : pr.reviews) {
        if (!r.state().equals("COMMENTED")) {
          latest.put(r.login(), r.state());
        }
      }
      if (latest.containsValue("CHANGES_REQUESTED")) {
        // GitHub blocks the merge; this wording is the stand-in's, not quoted from GitHub.
        return Optional.of("Changes were requested by a reviewer with write access.");
      }
      long approvals = latest.values().stream().filter("APPROVED"::equals).count();
      if (approvals < requiredApprovals) {
        return Optional.of(
            requiredApprovals == 1
                ? "At least 1 approving review is required by reviewers with write access."
                : "At least "
                    + requiredApprovals
                    + " approving reviews are required by reviewers with write access.");
      }
    }
    return Optional.empty();
  }

  private Optional<String> doMerge(PullState pr, String method, String login) {
    String baseTip = git.tip(pr.baseRef).orElseThrow();
    boolean squash = method.equals("squash");
    String message =
        squash
            ? pr.title + " (#" + pr.number + ")\n"
            : "Merge pull request #"
                + pr.number
                + " from "
                + owner
                + "/"
                + pr.headRef
                + "\n\n"
                + pr.title
                + "\n";
    Optional<String> merged =
        git.merge(pr.baseRef, baseTip, pr.headSha, squash, message, person(login), now());
    merged.ifPresent(
        sha -> {
          pr.merged = true;
          pr.state = "closed";
          pr.mergedAt = now();
          pr.closedAt = pr.mergedAt;
          pr.updatedAt = pr.mergedAt;
          pr.mergeCommitSha = sha;
          pr.mergedBy = login;
          pr.closedBy = login;
          pr.baseSha = sha;
          merges.add(new Merge(pr.number, pr.headSha, sha, method, login));
        });
    return merged;
  }

  private void close(PullState pr, String login) {
    pr.state = "closed";
    pr.closedAt = now();
    pr.updatedAt = pr.closedAt;
    pr.closedBy = login;
  }

  private PullState pull(long number) {
    PullState pr = pulls.get(number);
    if (pr == null) {
      throw new IllegalArgumentException("no pull request #" + number);
    }
    return pr;
  }

  private PullState pull404(String number) {
    PullState pr = pulls.get(Long.parseLong(number));
    if (pr == null) {
      throw notFound();
    }
    return pr;
  }

  private String resolve(String ref) {
    if (SHA.matcher(ref).matches()) {
      return ref;
    }
    return git.tip(ref).orElseThrow(GitHubStandIn::notFound);
  }

  private static Pull view(PullState pr) {
    return new Pull(
        pr.number,
        pr.title,
        pr.body,
        pr.headRef,
        pr.baseRef,
        pr.headSha,
        pr.state,
        pr.merged,
        Optional.ofNullable(pr.mergeCommitSha));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static BareRepository.Person person(String login) {
    return new BareRepository.Person(login, login + "@users.noreply.github.com");
  }

  // ---------------------------------------------------------------- JSON shapes

  private ObjectNode pullJson(PullState pr, boolean full) {
    return pullJson(pr, full, false);
  }

  /**
   * pull-request (full) or pull-request-simple (lists, review webhooks): the simple one has no
   * {@code merged}, {@code mergeable}, {@code mergeable_state}, {@code merged_by} or counts.
   */
  private ObjectNode pullJson(PullState pr, boolean full, boolean countAsGet) {
    String api = apiUrl();
    String html = htmlUrl();
    ObjectNode json = JSON.createObjectNode();
    json.put("url", api + "/pulls/" + pr.number);
    json.put("id", pr.id);
    json.put("node_id", "PR_kwDO" + pr.id);
    json.put("html_url", html + "/pull/" + pr.number);
    json.put("diff_url", html + "/pull/" + pr.number + ".diff");
    json.put("patch_url", html + "/pull/" + pr.number + ".patch");
    json.put("issue_url", api + "/issues/" + pr.number);
    json.put("commits_url", api + "/pulls/" + pr.number + "/commits");
    json.put("review_comments_url", api + "/pulls/" + pr.number + "/comments");
    json.put("comments_url", api + "/issues/" + pr.number + "/comments");
    json.put("statuses_url", api + "/statuses/" + pr.headSha);
    json.put("number", pr.number);
    json.put("state", pr.state);
    json.put("locked", false);
    json.put("title", pr.title);
    json.set("user", user(pr.author, "User"));
    json.put("body", pr.body);
    json.putArray("labels");
    json.putNull("milestone");
    json.putNull("active_lock_reason");
    json.put("created_at", pr.createdAt.toString());
    json.put("updated_at", pr.updatedAt.toString());
    json.put("closed_at", pr.closedAt == null ? null : pr.closedAt.toString());
    json.put("merged_at", pr.mergedAt == null ? null : pr.mergedAt.toString());
    Boolean mergeable = mergeable(pr, countAsGet);
    // While open, GitHub names its test merge (refs/pull/N/merge), which is not on the base.
    json.put(
        "merge_commit_sha",
        pr.merged ? pr.mergeCommitSha : mergeable == null ? null : testMerge(pr));
    json.putNull("assignee");
    json.putArray("assignees");
    json.putArray("requested_reviewers");
    json.putArray("requested_teams");
    json.set("head", branchJson(pr.headRef, pr.headSha));
    json.set("base", branchJson(pr.baseRef, pr.baseSha));
    ObjectNode links = json.putObject("_links");
    links.putObject("self").put("href", api + "/pulls/" + pr.number);
    links.putObject("html").put("href", html + "/pull/" + pr.number);
    links.putObject("issue").put("href", api + "/issues/" + pr.number);
    links.putObject("comments").put("href", api + "/issues/" + pr.number + "/comments");
    links.putObject("statuses").put("href", api + "/statuses/" + pr.headSha);
    json.put("author_association", "MEMBER");
    json.putNull("auto_merge");
    json.put("draft", false);
    if (full) {
      json.put("merged", pr.merged);
      if (mergeable == null) {
        json.putNull("mergeable");
      } else {
        json.put("mergeable", mergeable);
      }
      json.put("rebaseable", mergeable);
      json.put(
          "mergeable_state",
          !pr.open() || mergeable == null
              ? "unknown"
              : !mergeable ? "dirty" : blockedBy(pr).isPresent() ? "blocked" : "clean");
      if (pr.mergedBy == null) {
        json.putNull("merged_by");
      } else {
        json.set("merged_by", user(pr.mergedBy, "User"));
      }
      json.put("comments", pr.comments);
      json.put("review_comments", 0);
      json.put("maintainer_can_modify", false);
      json.put("commits", 1);
      json.put("additions", 1);
      json.put("deletions", 1);
      json.put("changed_files", 1);
    }
    return json;
  }

  private ObjectNode branchJson(String ref, String sha) {
    ObjectNode json = JSON.createObjectNode();
    json.put("label", owner + ":" + ref);
    json.put("ref", ref);
    json.put("sha", sha);
    json.set("user", user(owner, "Organization"));
    json.set("repo", repoJson());
    return json;
  }

  private ObjectNode reviewJson(PullState pr, SubmittedReview review) {
    ObjectNode json = JSON.createObjectNode();
    json.put("id", review.id());
    json.put("node_id", "PRR_kwDO" + review.id());
    json.set("user", user(review.login(), "User"));
    json.put("body", "");
    json.put("state", review.state());
    json.put("html_url", htmlUrl() + "/pull/" + pr.number + "#pullrequestreview-" + review.id());
    json.put("pull_request_url", apiUrl() + "/pulls/" + pr.number);
    json.put("author_association", "MEMBER");
    ObjectNode links = json.putObject("_links");
    links
        .putObject("html")
        .put("href", htmlUrl() + "/pull/" + pr.number + "#pullrequestreview-" + review.id());
    links.putObject("pull_request").put("href", apiUrl() + "/pulls/" + pr.number);
    json.put("submitted_at", review.submittedAt().toString());
    json.put("commit_id", review.commitId());
    return json;
  }

  private ObjectNode statusJson(StatusSet s) {
    ObjectNode json = JSON.createObjectNode();
    json.put("url", apiUrl() + "/statuses/" + s.sha());
    json.putNull("avatar_url");
    json.put("id", s.id());
    json.put("node_id", "SC_kwDO" + s.id());
    json.put("state", s.state());
    json.put("description", s.description());
    json.put("target_url", s.targetUrl());
    json.put("context", s.context());
    json.put("created_at", s.createdAt().toString());
    json.put("updated_at", s.createdAt().toString());
    json.set("creator", user(s.creator(), "User"));
    return json;
  }

  private ObjectNode commentJson(Comment c) {
    ObjectNode json = JSON.createObjectNode();
    json.put("id", c.id());
    json.put("node_id", "IC_kwDO" + c.id());
    json.put("url", apiUrl() + "/issues/comments/" + c.id());
    json.put("html_url", htmlUrl() + "/pull/" + c.number() + "#issuecomment-" + c.id());
    json.put("body", c.body());
    json.set("user", user(c.login(), "User"));
    json.put("created_at", c.createdAt().toString());
    json.put("updated_at", c.createdAt().toString());
    json.put("issue_url", apiUrl() + "/issues/" + c.number());
    json.put("author_association", "MEMBER");
    json.putNull("performed_via_github_app");
    return json;
  }

  private ObjectNode repoJson() {
    ObjectNode json = JSON.createObjectNode();
    json.put("id", REPO_ID);
    json.put("node_id", "R_kgDO" + REPO_ID);
    json.put("name", repository.substring(owner.length() + 1));
    json.put("full_name", repository);
    json.put("private", true);
    json.set("owner", user(owner, "Organization"));
    json.put("html_url", htmlUrl());
    json.put("url", apiUrl());
    json.put("default_branch", "main");
    json.put("visibility", "private");
    return json;
  }

  private static ObjectNode user(String login, String type) {
    ObjectNode json = JSON.createObjectNode();
    json.put("login", login);
    json.put("id", Math.abs((long) login.hashCode()));
    json.put("node_id", "U_kgDO" + Math.abs(login.hashCode()));
    json.put("avatar_url", "https://avatars.githubusercontent.com/u/" + Math.abs(login.hashCode()));
    json.put("html_url", "https://github.com/" + login);
    json.put("type", type);
    json.put("site_admin", false);
    return json;
  }

  private static ObjectNode error(String resource, String field, String code) {
    ObjectNode json = JSON.createObjectNode();
    json.put("resource", resource);
    json.put("field", field);
    json.put("code", code);
    return json;
  }

  private static ObjectNode custom(String message) {
    ObjectNode json = JSON.createObjectNode();
    json.put("resource", "PullRequest");
    json.put("code", "custom");
    json.put("message", message);
    return json;
  }

  private static Refusal notFound() {
    return new Refusal(404, "Not Found", DOCS);
  }

  private String apiUrl() {
    return baseUrl() + "/repos/" + repository;
  }

  private String htmlUrl() {
    return "https://github.com/" + repository;
  }

  private static String testMerge(PullState pr) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((pr.headSha + pr.baseSha).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static Optional<String> param(Request request, String name) {
    QueryParameter parameter = request.queryParameter(name);
    return parameter != null && parameter.isPresent()
        ? Optional.of(parameter.firstValue())
        : Optional.empty();
  }

  private static String write(JsonNode node) {
    return JSON.writeValueAsString(node);
  }
}
