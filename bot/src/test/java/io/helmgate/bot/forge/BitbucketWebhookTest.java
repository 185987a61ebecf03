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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bitbucket Data Center deliveries signed with {@code X-Hub-Signature: sha256=<hex>} (Bitbucket's
 * "Manage webhooks": secret → HMAC); payloads shaped after its "Event payload" reference
 * (pr:merged, pr:reviewer:needs_work).
 */
class BitbucketWebhookTest {

  static final String SECRET = "bb-webhook-secret-for-tests";
  final BitbucketWebhook webhook = new BitbucketWebhook(SECRET);
  final byte[] merged = body("bitbucket-pr-merged.json");

  @Test
  void aDeliverySignedWithTheSecretIsAccepted() {
    assertThat(webhook.verify(headers("X-Hub-Signature", sign(SECRET, merged)), merged)).isTrue();
  }

  @Test
  void forgedStaleMissingAndMalformedSignaturesAreRefused() {
    String good = sign(SECRET, merged);
    byte[] altered =
        new String(merged, StandardCharsets.UTF_8)
            .replace("pr:merged", "pr:declined")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(webhook.verify(headers("X-Hub-Signature", sign("rotated-away", merged)), merged))
        .isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature", good), altered)).isFalse();
    assertThat(webhook.verify(headers(), merged)).isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature", "sha256="), merged)).isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature", good.replace("sha256=", "md5=")), merged))
        .isFalse();
    assertThat(webhook.verify(headers("X-Hub-Signature-256", good), merged))
        .as("Bitbucket signs in X-Hub-Signature; GitHub's header name proves nothing here")
        .isFalse();
    assertThat(new BitbucketWebhook(null).verify(headers("X-Hub-Signature", good), merged))
        .isFalse();
  }

  @Test
  void aMergedPullRequestIsAMergedEventWithItsMergeCommit() {
    Optional<ForgeEvent> event = webhook.parse(headers("X-Event-Key", "pr:merged"), merged);

    assertThat(event)
        .contains(
            new ForgeEvent.Merged(
                7, "helmgate/R-42", Optional.of("f1e2d3c4b5a6978877665544332211aabbccddee")));
    assertThat(event.flatMap(ForgeEvent::requestId)).contains(new RequestId(42));
  }

  @Test
  void needsWorkIsAChangeRequestWithTheReviewersEmailAndTime() {
    Optional<ForgeEvent> event =
        webhook.parse(
            headers("X-Event-Key", "pr:reviewer:needs_work"),
            body("bitbucket-pr-reviewer-needs-work.json"));

    assertThat(event)
        .contains(
            new ForgeEvent.ReviewSubmitted(
                7,
                "helmgate/R-42",
                new Review(
                    "ops-carol",
                    Optional.of("carol@acme.example"),
                    Review.Verdict.CHANGES_REQUESTED,
                    Optional.of(Instant.parse("2026-12-07T11:00:00Z")),
                    Optional.of("6dcb09b5b57875f334f61aebed695e2e4193db5e"))));
  }

  @Test
  void bitbucketNinesChangesRequestedKeyIsAChangeRequestToo() {
    Optional<ForgeEvent> event =
        webhook.parse(
            headers("X-Event-Key", "pr:reviewer:changes_requested"),
            body("bitbucket-pr-reviewer-needs-work.json"));

    assertThat(event)
        .hasValueSatisfying(
            e ->
                assertThat(((ForgeEvent.ReviewSubmitted) e).review().verdict())
                    .isEqualTo(Review.Verdict.CHANGES_REQUESTED));
  }

  @Test
  void declinedAndSourceUpdatedAreClosedAndSynchronized() {
    assertThat(webhook.parse(headers("X-Event-Key", "pr:declined"), merged))
        .contains(new ForgeEvent.Closed(7, "helmgate/R-42"));
    assertThat(webhook.parse(headers("X-Event-Key", "pr:from_ref_updated"), merged))
        .contains(
            new ForgeEvent.Synchronized(
                7, "helmgate/R-42", "6dcb09b5b57875f334f61aebed695e2e4193db5e"));
    assertThat(webhook.parse(headers("X-Event-Key", "diagnostics:ping"), "{}".getBytes()))
        .isEmpty();
  }
}
