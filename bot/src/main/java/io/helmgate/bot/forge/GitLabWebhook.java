package io.helmgate.bot.forge;

import static io.helmgate.bot.forge.ForgeHttp.text;

import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.Review;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * GitLab webhooks: the secret token comes back verbatim in {@code X-Gitlab-Token} (GitLab does not
 * sign); {@code Merge Request Hook} deliveries with actions merge, close, update (new commits) and
 * approval.
 */
public final class GitLabWebhook implements ForgeWebhook {

  private final String secret;

  public GitLabWebhook(String secret) {
    this.secret = secret;
  }

  @Override
  public boolean verify(Function<String, String> header, byte[] body) {
    return WebhookSignatures.tokenMatches(secret, header.apply("X-Gitlab-Token"));
  }

  @Override
  public Optional<ForgeEvent> parse(Function<String, String> header, byte[] body) {
    JsonNode root = ForgeHttp.readLeniently(new String(body, StandardCharsets.UTF_8));
    if (!"merge_request".equals(text(root.path("object_kind")))) {
      return Optional.empty();
    }
    JsonNode mr = root.path("object_attributes");
    String branch = text(mr.path("source_branch"));
    long number = mr.path("iid").asLong();
    if (branch == null || number == 0) {
      return Optional.empty();
    }
    return switch (String.valueOf(text(mr.path("action")))) {
      case "merge" ->
          Optional.of(
              new ForgeEvent.Merged(
                  number, branch, Optional.ofNullable(text(mr.path("merge_commit_sha")))));
      case "close" -> Optional.of(new ForgeEvent.Closed(number, branch));
      case "update" ->
          // An update with oldrev is a push to the source branch; without, an edit of the text.
          mr.hasNonNull("oldrev")
              ? Optional.of(
                  new ForgeEvent.Synchronized(
                      number, branch, text(mr.path("last_commit").path("id"))))
              : Optional.empty();
      case "approval", "approved" -> {
        String username = text(root.path("user").path("username"));
        yield username == null
            ? Optional.empty()
            : Optional.of(
                new ForgeEvent.ReviewSubmitted(
                    number,
                    branch,
                    new Review(
                        username,
                        Optional.empty(),
                        Review.Verdict.APPROVED,
                        Optional.empty(),
                        Optional.ofNullable(text(mr.path("last_commit").path("id"))))));
      }
      default -> Optional.empty();
    };
  }
}
