package io.helmgate.bot.slack;

import com.slack.api.model.view.ViewState;
import io.helmgate.bot.slack.render.SlackIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what people typed into Helmgate's modals. The deploy form becomes the same text a person
 * would type after {@code /deploy}, so it goes through the same parser and the same rules.
 */
final class ModalState {

  private ModalState() {}

  static Optional<String> text(ViewState state, String id) {
    if (state == null || state.getValues() == null) {
      return Optional.empty();
    }
    Map<String, ViewState.Value> block = state.getValues().get(id);
    if (block == null || block.get(id) == null) {
      return Optional.empty();
    }
    ViewState.Value value = block.get(id);
    String text =
        value.getSelectedOption() != null ? value.getSelectedOption().getValue() : value.getValue();
    if (text == null
        && value.getSelectedOptions() != null
        && !value.getSelectedOptions().isEmpty()) {
      text = value.getSelectedOptions().get(0).getValue();
    }
    return Optional.ofNullable(text).map(String::strip).filter(s -> !s.isEmpty());
  }

  /** The reject modal's optional reason. */
  static Optional<String> rejectReason(ViewState state) {
    return text(state, SlackIds.REJECT_REASON);
  }

  /** The deploy form as {@code /deploy} text. */
  static String deployText(ViewState state) {
    List<String> words = new ArrayList<>();
    words.add(
        text(state, SlackIds.FORM_CUSTOMER).orElse("")
            + "/"
            + text(state, SlackIds.FORM_PRODUCT).orElse(""));
    words.add(text(state, SlackIds.FORM_ENVIRONMENT).orElse(""));
    text(state, SlackIds.FORM_FROM).ifPresent(from -> words.add("from=" + from));
    text(state, SlackIds.FORM_VALUES)
        .ifPresent(
            lines ->
                lines.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(words::add));
    text(state, SlackIds.FORM_AT).ifPresent(at -> words.add("at=\"" + at.replace("\"", "") + "\""));
    text(state, SlackIds.FORM_REASON)
        .ifPresent(r -> words.add("reason=\"" + r.replace("\"", "'") + "\""));
    text(state, SlackIds.FORM_BREAK_GLASS).ifPresent(b -> words.add("break-glass"));
    return String.join(" ", words);
  }
}
