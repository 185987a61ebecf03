package io.helmgate.bot.slack.render;

import static io.helmgate.bot.slack.render.Fixtures.ALICE;
import static io.helmgate.bot.slack.render.Fixtures.BOB;
import static io.helmgate.bot.slack.render.Fixtures.CAROL;
import static io.helmgate.bot.slack.render.Fixtures.COMMIT;
import static io.helmgate.bot.slack.render.Fixtures.CREATED;
import static io.helmgate.bot.slack.render.Fixtures.PASSED;
import static io.helmgate.bot.slack.render.Fixtures.WINDOW;
import static io.helmgate.bot.slack.render.Fixtures.approval;
import static io.helmgate.bot.slack.render.Fixtures.change;
import static io.helmgate.bot.slack.render.Fixtures.rejection;
import static io.helmgate.bot.slack.render.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The channel message of a request through its life, and the lines of its thread. */
class RequestMessageTest {

  private static final ScheduleDecision NEXT_WINDOW =
      new ScheduleDecision(
          ScheduleDecision.Kind.PROPOSED,
          Optional.of(WINDOW),
          Optional.empty(),
          "maintenance-window",
          "prod takes changes in its maintenance windows (Sat 22:00-02:00 Europe/Zurich): runs at"
              + " Sat 2026-12-05 22:00 Europe/Zurich. To choose another window, add at=.");

  private static final ScheduleDecision BREAK_GLASS_NOW =
      new ScheduleDecision(
          ScheduleDecision.Kind.NOW,
          Optional.empty(),
          Optional.empty(),
          "break-glass",
          "Break-glass: runs now, ignoring maintenance windows and freezes.");

  private final Renderer renderer = Fixtures.renderer();

  /** The pending production request of DESIGN.md, waiting for the next window. */
  private static Fixtures.Builder prodInWindow() {
    return request().scheduledAt(WINDOW);
  }

  private String message(Request r) {
    return message(r, Optional.of(NEXT_WINDOW));
  }

  private String message(Request r, Optional<ScheduleDecision> schedule) {
    String json = Golden.json(renderer.requestMessage(r, Optional.of(PASSED), schedule));
    BlockKitLimits.checkMessage(json);
    return json;
  }

  @Test
  void pendingProductionRequestShowsDiffPreflightWindowAndButtons() {
    String json = message(prodInWindow().build());

    Golden.assertMatches("request-pending-prod", json);
    assertThat(json)
        .contains("R-42 · deploy acme/payments prod")
        .contains("image.tag  1.4.1 → 1.4.2")
        .contains("Sat 5 Dec 22:00 CET")
        .contains(":white_check_mark: Passed")
        .contains("<@U0ALICE>");
    assertThat(actionIds(json)).containsExactly(SlackIds.APPROVE, SlackIds.REJECT, SlackIds.CANCEL);
  }

  @Test
  void requestBoundToRegistryDigestsShowsEachShortDigest() {
    String json =
        message(
            prodInWindow()
                .bindings(
                    "artifact=registry.acme.example/payments/api:1.4.2@sha256:"
                        + "1a2b3c4d5e6f7a8b".repeat(4))
                .build());

    Golden.assertMatches("request-artifacts", json);
    assertThat(json)
        .contains(
            ":package: Registry digests: `registry.acme.example/payments/api:1.4.2`"
                + " sha256:1a2b3c4d5e6f…")
        .doesNotContain("7a8b1a2b");
  }

  @Test
  void aRequestInPullRequestModeLinksItsPullRequestAndSaysReviewsCount() {
    Request r =
        prodInWindow()
            .pullRequest(12, "https://github.com/acme/helm-values/pull/12")
            .postedIn("C0OPS")
            .build();

    String json = message(r);

    Golden.assertMatches("request-pending-pull-request", json);
    assertThat(json)
        .contains(
            ":twisted_rightwards_arrows: Pull request"
                + " <https://github.com/acme/helm-values/pull/12|#12> — reviews by people"
                + " Helmgate knows in Slack count as their approval");
    assertThat(actionIds(json)).containsExactly(SlackIds.APPROVE, SlackIds.REJECT, SlackIds.CANCEL);
  }

