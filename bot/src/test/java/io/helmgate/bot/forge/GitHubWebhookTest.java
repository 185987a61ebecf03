package io.helmgate.bot.forge;

import static io.helmgate.bot.forge.Deliveries.body;
import static io.helmgate.bot.forge.Deliveries.headers;
import static io.helmgate.bot.forge.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.Review;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * GitHub deliveries signed with {@code X-Hub-Signature-256} (GitHub's "Validating webhook
 * deliveries"); payloads shaped after GitHub's webhook payload examples for pull_request and
 * pull_request_review.
 */
class GitHubWebhookTest {

  static final String SECRET = "gh-webhook-secret-for-tests";
  final GitHubWebhook webhook = new GitHubWebhook(SECRET);
  final byte[] merged = body("github-pull-request-closed-merged.json");

  @Test
  void aDeliverySignedWithTheSecretIsAccepted() {
    assertThat(webhook.verify(headers("X-Hub-Signature-256", sign(SECRET, merged)), merged))
        .isTrue();
  }

  @Test
  void theHeaderNameIsMatchedWhateverItsCase() {
    assertThat(webhook.verify(headers("x-hub-signature-256", sign(SECRET, merged)), merged))
        .isTrue();
  }

  @Test
  void aSignatureUnderAnotherOrARotatedSecretIsRefused() {
    assertThat(webhook.verify(headers("X-Hub-Signature-256", sign("old-secret", merged)), merged))
        .isFalse();
  }

  @Test
  void aValidSignatureReplayedOnAnAlteredBodyIsRefused() {
    String signature = sign(SECRET, merged);
    byte[] altered =
        new String(merged, StandardCharsets.UTF_8)
            .replace("\"merged\": true", "\"merged\": false")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(webhook.verify(headers("X-Hub-Signature-256", signature), altered)).isFalse();
  }

  @Test
  void missingAndMalformedSignaturesAreRefusedWithoutAnException() {
    String hex = sign(SECRET, merged).substring("sha256=".length());
    assertThat(webhook.verify(headers(), merged)).isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature-256", ""), merged)).isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature-256", hex), merged)).isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature-256", "sha1=" + hex), merged)).isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature-256", "sha256=" + hex.substring(2)), merged))
        .isFalse();
    assertThat(
            webhook.verify(
                headers("X-Hub-Signature-256", "sha256=" + "zz" + hex.substring(2)), merged))
        .isFalse();
    // The older SHA-1 header alone does not count: only the SHA-256 one is checked.
    assertThat(webhook.verify(headers("X-Hub-Signature", sign(SECRET, merged)), merged)).isFalse();
  }

  @Test
  void withoutAConfiguredSecretEveryDeliveryIsRefused() {
    GitHubWebhook unset = new GitHubWebhook(null);
    GitHubWebhook empty = new GitHubWebhook("");

    assertThat(unset.verify(headers("X-Hub-Signature-256", sign("any-secret", merged)), merged))
        .isFalse();
    assertThat(empty.verify(headers("X-Hub-Signature-256", sign("any-secret", merged)), merged))
        .isFalse();
  }

  @Test
  void aClosedAndMergedPullRequestIsAMergedEventForItsRequest() {
    Optional<ForgeEvent> event = webhook.parse(headers("X-GitHub-Event", "pull_request"), merged);

    assertThat(event)
        .contains(
            new ForgeEvent.Merged(
                7, "helmgate/R-42", Optional.of("f1e2d3c4b5a6978877665544332211aabbccddee")));
    assertThat(event.flatMap(ForgeEvent::requestId)).contains(new RequestId(42));
  }

  @Test
  void aClosedUnmergedPullRequestIsClosedAndAPushIsSynchronized() {
    String text = new String(merged, StandardCharsets.UTF_8);
    byte[] closed =
        text.replace("\"merged\": true", "\"merged\": false").getBytes(StandardCharsets.UTF_8);
    byte[] pushed =
        text.replace("\"action\": \"closed\"", "\"action\": \"synchronize\"")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(webhook.parse(headers("X-GitHub-Event", "pull_request"), closed))
        .contains(new ForgeEvent.Closed(7, "helmgate/R-42"));
    assertThat(webhook.parse(headers("X-GitHub-Event", "pull_request"), pushed))
        .contains(
            new ForgeEvent.Synchronized(
                7, "helmgate/R-42", "6dcb09b5b57875f334f61aebed695e2e4193db5e"));
  }

  @Test
  void aSubmittedReviewCarriesTheReviewerVerdictTimeAndCommit() {
    Optional<ForgeEvent> event =
        webhook.parse(
            headers("X-GitHub-Event", "pull_request_review"),
            body("github-pull-request-review-submitted.json"));

    assertThat(event)
        .contains(
            new ForgeEvent.ReviewSubmitted(
                7,
                "helmgate/R-42",
                new Review(
                    "ops-bob",
                    Optional.empty(),
                    Review.Verdict.APPROVED,
                    Optional.of(Instant.parse("2026-12-07T10:05:00Z")),
                    Optional.of("6dcb09b5b57875f334f61aebed695e2e4193db5e"))));
  }

  @Test
  void pingsOtherActionsAndOtherBranchesAreNotRequestEvents() {
    assertThat(webhook.parse(headers("X-GitHub-Event", "ping"), "{\"zen\":\"x\"}".getBytes()))
        .isEmpty();
    byte[] labeled =
        new String(merged, StandardCharsets.UTF_8)
            .replace("\"action\": \"closed\"", "\"action\": \"labeled\"")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(webhook.parse(headers("X-GitHub-Event", "pull_request"), labeled)).isEmpty();
    assertThat(webhook.parse(headers("X-GitHub-Event", "pull_request"), "not json".getBytes()))
        .isEmpty();

    byte[] other =
        new String(merged, StandardCharsets.UTF_8)
            .replace("helmgate/R-42", "feature/x")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(webhook.parse(headers("X-GitHub-Event", "pull_request"), other))
        .hasValueSatisfying(e -> assertThat(e.requestId()).isEmpty());
    assertThat(Arrays.equals(merged, other)).isFalse();
  }
}
