package io.helmgate.bot.forge;

import static io.helmgate.bot.forge.ForgeHttp.text;

import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.Review;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * GitHub webhooks: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}; events
 * {@code pull_request} (closed, synchronize) and {@code pull_request_review} (submitted).
 */
public final class GitHubWebhook implements ForgeWebhook {

  private final String secret;

  public GitHubWebhook(String secret) {
    this.secret = secret;
  }

  @Override
  public boolean verify(Function<String, String> header, byte[] body) {
    return WebhookSignatures.hmacSha256Matches(secret, body, header.apply("X-Hub-Signature-256"));
  }

  @Override
  public Optional<ForgeEvent> parse(Function<String, String> header, byte[] body) {
    String event = header.apply("X-GitHub-Event");
    JsonNode root = ForgeHttp.readLeniently(new String(body, StandardCharsets.UTF_8));
    JsonNode pr = root.path("pull_request");
    String branch = text(pr.path("head").path("ref"));
    long number = pr.path("number").asLong();
    String action = String.valueOf(text(root.path("action")));
    if (branch == null || number == 0) {
      return Optional.empty();
    }
    if ("pull_request".equals(event)) {
      return switch (action) {
        case "closed" ->
            pr.path("merged").asBoolean(false)
                ? Optional.of(
                    new ForgeEvent.Merged(
                        number, branch, Optional.ofNullable(text(pr.path("merge_commit_sha")))))
                : Optional.of(new ForgeEvent.Closed(number, branch));
        case "synchronize" ->
            Optional.of(
                new ForgeEvent.Synchronized(number, branch, text(pr.path("head").path("sha"))));
        default -> Optional.empty();
      };
    }
    if ("pull_request_review".equals(event) && "submitted".equals(action)) {
      JsonNode review = root.path("review");
      String login = text(review.path("user").path("login"));
      Optional<Review.Verdict> verdict = verdict(text(review.path("state")));
      if (login == null || verdict.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new ForgeEvent.ReviewSubmitted(
              number,
              branch,
              new Review(
                  login,
                  Optional.empty(),
                  verdict.get(),
                  Optional.ofNullable(text(review.path("submitted_at"))).map(Instant::parse),
                  Optional.ofNullable(text(review.path("commit_id"))))));
    }
    return Optional.empty();
  }

  /** Webhook review states are lower-case ({@code approved}); the REST API's are upper-case. */
  private static Optional<Review.Verdict> verdict(String state) {
    if (state == null) {
      return Optional.empty();
    }
    return switch (state.toLowerCase(Locale.ROOT)) {
      case "approved" -> Optional.of(Review.Verdict.APPROVED);
      case "changes_requested" -> Optional.of(Review.Verdict.CHANGES_REQUESTED);
      case "commented" -> Optional.of(Review.Verdict.COMMENTED);
      default -> Optional.empty();
    };
  }
}