  @Test
  void theUpdatedMessageOfAnApprovedRequestStillLinksItsPullRequest() {
    Request r =
        prodInWindow()
            .state(RequestState.APPROVED)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .pullRequest(12, "https://github.com/acme/helm-values/pull/12")
            .build();

    String json = Golden.json(renderer.requestMessage(r, Optional.empty(), Optional.empty()));

    assertThat(json)
        .contains("Pull request <https://github.com/acme/helm-values/pull/12|#12>")
        .doesNotContain("count as their approval");
  }

  @Test
  void aPullRequestAddressThatCouldBreakTheMarkupIsShownAsTextNotLinked() {
    Request r = prodInWindow().pullRequest(12, "https://forge.example/pr/12|click <!here>").build();

    String json = message(r);

    assertThat(json)
        .contains("Pull request #12 (`https://forge.example/pr/12|click &lt;!here&gt;`)")
        .doesNotContain("<!here>")
        .doesNotContain("<https://forge.example");
  }

  @Test
  void approvedRequestShowsWhoApprovedAndWhenWithoutButtons() {
    Request r =
        prodInWindow()
            .state(RequestState.APPROVED)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .updatedAt(CREATED.plus(Duration.ofMinutes(10)))
            .build();

    String json = message(r);

    Golden.assertMatches("request-approved", json);
    assertThat(json).contains(":white_check_mark: <@U0BOB> · Tue 1 Dec 21:10 CET");
    assertThat(actionIds(json)).isEmpty();
  }

  @Test
  void scheduledRequestOffersOnlyCancel() {
    Request r =
        prodInWindow()
            .state(RequestState.SCHEDULED)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .updatedAt(CREATED.plus(Duration.ofMinutes(10)))
            .build();

    String json = message(r);

    Golden.assertMatches("request-scheduled", json);
    assertThat(actionIds(json)).containsExactly(SlackIds.CANCEL);
    assertThat(json).contains("Approved; runs at Sat 5 Dec 22:00 CET");
  }

  @Test
  void executingRequestLinksItsCommit() {
    Request r =
        prodInWindow()
            .state(RequestState.EXECUTING)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .commit(COMMIT)
            .updatedAt(WINDOW.plus(Duration.ofSeconds(4)))
            .build();

    String json = message(r);

    Golden.assertMatches("request-executing", json);
    assertThat(json).contains("<https://git.example.org/values/commit/" + COMMIT + "|3f2a9c1>");
  }

  @Test
  void succeededRequestEndsWithItsOutcome() {
    Request r =
        prodInWindow()
            .state(RequestState.SUCCEEDED)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .commit(COMMIT)
            .outcome("Synced and Healthy.")
            .updatedAt(WINDOW.plus(Duration.ofMinutes(3)))
            .build();

    String json = message(r);

    Golden.assertMatches("request-succeeded", json);
    assertThat(json).contains(":white_check_mark: *Succeeded* — Synced and Healthy.");
  }

  @Test
  void failedRequestSaysWhyAndHowToUndo() {
    Request r =
        prodInWindow()
            .state(RequestState.FAILED)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .commit(COMMIT)
            .outcome(
                "The sync ended Failed, Degraded: Deployment payments has 0 of 3 ready replicas."
                    + " To undo it: `/rollback acme/payments prod`.")
            .updatedAt(WINDOW.plus(Duration.ofMinutes(6)))
            .build();

    String json = message(r);

    Golden.assertMatches("request-failed", json);
    assertThat(json).contains(":x: *Failed*").contains("`/rollback acme/payments prod`");
    assertThat(actionIds(json)).isEmpty();
  }

  @Test
  void rejectedRequestShowsWhoRejectedAndWhy() {
    Request r =
        prodInWindow()
            .state(RequestState.REJECTED)
            .approvals(rejection(CAROL, "1.4.2 is not released yet"))
            .outcome("Rejected by Carol Ops: 1.4.2 is not released yet")
            .updatedAt(CREATED.plus(Duration.ofMinutes(12)))
            .build();

    String json = message(r);

    Golden.assertMatches("request-rejected", json);
    assertThat(json)
        .contains(":no_entry: <@U0CAROL> · Tue 1 Dec 21:12 CET — 1.4.2 is not released yet");
  }

