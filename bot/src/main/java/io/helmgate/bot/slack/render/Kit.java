package io.helmgate.bot.slack.render;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Block Kit pieces with Slack's size limits built in, so that no message is refused for a long
 * reason or change list. Every text given here is already mrkdwn (escaped where it must be).
 */
final class Kit {

  /** Most blocks in a message. */
  static final int MESSAGE_BLOCKS = 50;

  /** Most blocks in a modal or the App Home tab. */
  static final int VIEW_BLOCKS = 100;

  /** Longest fallback text kept; Slack truncates at 40,000, notifications show far less. */
  static final int NOTIFICATION_TEXT = 1000;

  /** Longest text of a section. */
  static final int SECTION_TEXT = 3000;

  /** Longest section field. */
  static final int FIELD_TEXT = 2000;

  /** Most fields in a section. */
  static final int FIELDS = 10;

  /** Longest header text. */
  static final int HEADER_TEXT = 150;

  /** Most elements in a context block. */
  static final int CONTEXT_ELEMENTS = 10;

  /** Longest button value. */
  static final int BUTTON_VALUE = 2000;

  /** Longest text of a confirmation dialog. */
  static final int CONFIRM_TEXT = 300;

  private Kit() {}

  static HeaderBlock header(String text) {
    return HeaderBlock.builder().text(plainText(fit(text, HEADER_TEXT), true)).build();
  }

  static SectionBlock section(String mrkdwn) {
    return SectionBlock.builder().text(markdownText(fit(mrkdwn, SECTION_TEXT))).build();
  }

  static SectionBlock section(String mrkdwn, BlockElement accessory) {
    return SectionBlock.builder()
        .text(markdownText(fit(mrkdwn, SECTION_TEXT)))
        .accessory(accessory)
        .build();
  }

  /** A section of up to ten two-column fields; extra fields are dropped. */
  static SectionBlock fields(List<String> mrkdwnFields) {
    List<TextObject> fields = new ArrayList<>();
    for (String f : mrkdwnFields.subList(0, Math.min(FIELDS, mrkdwnFields.size()))) {
      fields.add(markdownText(fit(f, FIELD_TEXT)));
    }
    return SectionBlock.builder().fields(fields).build();
  }

  static ContextBlock context(String... mrkdwn) {
    List<ContextBlockElement> elements = new ArrayList<>();
    for (int i = 0; i < mrkdwn.length && i < CONTEXT_ELEMENTS; i++) {
      elements.add(markdownText(fit(mrkdwn[i], SECTION_TEXT)));
    }
    return ContextBlock.builder().elements(elements).build();
  }

  static DividerBlock divider() {
    return DividerBlock.builder().build();
  }

  static ButtonElement button(
      String actionId, String label, String value, String style, ConfirmationDialogObject confirm) {
    if (value.length() > BUTTON_VALUE) {
      throw new IllegalArgumentException("a button value is at most 2000 characters");
    }
    return ButtonElement.builder()
        .actionId(actionId)
        .text(plainText(label, true))
        .value(value)
        .style(style)
        .confirm(confirm)
        .build();
  }

  /** A confirmation dialog; Slack shows its text as plain text, so it takes no mrkdwn. */
  static ConfirmationDialogObject confirm(
      String title, String plain, String confirm, String deny, String style) {
    return ConfirmationDialogObject.builder()
        .title(plainText(title))
        .text(plainText(fit(plain, CONFIRM_TEXT)))
        .confirm(plainText(confirm))
        .deny(plainText(deny))
        .style(style)
        .build();
  }

  /**
   * Cuts text to {@code max} characters ending in {@code …}, never inside an escape such as {@code
   * &amp;}; a safety net behind the budgets the renderers keep.
   */
  static String fit(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    int amp = text.lastIndexOf('&', end - 1);
    if (amp >= 0 && amp > end - 5 && text.indexOf(';', amp) >= end) {
      end = amp;
    }
    return text.substring(0, end) + "…";
  }
}
