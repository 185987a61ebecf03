package io.helmgate.bot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.execution.AwaitMerge;
import io.helmgate.domain.execution.OpenPullRequest;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.NewRequest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.Transition;
import io.helmgate.domain.service.Outcome;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValueChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The evidence pack's edges: permalinks, missing pieces, and secrets in free text. */
class EvidencePackTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final MessageRef MESSAGE = new MessageRef("C024BE91L", "1355517523.000008");

  private static Request request(List<ValueChange> change, Optional<String> reason) {
    return request(new ChangeSet(change), reason);
  }

  private static Request request(ChangeSet change, Optional<String> reason) {
    NewRequest spec =
        new NewRequest(
            new RequestId(42),
            RequestKind.DEPLOY,
            new Target("acme", "payments", "prod"),
            new UserRef("U0ALICE", "Alice Ops"),
            reason,
            Optional.empty(),
            Optional.empty(),
            change,
            "0123456789abcdef0123456789abcdef01234567",
            Optional.empty(),
            false,
            List.of());
    return RequestLifecycle.open(spec, 1, Duration.ofHours(1), T0).request();
  }

  private static Outcome.Evidence evidence(Request request, List<AuditEntry> entries) {
    return new Outcome.Evidence(
        request,
        entries,
        Optional.empty(),
        new AuditTrail.Verification(entries.size(), Optional.empty(), "all intact"));
  }

  private static EvidencePack pack(Optional<String> base) {
    return new EvidencePack(Redaction.defaults(), base, CLOCK);
  }

  @Test
  void permalinkIsTheArchiveBaseTheChannelAndTheTsWithoutItsDot() {
    assertThat(pack(Optional.of("https://acme.slack.com/archives/")).permalink(MESSAGE))
        .contains("https://acme.slack.com/archives/C024BE91L/p1355517523000008");
    assertThat(pack(Optional.of(" https://acme.slack.com/archives ")).permalink(MESSAGE))
        .contains("https://acme.slack.com/archives/C024BE91L/p1355517523000008");
  }

  @Test
  void withoutABaseThePackNamesTheChannelAndTsOnly() {
    Request r = request(List.of(), Optional.empty()).withMessage(MESSAGE);
    EvidencePack pack = pack(Optional.empty());

    JsonNode json = JsonMapper.builder().build().readTree(pack.toJson(evidence(r, List.of())));

    assertThat(pack.permalink(MESSAGE)).isEmpty();
    assertThat(json.at("/slack/conversation").stringValue()).isEqualTo("C024BE91L");
    assertThat(json.at("/slack/ts").stringValue()).isEqualTo("1355517523.000008");
    assertThat(json.at("/slack/permalink").isNull()).isTrue();
    assertThat(pack.summary(evidence(r, List.of())))
        .contains("Slack:       channel C024BE91L, ts 1355517523.000008");
  }

  @Test
  void aBaseThatIsNotAnAddressIsRefusedWithAnExample() {
    assertThatThrownBy(() -> pack(Optional.of("acme.slack.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://acme.slack.com/archives/");
    assertThatThrownBy(() -> pack(Optional.of("ftp://acme.slack.com/archives/")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRequestNotYetPostedOrDecidedHasNullsNotMissingFields() {
    Request r = request(List.of(), Optional.empty());

    JsonNode json =
        JsonMapper.builder()
            .build()
            .readTree(pack(Optional.empty()).toJson(evidence(r, List.of())));

    assertThat(json.has("slack")).isTrue();
    assertThat(json.get("slack").isNull()).isTrue();
    assertThat(json.get("policy_decision").isNull()).isTrue();
    assertThat(json.get("commit").isNull()).isTrue();
    assertThat(json.has("pull_request")).isTrue();
    assertThat(json.get("pull_request").isNull()).isTrue();
    assertThat(json.at("/request/change_summary").stringValue()).isEqualTo("(no values change)");
  }

  @Test
  void theWholeFileDiffTheApproverSawIsInThePackUncut() {
    String longLine = "+motd: " + "m".repeat(5000);
    ChangeSet change =
        new ChangeSet(List.of(), List.of("@@ -1,2 +1,2 @@", " hosts:", "-motd: short", longLine));
    Request r = request(change, Optional.empty());
    EvidencePack pack = pack(Optional.empty());

    JsonNode json = JsonMapper.builder().build().readTree(pack.toJson(evidence(r, List.of())));

    assertThat(json.at("/request/file_diff").size()).isEqualTo(4);
    assertThat(json.at("/request/file_diff/3").stringValue()).isEqualTo(longLine);
    assertThat(json.at("/request/change_summary").stringValue())
        .isEqualTo("2 changed lines of the file (see file_diff)");
  }

  @Test
  void aCommitNamedByTheRequestButNotFoundInHistoryIsStillReported() {
    Request r = request(List.of(), Optional.empty());
    Transition.Moved started =
        (Transition.Moved) RequestLifecycle.approve(r, new UserRef("U0BOB", "Bob"), Set.of(), T0);
    Request executing = RequestLifecycle.start(started.request(), T0).requireMoved();
    Request committed = RequestLifecycle.committed(executing, "abc1234", T0).requireMoved();

    JsonNode json =
        JsonMapper.builder()
            .build()
            .readTree(pack(Optional.empty()).toJson(evidence(committed, List.of())));

    assertThat(json.at("/commit/id").stringValue()).isEqualTo("abc1234");
    assertThat(json.at("/commit/found_in_history").booleanValue()).isFalse();
    assertThat(json.at("/commit/trailers").size()).isZero();
  }

  @Test
  void aSecretValueTypedIntoTheReasonIsMaskedAndAShortOneOnlyWhereItIsAssigned() {
    Request r =
        request(
            List.of(
                new ValueChange(KeyPath.of("vault.token"), "s.oldTokenValue", "s.newTokenValue"),
                new ValueChange(KeyPath.of("tls.privateKeyEnabled"), "false", "true")),
            Optional.of("rotate s.newTokenValue now; tls.privateKeyEnabled=true; keep true"));

    String summary = pack(Optional.empty()).summary(evidence(r, List.of()));

    assertThat(summary)
        .contains("Reason:      rotate ••• now; tls.privateKeyEnabled=••• keep true")
        .doesNotContain("s.newTokenValue")
        .doesNotContain("s.oldTokenValue")
        .contains("vault.token ••• (changed), tls.privateKeyEnabled ••• (changed)");
  }

  private static final String PR_URL = "https://github.com/acme/helm-values/pull/12";
  private static final String MERGE = "f1e2d3c4b5a6978877665544332211aabbccddee";

  private static AuditEntry entry(long seq, Request r, AuditEvent.Type type, String... detail) {
    Map<String, String> d = new LinkedHashMap<>();
    for (int i = 0; i < detail.length; i += 2) {
      d.put(detail[i], detail[i + 1]);
    }
    return new AuditEntry(
        seq, AuditEvent.of(type, T0.plusSeconds(seq), r, null, d), "prev" + seq, "hash" + seq);
  }

  /** A request in pull-request mode: opened, two reviews (one counted), a comment, merged. */
  private static Outcome.Evidence pullRequestEvidence() {
    Request r =
        RequestLifecycle.note(
                request(List.of(), Optional.of("CHG-9")),
                Map.of(
                    OpenPullRequest.NUMBER, "12",
                    OpenPullRequest.URL, PR_URL,
                    OpenPullRequest.HEAD, "0a1b2c3d4e5f"),
                List.of(),
                T0)
            .requireMoved();
    AuditEvent.Type pr = AuditEvent.Type.PULL_REQUEST;
    return evidence(
        r,
        List.of(
            entry(
                1,
                r,
                pr,
                "action",
                "opened",
                "pull-request",
                "12",
                "url",
                PR_URL,
                "head",
                "0a1b2c3d4e5f"),
            entry(
                2,
                r,
                pr,
                "action",
                "review",
                "pull-request",
                "12",
                "url",
                PR_URL,
                "forge-user",
                "mallory-gh",
                "verdict",
                "APPROVED",
                "slack-user",
                "none",
                "counted",
                "no: Helmgate does not know who mallory-gh is in Slack"),
            entry(
                3,
                r,
                pr,
                "action",
                "review",
                "pull-request",
                "12",
                "url",
                PR_URL,
                "forge-user",
                "bob-gh",
                "verdict",
                "APPROVED",
                "commit",
                "0a1b2c3d4e5f",
                "slack-user",
                "U0BOB",
                "counted",
                "yes"),
            entry(
                4,
                r,
                pr,
                "action",
                "comment",
                "pull-request",
                "12",
                "text",
                "approved by <@U0BOB> at 10:02 in Slack"),
            entry(
                5,
                r,
                AuditEvent.Type.COMMITTED,
                "step",
                AwaitMerge.NAME,
                "result",
                "succeeded",
                "commit",
                MERGE,
                "line",
                "Merged pull request #12 as f1e2d3c.")));
  }

  @Test
  void thePullRequestItsReviewsWhoTheyWereInSlackAndItsMergeAreInThePack() {
    JsonNode json =
        JsonMapper.builder().build().readTree(pack(Optional.empty()).toJson(pullRequestEvidence()));

    assertThat(json.at("/pull_request/number").stringValue()).isEqualTo("12");
    assertThat(json.at("/pull_request/url").stringValue()).isEqualTo(PR_URL);
    assertThat(json.at("/pull_request/merge_commit").stringValue()).isEqualTo(MERGE);
    assertThat(json.at("/pull_request/reviews").size()).isEqualTo(2);
    assertThat(json.at("/pull_request/reviews/0/forge_user").stringValue()).isEqualTo("mallory-gh");
    assertThat(json.at("/pull_request/reviews/0/slack_user").isNull()).isTrue();
    assertThat(json.at("/pull_request/reviews/0/counted").booleanValue()).isFalse();
    assertThat(json.at("/pull_request/reviews/0/not_counted_because").stringValue())
        .isEqualTo("Helmgate does not know who mallory-gh is in Slack");
    assertThat(json.at("/pull_request/reviews/1/slack_user").stringValue()).isEqualTo("U0BOB");
    assertThat(json.at("/pull_request/reviews/1/verdict").stringValue()).isEqualTo("APPROVED");
    assertThat(json.at("/pull_request/reviews/1/counted").booleanValue()).isTrue();
    assertThat(json.at("/pull_request/reviews/1/audit_seq").longValue()).isEqualTo(3);
    assertThat(json.at("/pull_request/events/4/action").stringValue()).isEqualTo("merged");
  }

  @Test
  void theSummaryTellsThePullRequestsHistoryInSentences() {
    String summary = pack(Optional.empty()).summary(pullRequestEvidence());

    assertThat(summary)
        .contains("Pull request: #12 " + PR_URL + ", merged as " + MERGE)
        .contains("Opened pull request #12 (" + PR_URL + ") with head 0a1b2c3.")
        .contains(
            "Review of pull request #12 ("
                + PR_URL
                + ") by forge user mallory-gh (not known in Slack): approved — did not count:"
                + " Helmgate does not know who mallory-gh is in Slack.")
        .contains(
            "Review of pull request #12 ("
                + PR_URL
                + ") by forge user bob-gh (Slack U0BOB): approved on 0a1b2c3 — counted as their"
                + " approval.")
        .contains("Commented on pull request #12: approved by <@U0BOB> at 10:02")
        .contains("Merged pull request #12 as f1e2d3c. Merge commit " + MERGE)
        .doesNotContain("action=")
        .doesNotContain("{");
  }
}