  @Test
  void staleRequestSaysTheApprovalsAreVoid() {
    Request r =
        prodInWindow()
            .state(RequestState.STALE)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .outcome(
                "`acme/payments/prod/values.yaml` changed since this was approved (now at"
                    + " 1a2b3c4); the approvals are void. Ask again.")
            .updatedAt(WINDOW)
            .build();

    String json = message(r);

    Golden.assertMatches("request-stale", json);
    assertThat(json).contains(":warning: *Stale*").contains("the approvals are void");
  }

  @Test
  void cancelledAndExpiredRequestsSaySo() {
    String cancelled =
        message(
            prodInWindow()
                .state(RequestState.CANCELLED)
                .outcome("Cancelled by Alice Ops.")
                .updatedAt(CREATED.plus(Duration.ofMinutes(2)))
                .build());
    String expired =
        message(
            prodInWindow()
                .state(RequestState.EXPIRED)
                .outcome("Nobody approved it within 24h.")
                .updatedAt(CREATED.plus(Duration.ofHours(24)))
                .build());

    Golden.assertMatches("request-cancelled", cancelled);
    Golden.assertMatches("request-expired", expired);
    assertThat(cancelled).contains("*Cancelled*");
    assertThat(expired).contains("*Expired*");
  }

  @Test
  void breakGlassRequestIsMarkedInTheHeaderAndFirstSection() {
    Request r =
        request()
            .id(43)
            .breakGlass()
            .source(null)
            .changes(change("image.tag", "1.4.2", "1.4.3"))
            .reason("INC-77 payment outage")
            .state(RequestState.EXECUTING)
            .build();

    String json = message(r, Optional.of(BREAK_GLASS_NOW));

    Golden.assertMatches("request-break-glass", json);
    JsonObject header = blocks(json).get(0).getAsJsonObject();
    assertThat(header.getAsJsonObject("text").get("text").getAsString()).endsWith("BREAK-GLASS");
    assertThat(blocks(json).get(1).toString())
        .contains(":rotating_light: *Break-glass:*")
        .contains("Another Ops member must review");
    assertThat(json).contains("Skipped: break-glass").contains("Now (break-glass)");
  }

  @Test
  void rollbackRequestNamesTheCommitItRestores() {
    Request r =
        request()
            .id(44)
            .kind(RequestKind.ROLLBACK)
            .source(null)
            .restoreFrom(Fixtures.BASE)
            .changes(change("image.tag", "1.4.2", "1.4.1"), change("replicaCount", "3", "2"))
            .reason("INC-78 errors after 1.4.2")
            .build();

    String json = message(r, Optional.empty());

    Golden.assertMatches("request-rollback", json);
    assertThat(json)
        .contains("R-44 · roll back acme/payments prod")
        .contains("restores <https://git.example.org/values/commit/" + Fixtures.BASE + "|9b1f0c2>");
  }

  @Test
  void rollbackThatRestoresAListAFlowMapAndABlockScalarShowsTheirLineDiff() {
    Request r =
        request()
            .id(47)
            .kind(RequestKind.ROLLBACK)
            .source(null)
            .restoreFrom(Fixtures.BASE)
            .changes()
            .fileDiff(
                "@@ -3,7 +3,6 @@",
                " hosts:",
                "   - a.example.org",
                "-  - b.example.org",
                "-limits: {cpu: 2, memory: 2Gi}",
                "+limits: {cpu: 1, memory: 2Gi}",
                " config: |",
                "-  mode: fast",
                "+  mode: safe",
                " ingress:",
                "   annotations:")
            .build();

    String json = message(r, Optional.empty());

    Golden.assertMatches("request-rollback-file-diff", json);
    assertThat(json)
        .doesNotContain("No values change")
        .contains("the values file's line diff (5 changed lines)")
        .contains("-  - b.example.org")
        .contains("+limits: {cpu: 1, memory: 2Gi}")
        .contains("bound to exactly this change: the values file's line diff (5 changed lines)");
    assertThat(renderer.fullDiff(r)).isEmpty();
  }

