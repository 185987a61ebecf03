package io.helmgate.bot.slack.render;

import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.CheckboxesElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.request.Request;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The reject modal, the {@code /deploy} form and the App Home tab. */
final class Views {

  /** Most options Slack accepts in one static select. */
  static final int SELECT_OPTIONS = 100;

  /** Longest reason a person can type; the grammar's limit for one value. */
  static final int REASON_LENGTH = 256;

  private final Times times;
  private final Replies replies;

  Views(Times times, Replies replies) {
    this.times = times;
    this.replies = replies;
  }

  View rejectModal(String requestId) {
    String id =
        RequestId.parse(requestId)
            .map(RequestId::toString)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not a request id (R-42): `" + Mrkdwn.cut(requestId, 40) + "`"));
    return reasonModal(
        SlackIds.REJECT_MODAL,
        id,
        "Reject request",
        "Reject *" + id + "*? One rejection ends the request; your reason goes into its thread.",
        SlackIds.REJECT_REASON,
        "e.g. wrong tag: 1.4.2 is not released yet",
        "Reject");
  }

  /**
   * Asks for the reason of a roll back offered by a Roll back button; {@code value} is the button's
   * {@code <customer>/<product> <env> <commit>}.
   */
  View rollbackModal(String value, Optional<String> channel) {
    String[] parts = value == null ? new String[0] : value.trim().split(" ");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "not a roll back value: `" + Mrkdwn.cut(String.valueOf(value), 40) + "`");
    }
    return reasonModal(
        SlackIds.ROLLBACK_MODAL,
        // The form is asked for in the channel of the clicked message, as if typed there.
        String.join(" ", parts) + channel.map(c -> " " + c).orElse(""),
        "Roll back",
        "Roll back *"
            + Mrkdwn.escape(parts[0] + " " + parts[1])
            + "* to the values of `"
            + Mrkdwn.escape(Mrkdwn.cut(parts[2], 12))
            + "`? It is asked for like `/rollback`: the same rules and approvals apply.",
        SlackIds.ROLLBACK_REASON,
        "e.g. INC-77 error rate after 1.4.2",
        "Ask to roll back");
  }

  private View reasonModal(
      String callbackId,
      String metadata,
      String title,
      String intro,
      String inputId,
      String placeholder,
      String submit) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(Kit.section(intro));
    blocks.add(
        input(
            inputId,
            "Reason",
            PlainTextInputElement.builder()
                .actionId(inputId)
                .multiline(true)
                .maxLength(REASON_LENGTH)
                .placeholder(plainText(placeholder))
                .build(),
            true,
            null));
    return View.builder()
        .type("modal")
        .callbackId(callbackId)
        .privateMetadata(metadata)
        .title(title(title))
        .submit(ViewSubmit.builder().type("plain_text").text(submit).build())
        .close(ViewClose.builder().type("plain_text").text("Back").build())
        .blocks(blocks)
        .build();
  }

  View deployModal(List<Target> environments) {
    List<LayoutBlock> blocks = new ArrayList<>();
    if (environments.isEmpty()) {
      blocks.add(
          Kit.section(
              ":warning: The values repository has no environments yet"
                  + " (`<customer>/<product>/<env>/values.yaml`)."));
      return View.builder()
          .type("modal")
          .callbackId(SlackIds.DEPLOY_MODAL)
          .title(title("Deploy"))
          .close(ViewClose.builder().type("plain_text").text("Close").build())
          .blocks(blocks)
          .build();
    }
    List<String> envs = distinct(environments, Target::environment, false);
    blocks.add(
        Kit.context(
            "Builds the same request as `/deploy <customer>/<product> <env> …`;"
                + " the policy decides as for a typed command."));
    blocks.add(
        input(
            SlackIds.FORM_CUSTOMER,
            "Customer",
            select(SlackIds.FORM_CUSTOMER, distinct(environments, Target::customer, true)),
            false,
            null));
    blocks.add(
        input(
            SlackIds.FORM_PRODUCT,
            "Product",
            select(SlackIds.FORM_PRODUCT, distinct(environments, Target::product, true)),
            false,
            null));
    blocks.add(
        input(
            SlackIds.FORM_ENVIRONMENT,
            "Environment",
            select(SlackIds.FORM_ENVIRONMENT, envs),
            false,
            null));
    blocks.add(
        input(
            SlackIds.FORM_FROM,
            "Promote from",
            select(SlackIds.FORM_FROM, envs),
            true,
            "Copies the product's promotable keys (by default image.tag) from this environment."));
    blocks.add(
        input(
            SlackIds.FORM_VALUES,
            "Set values",
            PlainTextInputElement.builder()
                .actionId(SlackIds.FORM_VALUES)
                .multiline(true)
                .placeholder(plainText("image.tag=1.4.2"))
                .build(),
            true,
            "One key=value per line. With neither this nor Promote from, the environment is"
                + " synced as it is."));
    blocks.add(
        input(
            SlackIds.FORM_AT,
            "When",
            PlainTextInputElement.builder()
                .actionId(SlackIds.FORM_AT)
                .placeholder(plainText("22:00 or 2026-12-01 22:00"))
                .build(),
            true,
            "In "
                + times.zone().getId()
                + ". Empty: as soon as allowed; production proposes its next maintenance window."));
    blocks.add(
        input(
            SlackIds.FORM_REASON,
            "Reason",
            PlainTextInputElement.builder()
                .actionId(SlackIds.FORM_REASON)
                .maxLength(REASON_LENGTH)
                .placeholder(plainText("CHG-1234 monthly release"))
                .build(),
            true,
            "Required for production and for break-glass."));
    blocks.add(
        input(
            SlackIds.FORM_BREAK_GLASS,
            "Emergency",
            CheckboxesElement.builder()
                .actionId(SlackIds.FORM_BREAK_GLASS)
                .options(
                    List.of(
                        OptionObject.builder()
                            .text(plainText("Break-glass"))
                            .description(
                                plainText(
                                    "Skips approval and maintenance windows; needs a reason;"
                                        + " reviewed later."))
                            .value(SlackIds.BREAK_GLASS_OPTION)
                            .build()))
                .build(),
            true,
            null));
    return View.builder()
        .type("modal")
        .callbackId(SlackIds.DEPLOY_MODAL)
        .title(title("Deploy"))
        .submit(ViewSubmit.builder().type("plain_text").text("Request").build())
        .close(ViewClose.builder().type("plain_text").text("Cancel").build())
        .blocks(blocks)
        .build();
  }

  View homeTab(List<Request> awaitingYou, List<Request> yours, List<Request> scheduled) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(Kit.header("Helmgate"));
    blocks.add(
        Kit.section(
            "*:hourglass: Awaiting your approval* ("
                + awaitingYou.size()
                + ")\n"
                + replies.requestList(awaitingYou, "Nothing waits for you.")));
    blocks.add(Kit.divider());
    blocks.add(
        Kit.section(
            "*:bust_in_silhouette: Your requests* ("
                + yours.size()
                + ")\n"
                + replies.requestList(yours, "You have no recent requests.")));
    blocks.add(Kit.divider());
    blocks.add(
        Kit.section(
            "*:calendar: Scheduled changes* ("
                + scheduled.size()
                + ")\n"
                + replies.requestList(scheduled, "Nothing is scheduled.")));
    blocks.add(
        Kit.context(
            "Times in "
                + times.zone().getId()
                + ". Approve or reject in each request's message; `/deploy help` lists the"
                + " commands."));
    return View.builder().type("home").blocks(blocks).build();
  }

  private static InputBlock input(
      String id, String label, BlockElement element, boolean optional, String hint) {
    return InputBlock.builder()
        .blockId(id)
        .label(plainText(label))
        .element(element)
        .optional(optional)
        .hint(hint == null ? null : plainText(hint))
        .build();
  }

  private static StaticSelectElement select(String actionId, List<String> names) {
    List<OptionObject> options = new ArrayList<>();
    for (String name : names.subList(0, Math.min(SELECT_OPTIONS, names.size()))) {
      options.add(OptionObject.builder().text(plainText(name)).value(name).build());
    }
    return StaticSelectElement.builder()
        .actionId(actionId)
        .placeholder(plainText("Choose"))
        .options(options)
        .build();
  }

  private static ViewTitle title(String text) {
    return ViewTitle.builder().type("plain_text").text(text).build();
  }

  /** Distinct names; sorted, or in the order the environments came (dev, qa, staging, prod). */
  private static List<String> distinct(
      List<Target> targets, Function<Target, String> name, boolean sorted) {
    Set<String> names = sorted ? new TreeSet<>() : new LinkedHashSet<>();
    targets.forEach(t -> names.add(name.apply(t)));
    return List.copyOf(names);
  }
}
