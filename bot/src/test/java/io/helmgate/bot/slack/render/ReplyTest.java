package io.helmgate.bot.slack.render;

import static io.helmgate.bot.slack.render.Fixtures.ALICE;
import static io.helmgate.bot.slack.render.Fixtures.BASE;
import static io.helmgate.bot.slack.render.Fixtures.BOB;
import static io.helmgate.bot.slack.render.Fixtures.COMMIT;
import static io.helmgate.bot.slack.render.Fixtures.CREATED;
import static io.helmgate.bot.slack.render.Fixtures.PASSED;
import static io.helmgate.bot.slack.render.Fixtures.PROD;
import static io.helmgate.bot.slack.render.Fixtures.WINDOW;
import static io.helmgate.bot.slack.render.Fixtures.approval;
import static io.helmgate.bot.slack.render.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.command.CommandParser;
import io.helmgate.domain.command.ParseResult;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.service.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ephemeral reply to every kind of {@link Outcome}, against golden files. */
class ReplyTest {

  private final Renderer renderer = Fixtures.renderer();

  static final Request PENDING = request().scheduledAt(WINDOW).build();
  static final Request SCHEDULED =
      request()
          .id(43)
          .scheduledAt(WINDOW)
          .state(RequestState.SCHEDULED)
          .approvals(approval(BOB, Duration.ofMinutes(10)))
          .build();

  static final ScheduleDecision PROPOSED =
      new ScheduleDecision(
          ScheduleDecision.Kind.PROPOSED,
          Optional.of(WINDOW),
          Optional.empty(),
          "maintenance-window",
          "prod takes changes in its maintenance windows (Sat 22:00-02:00 Europe/Zurich): runs at"
              + " Sat 2026-12-05 22:00 Europe/Zurich. To choose another window, add at=.");

  static final ValuesHistoryEntry LAST_CHANGE =
      new ValuesHistoryEntry(
          COMMIT,
          Optional.of(BASE),
          Instant.parse("2026-11-28T21:04:00Z"),
          "Helmgate",
          "deploy acme/payments prod: image.tag 1.4.0 → 1.4.1",
          List.of(
              new Trailer(Trailer.REQUESTED_BY, "Alice Ops U0ALICE"),
              new Trailer(Trailer.APPROVED_BY, "Bob Ops U0BOB"),
              new Trailer(Trailer.REQUEST, "R-41")));

