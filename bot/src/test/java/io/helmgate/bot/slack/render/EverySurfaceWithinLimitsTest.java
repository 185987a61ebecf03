package io.helmgate.bot.slack.render;

import static io.helmgate.bot.slack.render.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every message and view Helmgate sends, in every state, walked block by block against Block Kit's
 * documented limits: Slack refuses a whole message or modal for one field too long.
 */
class EverySurfaceWithinLimitsTest {

  private final Renderer renderer =
      new Renderer(
          Fixtures.ZURICH,
          Redaction.defaults(),
          Optional.empty(),
          environment -> List.of("S0OPS", "@ops-team", "S0OPS"));

  @Test
  void everyRequestMessageThreadLineAndReplyIsWithinLimitsInEveryState() {
    List<Rendered> messages = new ArrayList<>();
    for (RequestState state : RequestState.values()) {
      Request r = request().state(state).outcome("the outcome of " + state).build();
      messages.add(renderer.requestMessage(r, Optional.of(Fixtures.PASSED), Optional.empty()));
      messages.add(renderer.threadLine(r, "a step of " + state));
      messages.add(renderer.finalLine(r, "the end of " + state));
      messages.addAll(renderer.fullDiff(r));
    }
    messages.add(renderer.notice("Helmgate could not post the approval message of *R-1*."));

    for (Rendered message : messages) {
      BlockKitLimits.checkMessage(Golden.json(message));
    }
  }

  @Test
  void everyModalAndTheHomeTabAreWithinLimits() {
    List<Target> targets = List.of(new Target("acme", "payments", "prod"));
    Request r = request().build();
    BlockKitLimits.checkView(Golden.json(renderer.deployModal(targets)));
    BlockKitLimits.checkView(Golden.json(renderer.rejectModal("R-42")));
    BlockKitLimits.checkView(
        Golden.json(
            renderer.rollbackModal(
                SlackIds.rollbackValue(Fixtures.PROD, Fixtures.COMMIT), Optional.of("C0OPS"))));
    BlockKitLimits.checkView(Golden.json(renderer.homeTab(List.of(r), List.of(r), List.of(r))));
  }

  @Test
  void theApprovalMessageMentionsEachApproverGroupOnceWhileItWaits() {
    String pending =
        Golden.json(renderer.requestMessage(request().build(), Optional.empty(), Optional.empty()));
    String approved =
        Golden.json(
            renderer.requestMessage(
                request().state(RequestState.SUCCEEDED).build(),
                Optional.empty(),
                Optional.empty()));

    assertThat(pending.split("<!subteam\\^S0OPS>", -1)).hasSize(2);
    assertThat(pending).contains("@ops-team");
    assertThat(approved).doesNotContain("subteam");
  }

  @Test
  void theFinalLineMentionsTheRequester() {
    Rendered line =
        renderer.finalLine(request().state(RequestState.FAILED).build(), "Sync failed.");

    assertThat(Golden.json(line)).contains("<@U0ALICE> Sync failed.");
  }
}
