package io.helmgate.bot.forge;

import static io.helmgate.bot.forge.Deliveries.body;
import static io.helmgate.bot.forge.Deliveries.headers;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.Review;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * GitLab deliveries: the secret token sent back in {@code X-Gitlab-Token} (GitLab's webhook docs,
 * "Validate payloads by using a secret token"); {@code Merge Request Hook} payloads shaped after
 * GitLab's webhook events reference.
 */
class GitLabWebhookTest {

  static final String SECRET = "gl-webhook-token-for-tests";
  static final Optional<String> NONE = Optional.empty();
  final GitLabWebhook webhook = new GitLabWebhook(SECRET);
  final byte[] merge = body("gitlab-merge-request-merge.json");

  @Test
  void theConfiguredTokenIsAccepted() {
    assertThat(webhook.verify(headers("X-Gitlab-Token", SECRET), merge)).isTrue();
    assertThat(webhook.verify(headers("x-gitlab-token", SECRET), merge)).isTrue();
  }

  @Test
  void anotherMissingEmptyOrNearlyRightTokenIsRefused() {
    assertThat(webhook.verify(headers("X-Gitlab-Token", "old-token"), merge)).isFalse();
    assertThat(webhook.verify(headers(), merge)).isFalse();
    assertThat(webhook.verify(headers("X-Gitlab-Token", ""), merge)).isFalse();
    assertThat(webhook.verify(headers("X-Gitlab-Token", SECRET + " "), merge)).isFalse();
    assertThat(webhook.verify(headers("X-Gitlab-Token", SECRET.substring(1)), merge)).isFalse();
  }

  @Test
  void withoutAConfiguredSecretEveryDeliveryIsRefused() {
    assertThat(new GitLabWebhook(null).verify(headers("X-Gitlab-Token", ""), merge)).isFalse();
    assertThat(new GitLabWebhook("").verify(headers("X-Gitlab-Token", ""), merge)).isFalse();
  }

  @Test
  void mergeCloseAPushAndAnApprovalBecomeEventsOfTheRequest() {
    var hook = headers("X-Gitlab-Event", "Merge Request Hook");

    assertThat(webhook.parse(hook, merge))
        .contains(
            new ForgeEvent.Merged(
                7, "helmgate/R-42", Optional.of("f1e2d3c4b5a6978877665544332211aabbccddee")));
    assertThat(webhook.parse(hook, body("gitlab-merge-request-close.json")))
        .contains(new ForgeEvent.Closed(7, "helmgate/R-42"));
    assertThat(webhook.parse(hook, body("gitlab-merge-request-update-push.json")))
        .contains(
            new ForgeEvent.Synchronized(
                7, "helmgate/R-42", "0123456789abcdef0123456789abcdef01234567"));
    assertThat(webhook.parse(hook, body("gitlab-merge-request-approval.json")))
        .contains(
            new ForgeEvent.ReviewSubmitted(
                7,
                "helmgate/R-42",
                new Review(
                    "ops-bob",
                    NONE,
                    Review.Verdict.APPROVED,
                    Optional.empty(),
                    Optional.of("6dcb09b5b57875f334f61aebed695e2e4193db5e"))));
    assertThat(webhook.parse(hook, merge).flatMap(ForgeEvent::requestId))
        .contains(new RequestId(42));
  }

  @Test
  void anEditWithoutNewCommitsAndOtherKindsAreNotEvents() {
    String edit =
        new String(merge, java.nio.charset.StandardCharsets.UTF_8)
            .replace("\"action\": \"merge\"", "\"action\": \"update\"");
    assertThat(webhook.parse(headers(), edit.getBytes())).isEmpty();
    assertThat(webhook.parse(headers(), "{\"object_kind\":\"push\"}".getBytes())).isEmpty();
  }
}
