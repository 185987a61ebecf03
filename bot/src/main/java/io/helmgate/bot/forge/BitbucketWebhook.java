package io.helmgate.bot.forge;

import static io.helmgate.bot.forge.ForgeHttp.text;

import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.Review;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Bitbucket Data Center webhooks: {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw
 * body>}; event keys ({@code X-Event-Key}) pr:merged, pr:declined, pr:deleted, pr:from_ref_updated,
 * pr:reviewer:approved and pr:reviewer:needs_work (pr:reviewer:changes_requested from Bitbucket 9).
 */
public final class BitbucketWebhook implements ForgeWebhook {

  /** Bitbucket writes dates like {@code 2017-09-19T09:58:11+1000}. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final String secret;

  public BitbucketWebhook(String secret) {
    this.secret = secret;
  }

  @Override
  public boolean verify(Function<String, String> header, byte[] body) {
    return WebhookSignatures.hmacSha256Matches(secret, body, header.apply("X-Hub-Signature"));
  }

  @Override
  public Optional<ForgeEvent> parse(Function<String, String> header, byte[] body) {
    JsonNode root = ForgeHttp.readLeniently(new String(body, StandardCharsets.UTF_8));
    String key = header.apply("X-Event-Key");
    if (key == null) {
      key = text(root.path("eventKey"));
    }
    JsonNode pr = root.path("pullRequest");
    String branch = text(pr.path("fromRef").path("displayId"));
    long number = pr.path("id").asLong();
    if (key == null || branch == null || number == 0) {
      return Optional.empty();
    }
    return switch (key) {
      case "pr:merged" ->
          Optional.of(
              new ForgeEvent.Merged(
                  number,
                  branch,
                  Optional.ofNullable(text(pr.path("properties").path("mergeCommit").path("id")))));
      case "pr:declined", "pr:deleted" -> Optional.of(new ForgeEvent.Closed(number, branch));
      case "pr:from_ref_updated" ->
          Optional.of(
              new ForgeEvent.Synchronized(
                  number, branch, text(pr.path("fromRef").path("latestCommit"))));
      // needs_work is the key before Bitbucket 9, changes_requested from 9 on.
      case "pr:reviewer:approved", "pr:reviewer:needs_work", "pr:reviewer:changes_requested" ->
          review(root, number, branch, key);
      default -> Optional.empty();
    };
  }

  private static Optional<ForgeEvent> review(
      JsonNode root, long number, String branch, String key) {
    JsonNode participant = root.path("participant");
    String slug = text(participant.path("user").path("slug"));
    if (slug == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ForgeEvent.ReviewSubmitted(
            number,
            branch,
            new Review(
                slug,
                Optional.ofNullable(text(participant.path("user").path("emailAddress"))),
                key.endsWith("approved")
                    ? Review.Verdict.APPROVED
                    : Review.Verdict.CHANGES_REQUESTED,
                date(text(root.path("date"))),
                Optional.ofNullable(text(participant.path("lastReviewedCommit"))))));
  }

  private static Optional<Instant> date(String date) {
    if (date == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(date, DATE).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
