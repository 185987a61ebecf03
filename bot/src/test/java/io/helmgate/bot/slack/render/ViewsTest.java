package io.helmgate.bot.slack.render;

import static io.helmgate.bot.slack.render.Fixtures.BOB;
import static io.helmgate.bot.slack.render.Fixtures.WINDOW;
import static io.helmgate.bot.slack.render.Fixtures.approval;
import static io.helmgate.bot.slack.render.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.model.view.View;
import io.helmgate.domain.Target;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reject modal, the deploy form and the App Home tab. */
class ViewsTest {

  private final Renderer renderer = Fixtures.renderer();

  private static String json(View view) {
    String json = Golden.json(view);
    BlockKitLimits.checkView(json);
    return json;
  }

  @Test
  void rejectModalAsksForAnOptionalReasonAndCarriesTheRequestId() {
    String json = json(renderer.rejectModal("R-42"));

    Golden.assertMatches("modal-reject", json);
    JsonObject view = Golden.tree(json).getAsJsonObject();
    assertThat(view.get("callback_id").getAsString()).isEqualTo(SlackIds.REJECT_MODAL);
    assertThat(view.get("private_metadata").getAsString()).isEqualTo("R-42");
    JsonObject input = inputs(view).get(0);
    assertThat(input.get("block_id").getAsString()).isEqualTo(SlackIds.REJECT_REASON);
    assertThat(input.getAsJsonObject("element").get("action_id").getAsString())
        .isEqualTo(SlackIds.REJECT_REASON);
    assertThat(input.get("optional").getAsBoolean()).isTrue();
  }

  @Test
  void deployFormOffersTheKnownNamesAndEveryField() {
    List<Target> targets = new ArrayList<>();
    for (String customer : List.of("globex", "acme")) {
      for (String product : List.of("portal", "payments")) {
        for (String env : List.of("dev", "qa", "staging", "prod")) {
          targets.add(new Target(customer, product, env));
        }
      }
    }

    String json = json(renderer.deployModal(targets));

    Golden.assertMatches("modal-deploy", json);
    JsonObject view = Golden.tree(json).getAsJsonObject();
    assertThat(view.get("callback_id").getAsString()).isEqualTo(SlackIds.DEPLOY_MODAL);
    List<String> ids = new ArrayList<>();
    for (JsonObject input : inputs(view)) {
      assertThat(input.getAsJsonObject("element").get("action_id").getAsString())
          .isEqualTo(input.get("block_id").getAsString());
      ids.add(input.get("block_id").getAsString());
    }
    assertThat(ids)
        .containsExactly(
            SlackIds.FORM_CUSTOMER,
            SlackIds.FORM_PRODUCT,
            SlackIds.FORM_ENVIRONMENT,
            SlackIds.FORM_FROM,
            SlackIds.FORM_VALUES,
            SlackIds.FORM_AT,
            SlackIds.FORM_REASON,
            SlackIds.FORM_BREAK_GLASS);
    assertThat(options(inputs(view).get(0))).containsExactly("acme", "globex");
    assertThat(options(inputs(view).get(2))).containsExactly("dev", "qa", "staging", "prod");
    assertThat(json).contains("In Europe/Zurich.");
  }

  @Test
  void deployFormWithoutEnvironmentsSaysSoAndCannotBeSubmitted() {
    String json = json(renderer.deployModal(List.of()));

    assertThat(json).contains("has no environments yet").doesNotContain("\"submit\"");
  }

  @Test
  void deployFormKeepsToSlacksHundredOptions() {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      targets.add(new Target("customer-" + i, "app", "prod"));
    }

    String json = json(renderer.deployModal(targets));

    assertThat(options(inputs(Golden.tree(json).getAsJsonObject()).get(0))).hasSize(100);
  }

  @Test
  void homeTabListsWhatAwaitsYouYourRequestsAndWhatIsScheduled() {
    Request pending = request().scheduledAt(WINDOW).build();
    Request scheduled =
        request()
            .id(43)
            .scheduledAt(WINDOW)
            .state(RequestState.SCHEDULED)
            .approvals(approval(BOB, Duration.ofMinutes(10)))
            .build();
    Request failed =
        request()
            .id(40)
            .source(null)
            .changes(
                Fixtures.change("image.tag", "1.4.0", "1.4.1"),
                Fixtures.change("replicaCount", "2", "3"))
            .state(RequestState.FAILED)
            .build();

    String json =
        json(renderer.homeTab(List.of(pending), List.of(scheduled, failed), List.of(scheduled)));

    Golden.assertMatches("home-tab", json);
    assertThat(Golden.tree(json).getAsJsonObject().get("type").getAsString()).isEqualTo("home");
    assertThat(json)
        .contains(":hourglass: *R-42* deploy `acme/payments prod` · `image.tag 1.4.1 → 1.4.2`")
        .contains("`image.tag 1.4.0 → 1.4.1` +1");
  }

  @Test
  void emptyHomeTabSaysThereIsNothing() {
    String json = json(renderer.homeTab(List.of(), List.of(), List.of()));

    assertThat(json).contains("Nothing waits for you.").contains("Nothing is scheduled.");
  }

  private static List<JsonObject> inputs(JsonObject view) {
    List<JsonObject> inputs = new ArrayList<>();
    for (JsonElement b : view.getAsJsonArray("blocks")) {
      if (b.getAsJsonObject().get("type").getAsString().equals("input")) {
        inputs.add(b.getAsJsonObject());
      }
    }
    return inputs;
  }

  private static List<String> options(JsonObject input) {
    List<String> values = new ArrayList<>();
    JsonArray options = input.getAsJsonObject("element").getAsJsonArray("options");
    options.forEach(o -> values.add(o.getAsJsonObject().get("value").getAsString()));
    return values;
  }
}
