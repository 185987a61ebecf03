package io.helmgate.bot.slack.render;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import java.util.Objects;

/**
 * A Slack message ready to send: Block Kit blocks, and the short text Slack shows in notifications
 * and where blocks cannot be shown. The text is escaped like the blocks, because Slack parses
 * mentions in it too.
 */
public record Rendered(String text, List<LayoutBlock> blocks) {

  public Rendered {
    Objects.requireNonNull(text, "text");
    blocks = List.copyOf(blocks);
  }
}
