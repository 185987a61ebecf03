package io.helmgate.bot.slack.render;

import static io.helmgate.bot.slack.render.Fixtures.BOB;
import static io.helmgate.bot.slack.render.Fixtures.COMMIT;
import static io.helmgate.bot.slack.render.Fixtures.CREATED;
import static io.helmgate.bot.slack.render.Fixtures.PROD;
import static io.helmgate.bot.slack.render.Fixtures.approval;
import static io.helmgate.bot.slack.render.Fixtures.change;
import static io.helmgate.bot.slack.render.Fixtures.rejection;
import static io.helmgate.bot.slack.render.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.service.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Text from people and files is shown, never obeyed: no {@code <!channel>}, no links, no mentions;
 * values of secret-looking keys never appear.
 */
class EscapingTest {

  private static final String EVIL = "<!channel> <https://evil.example|click> & <@U0BOSS>";
  private static final String EVIL_ESCAPED =
      "&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; &lt;@U0BOSS&gt;";

  private final Renderer renderer = Fixtures.renderer();

  private static final UserRef MALLORY = new UserRef("not-a-slack-id", "<!here> Mallory");

  private Request evilRequest() {
    return request()
        .requester(MALLORY)
        .reason(EVIL)
        .changes(change("image.tag", "1.4.1", "<!channel>`1.4.2`"))
        .state(RequestState.REJECTED)
        .approvals(rejection(BOB, EVIL))
        .outcome("Rejected by Bob Ops: " + EVIL)
        .build();
  }

  @Test
  void requestMessageEscapesReasonNamesValuesCommentsAndOutcome() {
    String json =
        Golden.json(
            renderer.requestMessage(
                evilRequest(),
                Optional.of(
                    new Preflight(Preflight.Status.UNAVAILABLE, List.of(), "Vault said " + EVIL)),
                Optional.empty()));

    BlockKitLimits.checkMessage(json);
    Golden.assertMatches("request-escaped", json);
    assertSafe(json);
    assertThat(json)
        .contains(EVIL_ESCAPED)
        .contains("&lt;!here&gt; Mallory")
        .contains("&lt;!channel&gt;ˋ1.4.2ˋ");
  }

  @Test
  void threadLinesEscapeWhatTheyQuote() {
    Request r = evilRequest();

    Rendered rendered = renderer.threadLine(r, "Rejected by Bob Ops: " + EVIL);

    String json = Golden.json(rendered);
    assertSafe(json);
    assertThat(rendered.text()).contains(EVIL_ESCAPED);
  }

  @Test
  void everyReplyEscapesWhatCameFromPeopleOrFiles() {
    Request evil = evilRequest();
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(new Outcome.Error("git said " + EVIL));
    outcomes.add(new Outcome.Unlocked(PROD, EVIL));
    outcomes.add(new Outcome.RequestUpdated(evil, EVIL));
    outcomes.add(new Outcome.Locked(new Lock(PROD, MALLORY, EVIL, CREATED)));
    outcomes.add(new Outcome.PendingList(List.of(evil), List.of(evil), List.of(evil)));
    ValuesHistoryEntry entry =
        new ValuesHistoryEntry(
            COMMIT,
            Optional.of(Fixtures.BASE),
            CREATED,
            EVIL,
            EVIL,
            List.of(new Trailer(Trailer.REQUESTED_BY, EVIL)));
    outcomes.add(new Outcome.RollbackChoices(PROD, List.of(entry)));
    outcomes.add(
        new Outcome.StatusReport(
            "acme/payments",
            List.of(
                new Outcome.EnvironmentStatus(
                    PROD,
                    Map.of("image.tag", EVIL),
                    Optional.of(
                        new DeploymentStatus(
                            EVIL,
                            EVIL,
                            EVIL,
                            List.of(EVIL),
                            EVIL,
                            EVIL,
                            List.of(),
                            false,
                            List.of(EVIL))),
                    Optional.of(EVIL),
                    Optional.of(entry),
                    Optional.of(new Lock(PROD, MALLORY, EVIL, CREATED)),
                    Optional.of(evil)))));
    outcomes.add(
        new Outcome.AuditReport(
            "acme/payments",
            ReplyTest.trail(),
            new AuditTrail.Verification(4, Optional.of(2L), EVIL)));
    outcomes.add(
        new Outcome.Evidence(
            evil,
            ReplyTest.trail(),
            Optional.of(entry),
            new AuditTrail.Verification(4, Optional.empty(), EVIL)));
    outcomes.add(
        new Outcome.SodReport(
            List.of("<@U0DAVE> holds DEVELOPER and OPS"), List.of(EVIL), List.of(evil)));
    outcomes.add(
        new Outcome.RequestOpened(
            evil,
            io.helmgate.domain.policy.Decision.allowed(
                "no-approval-needed", "dev needs no approval."),
            new io.helmgate.domain.policy.ScheduleDecision(
                io.helmgate.domain.policy.ScheduleDecision.Kind.NOW,
                Optional.empty(),
                Optional.empty(),
                "any-time",
                EVIL),
            new Preflight(Preflight.Status.UNAVAILABLE, List.of(), EVIL)));

    for (Outcome outcome : outcomes) {
      String json = Golden.json(renderer.reply(outcome));
      BlockKitLimits.checkMessage(json);
      assertSafe(json);
    }
    String sod = Golden.json(renderer.reply(outcomes.get(outcomes.size() - 2)));
    assertThat(sod).as("Helmgate's own mentions stay mentions").contains("<@U0DAVE> holds");
  }