  @Test
  void aLongValueIsCutInTheMessageButShownInFullInItsThread() {
    String longValue = "v".repeat(400) + "<end>";
    Request r = request().changes(Fixtures.change("config.banner", "short", longValue)).build();

    String json = message(r);
    List<Rendered> thread = renderer.fullDiff(r);

    assertThat(json)
        .doesNotContain("&lt;end&gt;")
        .contains("the full diff is in this message's thread")
        .contains("/deploy evidence R-42");
    assertThat(thread).hasSize(1);
    String reply = Golden.json(thread.get(0));
    BlockKitLimits.checkMessage(reply);
    assertThat(reply)
        .contains("*Full diff of R-42* (part 1 of 1)")
        .contains("v".repeat(400) + "&lt;end&gt;");
  }

  @Test
  void aHugeDiffIsSplitIntoBoundedThreadRepliesThatPointToTheEvidencePack() {
    List<String> diff = new ArrayList<>(List.of("@@ -1,3000 +1,3000 @@"));
    for (int i = 0; i < 3000; i++) {
      diff.add("-key" + i + ": " + "o".repeat(60));
      diff.add("+key" + i + ": " + "n".repeat(60));
    }
    Request r = request().kind(RequestKind.ROLLBACK).changes().fileDiff(diff).build();

    List<Rendered> thread = renderer.fullDiff(r);

    assertThat(thread).hasSize(RequestMessages.DIFF_PARTS);
    thread.forEach(t -> BlockKitLimits.checkMessage(Golden.json(t)));
    assertThat(Golden.json(thread.get(0))).contains("-key0: ").contains("part 1 of ");
    assertThat(Golden.json(thread.get(thread.size() - 1)))
        .contains("more parts; the evidence pack (`/deploy evidence R-42`)");
  }

  @Test
  void aVeryLongDiffLineIsSplitAcrossRepliesNeverLost() {
    Request r =
        request()
            .kind(RequestKind.ROLLBACK)
            .changes()
            .fileDiff("@@ -1 +1 @@", "-motd: old", "+motd: " + "§".repeat(5000) + "&y")
            .build();

    List<Rendered> thread = renderer.fullDiff(r);

    String all = String.join("", thread.stream().map(Golden::json).toList());
    thread.forEach(t -> BlockKitLimits.checkMessage(Golden.json(t)));
    assertThat(all.replaceAll("[^§]", "")).hasSize(5000);
    assertThat(all).contains("&amp;y");
  }

  @Test
  void syncRequestSaysNothingChanges() {
    Request r = request().id(45).kind(RequestKind.SYNC).source(null).changes().build();

    String json = message(r, Optional.empty());

    Golden.assertMatches("request-sync", json);
    assertThat(json).contains("No values change: syncs `acme/payments prod` as it is.");
  }

  @ParameterizedTest
  @EnumSource(RequestState.class)
  void buttonsOnlyWhileWaitingForApprovalAndCancelWhileScheduled(RequestState state) {
    String json = message(prodInWindow().state(state).build());

    List<String> expected =
        switch (state) {
          case PENDING_APPROVAL -> List.of(SlackIds.APPROVE, SlackIds.REJECT, SlackIds.CANCEL);
          case SCHEDULED -> List.of(SlackIds.CANCEL);
          default -> List.of();
        };
    assertThat(actionIds(json)).containsExactlyElementsOf(expected);
    if (!state.isOpen()) {
      assertThat(json).contains("*" + States.word(state) + "*");
    }
  }

  @Test
  void buttonsCarryTheRequestIdAndApproveAndCancelAskToConfirm() {
    String json = message(prodInWindow().build());

    for (JsonElement b : buttons(json)) {
      JsonObject button = b.getAsJsonObject();
      assertThat(button.get("value").getAsString()).isEqualTo("R-42");
    }
    JsonObject approve = buttons(json).get(0).getAsJsonObject();
    assertThat(approve.get("style").getAsString()).isEqualTo("primary");
    assertThat(approve.getAsJsonObject("confirm").toString())
        .contains("Approve R-42?")
        .contains("bound to exactly this change: image.tag");
    assertThat(buttons(json).get(1).getAsJsonObject().get("style").getAsString())
        .isEqualTo("danger");
    assertThat(buttons(json).get(2).getAsJsonObject().has("confirm")).isTrue();
  }

