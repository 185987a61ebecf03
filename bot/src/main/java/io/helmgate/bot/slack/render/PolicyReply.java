package io.helmgate.bot.slack.render;

import com.slack.api.model.block.LayoutBlock;
import io.helmgate.domain.policy.PolicyDescription;
import io.helmgate.domain.policy.PolicyDescription.EnvironmentEntry;
import io.helmgate.domain.policy.PolicyDescription.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * The ephemeral answer to {@code /deploy policy}: the effective rules, setting by setting in the
 * words of the configuration keys, one section per environment, so that a reviewer can read it
 * instead of the YAML and match it line by line with the start-up log.
 */
final class PolicyReply {

  /**
   * Longest value shown: windows and freezes are the long ones. A value this long gets a section of
   * its own (a section holds 3,000 characters); only beyond it is a value cut.
   */
  private static final int VALUE = Kit.SECTION_TEXT - 200;

  /** Blocks kept for the closing context lines. */
  private static final int CLOSING_BLOCKS = 2;

  private PolicyReply() {}

  static Rendered render(PolicyDescription policy) {
    List<EnvironmentEntry> environments = policy.environments();
    boolean oneEnvironment =
        environments.size() == 1 && environments.get(0).environment().isPresent();
    String title = oneEnvironment ? "Policy for " + environments.get(0).label() : "Helmgate policy";
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(Kit.header(":scroll: " + title));
    blocks.addAll(sections("*Roles and who holds them*", policy.people()));
    int shown = 0;
    for (EnvironmentEntry entry : environments) {
      List<LayoutBlock> entryBlocks = sections(heading(entry), entry.settings());
      if (blocks.size() + entryBlocks.size() > Kit.MESSAGE_BLOCKS - CLOSING_BLOCKS) {
        break;
      }
      blocks.addAll(entryBlocks);
      shown++;
    }
    if (shown < environments.size()) {
      blocks.add(
          Kit.context(
              Mrkdwn.more(environments.size() - shown)
                  + ": ask for one with `/deploy policy &lt;env&gt;`."));
    }
    blocks.add(
        Kit.context(
            "Settings as named under `helmgate.policy`; start-up logs the same lines."
                + " Self-approval is always forbidden (four-eyes); `change-mode` says whether a"
                + " change is pushed to the values branch or merged through a pull request."));
    return new Rendered(Mrkdwn.line(title, 140), blocks);
  }

  private static String heading(EnvironmentEntry entry) {
    String name = "*" + Mrkdwn.line(entry.label(), 80) + "*";
    if (entry.configured()) {
      return name;
    }
    if (entry.environment().isEmpty()) {
      return name
          + "  _every environment the policy does not name: the fail-safe production rules_";
    }
    return name + "  _is not named in the policy: the fail-safe production rules apply_";
  }

  /** The heading and one line per setting, in as many sections as 3,000 characters need. */
  private static List<LayoutBlock> sections(String heading, List<Setting> settings) {
    List<LayoutBlock> blocks = new ArrayList<>();
    StringBuilder text = new StringBuilder(heading);
    for (Setting setting : settings) {
      String line =
          "\n" + Mrkdwn.code(setting.name(), 80) + " " + Mrkdwn.line(setting.value(), VALUE);
      if (text.length() + line.length() > Kit.SECTION_TEXT) {
        blocks.add(Kit.section(text.toString()));
        text.setLength(0);
        line = line.substring(1);
      }
      text.append(line);
    }
    blocks.add(Kit.section(text.toString()));
    return blocks;
  }
}