  @Test
  void refusalsAndDecisionsEscapeTheWordsTheyQuote() {
    Lock evilLock = new Lock(PROD, MALLORY, EVIL, CREATED.plus(Duration.ofHours(2)));
    io.helmgate.domain.policy.Decision alreadyLocked =
        new io.helmgate.domain.policy.Policy(
                io.helmgate.domain.policy.PolicyConfig.defaults(
                    java.util.Map.of(io.helmgate.domain.Role.OPS, java.util.List.of("@ops-team"))))
            .mayLock(
                new io.helmgate.domain.policy.Actor(
                    BOB, java.util.Set.of(io.helmgate.domain.Role.OPS)),
                PROD,
                Optional.of(evilLock),
                CREATED);
    assertThat(alreadyLocked.isDenied()).isTrue();
    assertThat(alreadyLocked.message()).as("the domain quotes the reason as typed").contains(EVIL);
    io.helmgate.domain.policy.Decision quoting =
        io.helmgate.domain.policy.Decision.denied("reason-required", "You wrote " + EVIL + ".");
    List<Outcome> outcomes =
        List.of(
            new Outcome.Denied(alreadyLocked),
            new Outcome.Denied(quoting),
            new Outcome.Invalid("There is nothing called " + EVIL + "."),
            new Outcome.RequestOpened(
                evilRequest(),
                io.helmgate.domain.policy.Decision.allowed("approvals", "Approve " + EVIL),
                new io.helmgate.domain.policy.ScheduleDecision(
                    io.helmgate.domain.policy.ScheduleDecision.Kind.NOW,
                    Optional.empty(),
                    Optional.empty(),
                    "any-time",
                    "now"),
                new Preflight(Preflight.Status.PASSED, List.of(), "")));

    for (Outcome outcome : outcomes) {
      Rendered rendered = renderer.reply(outcome);
      String json = Golden.json(rendered);
      assertSafe(json);
      assertThat(rendered.text()).as("the notification text too").doesNotContain("<!channel>");
    }
    assertThat(Golden.json(renderer.reply(outcomes.get(0))))
        .contains("&lt;!channel&gt;")
        .contains("&lt;!here&gt; Mallory");
  }

  @Test
  void aRefusalThatAlreadyEscapedWhatItQuotedIsNotEscapedTwice() {
    Rendered rendered =
        renderer.reply(new Outcome.Invalid("`image.tag=&lt;!channel&gt;` is not accepted &"));

    assertThat(rendered.text()).isEqualTo("`image.tag=&lt;!channel&gt;` is not accepted &amp;");
  }