  /** One example of every outcome; golden file {@code reply-<name>.json}. */
  static Stream<Arguments> outcomes() {
    return examples().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Map<String, Outcome> examples() {
    Map<String, Outcome> m = new LinkedHashMap<>();
    m.put(
        "denied",
        new Outcome.Denied(
            Decision.denied(
                "four-eyes", "You requested R-42; four-eyes needs someone else to approve it.")));
    m.put(
        "invalid",
        new Outcome.Invalid(
            "`acme/pay ments` is not a product name. Usage: `/deploy status"
                + " &lt;customer&gt;/&lt;product&gt; [&lt;env&gt;]`. Try: `/deploy status"
                + " acme/payments`"));
    m.put(
        "error",
        new Outcome.Error(
            "The values repository failed: connection refused (git.example.org:443). Nothing"
                + " was changed."));
    m.put(
        "help",
        new Outcome.Help(
            "*Helmgate: deploy and roll back with separation of duties*\n"
                + "• `/deploy status &lt;customer&gt;/&lt;product&gt; [&lt;env&gt;]`: current"
                + " values, health and recent changes\n"
                + "   e.g. `/deploy status acme/payments`"));
    m.put("open-form", new Outcome.OpenForm());
    m.put(
        "request-opened",
        new Outcome.RequestOpened(
            request().scheduledAt(WINDOW).postedIn("C0PRODAPP").build(),
            Decision.needsApproval(
                "approvals-required",
                "prod needs 1 approval from OPS other than you.",
                1,
                Set.of(Role.OPS)),
            PROPOSED,
            PASSED));
    m.put(
        "request-opened-now",
        new Outcome.RequestOpened(
            request()
                .id(46)
                .approvalsRequired(0)
                .state(RequestState.APPROVED)
                .postedIn("C0DEVAPP")
                .build(),
            Decision.allowed("no-approval-needed", "dev needs no approval."),
            new ScheduleDecision(
                ScheduleDecision.Kind.NOW,
                Optional.empty(),
                Optional.empty(),
                "any-time",
                "dev takes changes at any time; runs as soon as it may."),
            new Preflight(Preflight.Status.NOT_CONFIGURED, List.of(), "Vault is not configured")));
    m.put(
        "request-updated",
        new Outcome.RequestUpdated(
            request()
                .state(RequestState.APPROVED)
                .approvals(approval(BOB, Duration.ofMinutes(10)))
                .build(),
            "You approved R-42."));
    m.put("status-report", status());
    m.put(
        "pending-list",
        new Outcome.PendingList(List.of(PENDING), List.of(SCHEDULED), List.of(SCHEDULED)));
    m.put(
        "rollback-choices",
        new Outcome.RollbackChoices(
            PROD,
            List.of(
                LAST_CHANGE,
                new ValuesHistoryEntry(
                    BASE,
                    Optional.of("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"),
                    Instant.parse("2026-11-21T21:02:00Z"),
                    "Helmgate",
                    "deploy acme/payments prod: image.tag 1.3.9 → 1.4.0",
                    List.of(new Trailer(Trailer.REQUESTED_BY, "Bob Ops U0BOB"))),
                new ValuesHistoryEntry(
                    "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
                    Optional.empty(),
                    Instant.parse("2026-10-01T08:00:00Z"),
                    "Platform Team",
                    "Add acme/payments prod",
                    List.of()))));
    m.put(
        "locked",
        new Outcome.Locked(
            new Lock(PROD, ALICE, "INC-80 database migration", CREATED.plus(Duration.ofHours(2)))));
    m.put("unlocked", new Outcome.Unlocked(PROD, "acme/payments prod is unlocked."));
    m.put(
        "audit-report",
        new Outcome.AuditReport(
            "acme/payments/prod",
            trail(),
            new AuditTrail.Verification(1234, Optional.empty(), "intact")));
    m.put(
        "audit-report-broken",
        new Outcome.AuditReport(
            "acme/payments/prod",
            trail(),
            new AuditTrail.Verification(
                1234, Optional.of(871L), "entry 871's hash does not match its content.")));
    m.put(
        "evidence",
        new Outcome.Evidence(
            request()
                .state(RequestState.SUCCEEDED)
                .approvals(approval(BOB, Duration.ofMinutes(10)))
                .commit(COMMIT)
                .outcome("Synced and Healthy.")
                .build(),
            trail(),
            Optional.of(LAST_CHANGE),
            new AuditTrail.Verification(1234, Optional.empty(), "intact")));
    m.put(
        "evidence-pull-request",
        new Outcome.Evidence(
            request()
                .state(RequestState.SUCCEEDED)
                .approvals(approval(BOB, Duration.ofMinutes(10)))
                .pullRequest(12, PR_URL)
                .commit(COMMIT)
                .outcome("Synced and Healthy.")
                .build(),
            pullRequestTrail(),
            Optional.of(LAST_CHANGE),
            new AuditTrail.Verification(1234, Optional.empty(), "intact")));
    m.put(
        "audit-report-pull-requests",
        new Outcome.AuditReport(
            "acme/payments/prod",
            pullRequestTrail(),
            new AuditTrail.Verification(1234, Optional.empty(), "intact")));
    m.put(
        "sod-report",
        new Outcome.SodReport(
            List.of("<@U0DAVE> holds DEVELOPER and OPS"),
            List.of("R-40 approved by Erin Ops, who no longer holds [OPS]"),
            List.of(request().id(43).breakGlass().state(RequestState.SUCCEEDED).build())));
    m.put("policy-report", PolicyReplyTest.example());
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void replyMatchesItsGoldenFileAndKeepsTheLimits(String name, Outcome outcome) {
    String json = Golden.json(renderer.reply(outcome));

    BlockKitLimits.checkMessage(json);
    Golden.assertMatches("reply-" + name, json);
  }

  @Test
  void everyOutcomeTypeHasAnExample() {
    Set<Class<?>> covered =
        examples().values().stream().map(Object::getClass).collect(Collectors.toSet());

    assertThat(covered).containsExactlyInAnyOrder(Outcome.class.getPermittedSubclasses());
  }

  @Test
  void deniedSaysNotAllowedWithTheMessageAndNamesTheRule() {
    Rendered r = renderer.reply(examples().get("denied"));

    assertThat(r.text())
        .isEqualTo("Not allowed: You requested R-42; four-eyes needs someone else to approve it.");
    assertThat(Golden.json(r)).contains("Rule: `four-eyes`");
  }

  @Test
  void domainMrkdwnIsNotEscapedTwice() {
    String json = Golden.json(renderer.reply(examples().get("invalid")));

    assertThat(json).contains("&lt;customer&gt;").doesNotContain("&amp;lt;");
  }

  @Test
  void requestOpenedSaysWhereItWasPosted() {
    Rendered r = renderer.reply(examples().get("request-opened"));

    assertThat(Golden.json(r)).contains("posted in <#C0PRODAPP>: waiting for approval.");
  }

  @Test
  void theRequesterConfirmationShowsTheSameChangeAsTheApprovalMessage() {
    Request rollback =
        request()
            .kind(RequestKind.ROLLBACK)
            .source(null)
            .restoreFrom(Fixtures.BASE)
            .changes()
            .fileDiff("@@ -1 +1 @@", "-hosts: [a, b]", "+hosts: [a]")
            .postedIn("C0PRODAPP")
            .build();
    Outcome.RequestOpened opened =
        new Outcome.RequestOpened(
            rollback,
            Decision.needsApproval(
                "approvals-required", "prod needs 1 approval.", 1, Set.of(Role.OPS)),
            PROPOSED,
            PASSED);

    String reply = Golden.json(renderer.reply(opened));
    String message =
        Golden.json(renderer.requestMessage(rollback, Optional.of(PASSED), Optional.of(PROPOSED)));

    String change =
        "the values file's line diff (2 changed lines)\\n```\\n@@ -1 +1 @@\\n-hosts: [a, b]\\n+hosts: [a]\\n```";
    assertThat(reply).contains(change);
    assertThat(message).contains(change);
  }

  @Test
  void rollbackChoicesOfferOneButtonPerChangeThatHasAParent() {
    String json = Golden.json(renderer.reply(examples().get("rollback-choices")));

    List<String> values =
        RequestMessageTest.buttons(json).stream()
            .map(b -> b.getAsJsonObject().get("value").getAsString())
            .toList();
    assertThat(values)
        .containsExactly(
            "acme/payments prod " + BASE,
            "acme/payments prod 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b");
    for (var b : RequestMessageTest.buttons(json)) {
      JsonObject button = b.getAsJsonObject();
      assertThat(button.get("action_id").getAsString()).isEqualTo(SlackIds.ROLLBACK_TO);
      assertThat(button.has("confirm")).isTrue();
    }
  }

  @Test
  void auditReportCountsEventsAndReportsTheChain() {
    String intact = Golden.json(renderer.reply(examples().get("audit-report")));
    String broken = Golden.json(renderer.reply(examples().get("audit-report-broken")));

    assertThat(intact)
        .contains("`REQUESTED` 1 · `APPROVED` 1 · `TRANSITION` 2")
        .contains("Chain intact");
    assertThat(broken).contains("Chain broken at entry 871");
  }

  @Test
  void theRealHelpTextFitsInSections() {
    ParseResult help =
        new CommandParser(Clock.fixed(CREATED, Fixtures.ZURICH), Fixtures.ZURICH)
            .parse("/deploy", "help");
    String text = ((ParseResult.Help) help).text();

    String json = Golden.json(renderer.reply(new Outcome.Help(text)));

    BlockKitLimits.checkMessage(json);
    assertThat(json).contains("/deploy pending").contains("/rollback");
  }

  private static Outcome.StatusReport status() {
    Target staging = PROD.withEnvironment("staging");
    return new Outcome.StatusReport(
        "acme/payments",
        List.of(
            new Outcome.EnvironmentStatus(
                staging,
                Map.of("image.tag", "1.4.2"),
                Optional.of(
                    new DeploymentStatus(
                        "acme-payments-staging",
                        "Synced",
                        "Degraded",
                        List.of("c0ffee1234567890c0ffee1234567890c0ffee12"),
                        "Failed",
                        "one or more objects failed to apply",
                        List.of(),
                        false,
                        List.of("deny Mon-Fri 08:00-18:00"))),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()),
            new Outcome.EnvironmentStatus(
                PROD,
                Map.of("image.tag", "1.4.1"),
                Optional.of(
                    new DeploymentStatus(
                        "acme-payments-prod",
                        "Synced",
                        "Healthy",
                        List.of(COMMIT),
                        "Succeeded",
                        "successfully synced (all tasks run)",
                        List.of(),
                        true,
                        List.of())),
                Optional.empty(),
                Optional.of(LAST_CHANGE),
                Optional.of(
                    new Lock(
                        PROD,
                        ALICE,
                        "INC-80 database migration",
                        CREATED.plus(Duration.ofHours(2)))),
                Optional.of(SCHEDULED)),
            new Outcome.EnvironmentStatus(
                PROD.withEnvironment("qa"),
                Map.of("image.tag", "1.4.3"),
                Optional.empty(),
                Optional.of("ArgoCD is not configured"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty())));
  }

  static final String PR_URL = "https://github.com/acme/helm-values/pull/12";

  private static AuditTrail.AuditEntry entry(long seq, AuditEvent.Type type, String... detail) {
    Map<String, String> d = new LinkedHashMap<>();
    for (int i = 0; i < detail.length; i += 2) {
      d.put(detail[i], detail[i + 1]);
    }
    return new AuditTrail.AuditEntry(
        seq,
        new AuditEvent(
            type,
            CREATED.plus(Duration.ofMinutes(seq - 200)),
            Optional.of(new RequestId(42)),
            Optional.empty(),
            Optional.of(PROD),
            d),
        "prev" + seq,
        "hash" + seq);
  }

  /** Pull-request mode: opened, a review that did not count, one that did, the merge. */
  static List<AuditTrail.AuditEntry> pullRequestTrail() {
    AuditEvent.Type pr = AuditEvent.Type.PULL_REQUEST;
    return List.of(
        entry(200, AuditEvent.Type.REQUESTED),
        entry(201, pr, "action", "opened", "pull-request", "12", "url", PR_URL, "head", BASE),
        entry(
            202,
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
            "no: Helmgate does not know who mallory-gh is in Slack <!channel>"),
        entry(
            203,
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
            "slack-user",
            "U0BOB",
            "counted",
            "yes"),
        entry(
            204,
            AuditEvent.Type.COMMITTED,
            "step",
            "await-merge",
            "result",
            "succeeded",
            "commit",
            COMMIT,
            "line",
            "Merged pull request #12 as 3f2a9c1."));
  }

  @Test
  void evidenceTellsThePullRequestItsReviewsAndItsMergeInSentences() {
    String json = Golden.json(renderer.reply(examples().get("evidence-pull-request")));

    assertThat(json)
        .contains("*Pull request* <" + PR_URL + "|#12>")
        .contains("Opened pull request <" + PR_URL + "|#12> with head 9b1f0c2.")
        .contains(
            "Review of pull request <"
                + PR_URL
                + "|#12> by forge user mallory-gh (not known in Slack): approved — did not"
                + " count: Helmgate does not know who mallory-gh is in Slack &lt;!channel&gt;.")
        .contains(
            "Review of pull request <"
                + PR_URL
                + "|#12> by forge user bob-gh (Slack <@U0BOB>): approved — counted as their"
                + " approval.")
        .contains("Merged pull request #12 as 3f2a9c1. Merge commit " + COMMIT)
        .doesNotContain("<!channel>");
  }

  @Test
  void auditReportListsPullRequestEventsAsSentencesNamingTheirRequest() {
    String json = Golden.json(renderer.reply(examples().get("audit-report-pull-requests")));

    assertThat(json)
        .contains("`REQUESTED` 1 · `COMMITTED` 1 · `PULL_REQUEST` 3")
        .contains("*Pull requests*")
        .contains("• *R-42* ")
        .contains("by forge user bob-gh (Slack <@U0BOB>): approved — counted as their approval.")
        .contains("Merge commit " + COMMIT);
  }

  static List<AuditTrail.AuditEntry> trail() {
    RequestId id = new RequestId(42);
    List<AuditEvent.Type> types =
        Arrays.asList(
            AuditEvent.Type.REQUESTED,
            AuditEvent.Type.TRANSITION,
            AuditEvent.Type.APPROVED,
            AuditEvent.Type.TRANSITION);
    List<AuditTrail.AuditEntry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      entries.add(
          new AuditTrail.AuditEntry(
              100 + i,
              new AuditEvent(
                  types.get(i),
                  CREATED.plus(Duration.ofMinutes(5L * i)),
                  Optional.of(id),
                  Optional.of(i == 2 ? BOB : ALICE),
                  Optional.of(PROD),
                  Map.of()),
              "prev" + i,
              "hash" + i));
    }
    return entries;
  }
}
