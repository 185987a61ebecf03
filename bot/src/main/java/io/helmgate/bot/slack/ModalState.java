package io.helmgate.bot.slack;

import com.slack.api.model.view.ViewState;
import io.helmgate.bot.slack.render.SlackIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads what people typed into Helmgate's modals. The deploy form becomes the same text a person
 * would type after {@code /deploy}, so it goes through the same parser and the same rules.
 */
final class ModalState {

  /** A Slack conversation id: upper-case letters and digits, starting with its kind. */
  private static final String CHANNEL_ID = "[CDG][A-Z0-9]{2,30}";

  /**
   * What Helmgate writes into a rollback form's private metadata: {@code <customer>/<product> <env>
   * <commit>}, then the channel id of the clicked message unless that was a direct conversation.
   * Anything else came back damaged and is not turned into a command.
   */
  private static final Pattern ROLLBACK_METADATA =
      Pattern.compile(
          "([a-z0-9][a-z0-9-]{0,62}/[a-z0-9][a-z0-9-]{0,62}) ([a-z0-9][a-z0-9-]{0,62})"
              + " ([0-9a-f]{4,40})(?: ("
              + CHANNEL_ID
              + "))?");

  /** What a person is told when a form's hidden data cannot be read. */
  static final String DAMAGED_FORM =
      "Helmgate cannot read this form's hidden data, so it cannot tell what it is about."
          + " Nothing was done: close the form and start again from the message or command.";

  private ModalState() {}

  /**
   * The {@code /rollback} text of a submitted rollback form; empty when its private metadata is not
   * what Helmgate wrote.
   */
  static Optional<String> rollbackText(String metadata, Optional<String> reason) {
    if (metadata == null || metadata.length() > 200) {
      return Optional.empty();
    }
    var m = ROLLBACK_METADATA.matcher(metadata);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        m.group(1)
            + " "
            + m.group(2)
            + " to="
            + m.group(3)
            + reason
                .map(r -> " reason=\"" + r.replace("\"", "'").replace('\n', ' ') + "\"")
                .orElse(""));
  }

  /**
   * The channel whose message held the Roll back button, from a rollback form's private metadata;
   * empty when there is none (a direct conversation, or a form opened before channels were kept) or
   * the metadata is damaged.
   */
  static Optional<String> rollbackChannel(String metadata) {
    if (metadata == null || metadata.length() > 200) {
      return Optional.empty();
    }
    var m = ROLLBACK_METADATA.matcher(metadata);
    return m.matches() ? Optional.ofNullable(m.group(4)) : Optional.empty();
  }

  /**
   * The channel to keep in a rollback form for a click in {@code channelId}: none for a direct
   * conversation, which counts as the form's own, or for anything that is not a conversation id.
   */
  static Optional<String> rollbackFormChannel(String channelId, String channelName) {
    if (channelId == null
        || !channelId.matches(CHANNEL_ID)
        || SlackListeners.isDirect(channelId, channelName)) {
      return Optional.empty();
    }
    return Optional.of(channelId);
  }

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