  @Test
  void viewsEscapeWhatTheyQuote() {
    Request evil = evilRequest();

    String home = Golden.json(renderer.homeTab(List.of(evil), List.of(evil), List.of(evil)));

    assertSafe(home);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> renderer.rejectModal(EVIL))
        .withMessageContaining("not a request id");
  }

  @Test
  void secretLookingValuesNeverAppearAnywhere() {
    String oldSecret = "hunter2-old-Sup3rS3cret";
    String newSecret = "correct-horse-battery-staple";
    Request r =
        request()
            .changes(
                change("image.tag", "1.4.1", "1.4.2"),
                change("db.password", oldSecret, newSecret),
                change("auth.apiKey", null, newSecret),
                change("tls.privateKey", oldSecret, oldSecret))
            .approvals(approval(BOB, Duration.ofMinutes(1)))
            .build();

    List<String> rendered = new ArrayList<>();
    rendered.add(Golden.json(renderer.requestMessage(r, Optional.empty(), Optional.empty())));
    for (RequestState s : RequestState.values()) {
      Request in = Fixtures.request().changes(r.change().changes()).state(s).build();
      rendered.add(Golden.json(renderer.requestMessage(in, Optional.empty(), Optional.empty())));
      rendered.add(Golden.json(renderer.threadLine(in, "Approved by Bob Ops.")));
    }
    rendered.add(
        Golden.json(renderer.reply(new Outcome.PendingList(List.of(r), List.of(r), List.of(r)))));
    rendered.add(Golden.json(renderer.homeTab(List.of(r), List.of(r), List.of(r))));
    Request secretFirst = request().changes(change("db.password", oldSecret, newSecret)).build();
    rendered.add(Golden.json(renderer.homeTab(List.of(secretFirst), List.of(), List.of())));

    Golden.assertMatches("request-secret", rendered.get(0));
    for (String json : rendered) {
      assertThat(json)
          .doesNotContain(oldSecret)
          .doesNotContain(newSecret)
          .doesNotContain("hunter2");
    }
    assertThat(rendered.get(0))
        .contains("db.password     ••• (changed)")
        .contains("auth.apiKey     ••• (new)")
        .contains("tls.privateKey  ••• (unchanged)");
    assertThat(rendered.get(rendered.size() - 1)).contains("db.password ••• (changed)");
  }

  @Test
  void missingSecretsAreListedByReferenceOnly() {
    Preflight missing =
        new Preflight(
            Preflight.Status.MISSING,
            List.of(
                new SecretReference("secret/data/acme/payments/prod", "db-password"),
                new SecretReference("secret/data/acme/payments/prod", null)),
            "2 missing");

    String json =
        Golden.json(
            renderer.requestMessage(request().build(), Optional.of(missing), Optional.empty()));

    assertThat(json)
        .contains(
            ":x: Missing in Vault: `secret/data/acme/payments/prod#db-password`,"
                + " `secret/data/acme/payments/prod`");
  }

  @Test
  void invisibleAndLineBreakingCharactersInValuesAreShownNotObeyed() {
    Request r =
        request().changes(change("image.tag", "1.4.1", "1.4.2\n*fake line*\u202Eevil")).build();

    String json = Golden.json(renderer.requestMessage(r, Optional.empty(), Optional.empty()));

    assertThat(json).contains("1.4.2 ↵ *fake line*�evil").doesNotContain("\u202E");
  }

  @Test
  void aConversationIdThatIsNotOneIsNotLinked() {
    Request r = request().postedIn("<!channel>").build();

    String json =
        Golden.json(
            renderer.reply(
                new Outcome.RequestOpened(
                    r,
                    io.helmgate.domain.policy.Decision.allowed("x", "ok."),
                    new io.helmgate.domain.policy.ScheduleDecision(
                        io.helmgate.domain.policy.ScheduleDecision.Kind.NOW,
                        Optional.empty(),
                        Optional.empty(),
                        "any-time",
                        "now"),
                    Fixtures.PASSED)));

    assertSafe(json);
  }

  @Test
  void aCommitUrlTemplateMustBeAWebUrlWithTheShaPlaceholder() {
    for (String bad :
        List.of(
            "git.example.org/{sha}",
            "https://git.example.org/commit/",
            "https://git.example.org/<{sha}>",
            "https://git.example.org/{sha}|click")) {
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new Renderer(
                      Fixtures.ZURICH,
                      io.helmgate.domain.values.Redaction.defaults(),
                      Optional.of(bad)))
          .withMessageContaining("{sha}");
    }
  }

  @Test
  void aTargetInTheDeployFormIsAValidatedName() {
    String json =
        Golden.json(renderer.deployModal(List.of(new Target("acme", "payments", "prod"))));

    assertSafe(json);
  }

  /** No mention, special mention or link that Helmgate did not write itself. */
  static void assertSafe(String json) {
    assertThat(json)
        .doesNotContain("<!channel>")
        .doesNotContain("<!here>")
        .doesNotContain("<https://evil")
        .doesNotContain("<@U0BOSS>")
        .doesNotContain("&amp;lt;");
  }
}
