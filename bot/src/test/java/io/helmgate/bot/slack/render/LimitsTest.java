package io.helmgate.bot.slack.render;

import static io.helmgate.bot.slack.render.Fixtures.CREATED;
import static io.helmgate.bot.slack.render.Fixtures.PROD;
import static io.helmgate.bot.slack.render.Fixtures.change;
import static io.helmgate.bot.slack.render.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.Approval;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.service.Outcome;
import io.helmgate.domain.values.ValueChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whatever the size of a change, a reason or a list, the message stays within Block Kit's limits
 * (Slack refuses the whole message otherwise) and says what it left out.
 */
class LimitsTest {

  private final Renderer renderer = Fixtures.renderer();

  @Test
  void aLongChangeListIsCutWithAndNMore() {
    List<ValueChange> changes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      changes.add(change("service" + i + ".image.tag", "1.4." + i, "1.5." + i));
    }
    Request r = request().changes(changes).build();

    String json =
        Golden.json(renderer.requestMessage(r, Optional.of(Fixtures.PASSED), Optional.empty()));

    BlockKitLimits.checkMessage(json);
    assertThat(json).containsPattern("… and \\d+ more").contains("service0.image.tag");
    assertThat(json).doesNotContain("service499.image.tag");
  }

  @Test
  void longValuesReasonsAndOutcomesAreCut() {
    String huge = "x".repeat(10_000);
    Request r =
        request()
            .changes(change("image.tag", huge, huge + "y"), change("other", "a", huge))
            .reason(huge)
            .requester(new UserRef("U0LONG", huge))
            .state(RequestState.FAILED)
            .outcome(huge)
            .commit(Fixtures.COMMIT)
            .build();

    List<String> all = new ArrayList<>();
    all.add(
        Golden.json(renderer.requestMessage(r, Optional.of(Fixtures.PASSED), Optional.empty())));
    all.add(Golden.json(renderer.threadLine(r, huge)));
    all.add(Golden.json(renderer.reply(new Outcome.Error(huge))));
    all.add(Golden.json(renderer.reply(new Outcome.RequestUpdated(r, huge))));
    all.add(Golden.json(renderer.reply(new Outcome.Invalid(huge))));
    all.add(Golden.json(renderer.reply(new Outcome.Help((huge + "\n").repeat(5)))));

    all.forEach(BlockKitLimits::checkMessage);
    assertThat(all.get(0)).contains("…");
  }

  @Test
  void manyApprovalsMissingSecretsAndRejectionsStayInTheirFields() {
    List<Approval> approvals = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      approvals.add(
          new Approval(
              new UserRef("U0OPS" + i, "Ops " + i),
              i % 2 == 0 ? Approval.Verdict.APPROVE : Approval.Verdict.REJECT,
              Set.of(Role.OPS),
              Optional.of("reason ".repeat(50)),
              CREATED.plus(Duration.ofMinutes(i))));
    }
    List<SecretReference> missing = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      missing.add(new SecretReference("secret/data/acme/payments/prod" + i, "key" + i));
    }
    Request r =
        request().approvals(approvals.toArray(Approval[]::new)).approvalsRequired(150).build();

    String json =
        Golden.json(
            renderer.requestMessage(
                r,
                Optional.of(new Preflight(Preflight.Status.MISSING, missing, "300 missing")),
                Optional.empty()));

    BlockKitLimits.checkMessage(json);
    assertThat(json).containsPattern("… and \\d+ more");
  }

  @Test
  void longListsInRepliesAndTheHomeTabAreCut() {
    List<Request> many = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      many.add(request().id(i).build());
    }
    List<ValuesHistoryEntry> history = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      history.add(
          new ValuesHistoryEntry(
              String.format("%040x", i + 1),
              Optional.of(String.format("%040x", i + 2)),
              CREATED,
              "Helmgate",
              "deploy acme/payments prod: " + "image.tag 1.4.1 → 1.4.2 ".repeat(40),
              List.of()));
    }
    List<Outcome.EnvironmentStatus> environments = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      environments.add(
          new Outcome.EnvironmentStatus(
              new Target("acme", "payments", "env" + i),
              Map.of("image.tag", "1.4." + i),
              Optional.empty(),
              Optional.of("ArgoCD is not configured"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }

    List<String> messages =
        List.of(
            Golden.json(renderer.reply(new Outcome.PendingList(many, many, many))),
            Golden.json(renderer.reply(new Outcome.RollbackChoices(PROD, history))),
            Golden.json(renderer.reply(new Outcome.StatusReport("acme/payments", environments))),
            Golden.json(
                renderer.reply(
                    new Outcome.SodReport(
                        many.stream()
                            .map(r -> "<@U0X" + r.id().number() + "> holds DEVELOPER and OPS")
                            .toList(),
                        many.stream().map(r -> r.id() + " approved by someone").toList(),
                        many))));
    messages.forEach(BlockKitLimits::checkMessage);
    messages.forEach(m -> assertThat(m).containsPattern("… and \\d+ more"));

    String home = Golden.json(renderer.homeTab(many, many, many));
    BlockKitLimits.checkView(home);
    assertThat(home).containsPattern("… and \\d+ more");
  }
}