  @Test
  void threadLineLinksTheCommitItNames() {
    Request r = prodInWindow().state(RequestState.EXECUTING).commit(COMMIT).build();

    String json =
        Golden.json(renderer.threadLine(r, "Committed 3f2a9c1 to the values repository."));

    BlockKitLimits.checkMessage(json);
    Golden.assertMatches("thread-committed", json);
    assertThat(json)
        .contains(
            ":arrows_counterclockwise: Committed <https://git.example.org/values/commit/"
                + COMMIT
                + "|3f2a9c1> to the values repository.");
  }

  @Test
  void threadLineOfAFailedCommittedChangeOffersRollBackToTheBase() {
    Request r =
        prodInWindow()
            .state(RequestState.FAILED)
            .commit(COMMIT)
            .outcome("The sync ended Failed, Degraded: 0 of 3 ready.")
            .build();

    String json = Golden.json(renderer.threadLine(r, r.outcome().get()));

    BlockKitLimits.checkMessage(json);
    Golden.assertMatches("thread-failed", json);
    JsonObject button = buttons(json).get(0).getAsJsonObject();
    assertThat(button.get("action_id").getAsString()).isEqualTo(SlackIds.ROLLBACK_TO);
    assertThat(button.get("value").getAsString()).isEqualTo("acme/payments prod " + Fixtures.BASE);
  }

  @Test
  void threadLineShowsUtcTimesInTheConfiguredZone() {
    Request r = prodInWindow().state(RequestState.SCHEDULED).build();

    Rendered line = renderer.threadLine(r, "Scheduled for 2026-12-05T21:00:00Z.");

    assertThat(Golden.json(line)).contains(":calendar: Scheduled for Sat 5 Dec 22:00 CET.");
  }

  @Test
  void threadLineWithoutACommitOffersNothing() {
    Request r =
        prodInWindow().state(RequestState.FAILED).outcome("The values commit failed.").build();

    String json = Golden.json(renderer.threadLine(r, r.outcome().get()));

    assertThat(buttons(json)).isEmpty();
    assertThat(json).contains(":x: The values commit failed.");
  }

  @Test
  void withoutACommitUrlCommitsAreCodeNotLinks() {
    Renderer plain =
        new Renderer(
            Fixtures.ZURICH, io.helmgate.domain.values.Redaction.defaults(), Optional.empty());
    Request r = prodInWindow().state(RequestState.SUCCEEDED).commit(COMMIT).build();

    String json = Golden.json(plain.requestMessage(r, Optional.empty(), Optional.empty()));

    assertThat(json).contains("Commit `3f2a9c1`").doesNotContain("https://");
  }

  @Test
  void requesterIsMentionedAndTheFallbackTextNamesThem() {
    Rendered rendered =
        renderer.requestMessage(
            request().requester(ALICE).build(), Optional.empty(), Optional.empty());

    assertThat(rendered.text())
        .isEqualTo(
            "R-42 · deploy acme/payments prod · waiting for approval · requested by Alice Ops");
  }

  static List<String> actionIds(String json) {
    List<String> ids = new ArrayList<>();
    for (JsonElement b : buttons(json)) {
      ids.add(b.getAsJsonObject().get("action_id").getAsString());
    }
    return ids;
  }

  static List<JsonElement> buttons(String json) {
    List<JsonElement> found = new ArrayList<>();
    collectButtons(Golden.tree(json), found);
    return found;
  }

  private static void collectButtons(JsonElement e, List<JsonElement> found) {
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(c -> collectButtons(c, found));
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.has("type")
          && o.get("type").isJsonPrimitive()
          && "button".equals(o.get("type").getAsString())) {
        found.add(o);
      }
      o.entrySet().forEach(c -> collectButtons(c.getValue(), found));
    }
  }

  private static com.google.gson.JsonArray blocks(String json) {
    return Golden.tree(json).getAsJsonObject().getAsJsonArray("blocks");
  }
}
