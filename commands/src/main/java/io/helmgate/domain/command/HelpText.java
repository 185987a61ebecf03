package io.helmgate.domain.command;

import java.util.List;

/** Builds {@code /deploy help} and {@code /rollback help} from {@link Form}, as Slack mrkdwn. */
final class HelpText {

  /** How to write names, values, times…; the lines a rollback needs come first. */
  private static final List<String> WRITING =
      List.of(
          "Names (customer, product, environment): lower-case letters, digits and dashes, starting"
              + " with a letter or digit, as in `acme/payments prod`.",
          "Request ids: `R-42`. Commits (`to=`): 7 to 40 hex digits, e.g. `3f2a9c1`.",
          "Text with spaces goes in quotes: `reason=\"CHG-1234 monthly release\"`; inside double"
              + " quotes write `\\\"` for a quote.",
          "`break-glass` skips approval and maintenance windows for those allowed to use it; it"
              + " needs a reason and is reviewed afterwards.",
          "Values (`<key>=<value>`): one word of at most 256 characters: letters, digits and"
              + " `. - _ + : / @ =`, starting with a letter, a digit or `/`. Which keys may change"
              + " is set per product (by default `image.tag`).",
          "Times (`at=`): `2026-12-01T22:00+01:00` (ISO-8601 with offset), `2026-12-01T22:00` or"
              + " `at=\"2026-12-01 22:00\"` (in the bot's time zone), `22:00` (the next time the"
              + " clock shows it). Not in the past; a time that a daylight-saving change skips or"
              + " repeats needs its offset.",
          "Durations (`for=`): `30m`, `2h`, `1d`, `1h30m`; at most `7d`. Dates (`since=`):"
              + " `2026-01-01`.");

  /** How many of {@link #WRITING}'s lines concern {@code /rollback}. */
  private static final int ROLLBACK_WRITING = 4;

  /**
   * Both texts, built once: they depend on nothing but the command, and building and escaping them
   * for every {@code help} was a fifth of the answer threads' CPU in the ack benchmark.
   */
  private static final String DEPLOY_HELP = build(false);

  private static final String ROLLBACK_HELP = build(true);

  private HelpText() {}

  static String of(String slashCommand) {
    boolean rollbackOnly =
        slashCommand != null && slashCommand.strip().equalsIgnoreCase("/rollback");
    return rollbackOnly ? ROLLBACK_HELP : DEPLOY_HELP;
  }

  private static String build(boolean rollbackOnly) {
    StringBuilder text = new StringBuilder();
    if (rollbackOnly) {
      text.append("*Helmgate: `/rollback`*\n");
    } else {
      text.append("*Helmgate: deploy and roll back with separation of duties*\n");
    }
    for (Form form : Form.values()) {
      if (rollbackOnly && !form.slashCommand.equals("/rollback")) {
        continue;
      }
      text.append("• `").append(form.usage).append("`: ").append(form.summary).append('\n');
      text.append("   e.g. ");
      for (int i = 0; i < form.examples.size(); i++) {
        text.append(i == 0 ? "" : "  ·  ").append('`').append(form.examples.get(i)).append('`');
      }
      text.append('\n');
    }
    if (!rollbackOnly) {
      text.append("• `/deploy` alone opens a form that builds a deploy request.\n");
    }
    text.append("\n*How to write things*\n");
    for (String line : rollbackOnly ? WRITING.subList(0, ROLLBACK_WRITING) : WRITING) {
      text.append("• ").append(line).append('\n');
    }
    text.append("• Who may run what is decided by your team's roles, not by this help.\n");
    if (rollbackOnly) {
      text.append("\nAll commands: `/deploy help`\n");
    }
    return Mrkdwn.escape(text.toString().stripTrailing());
  }
}
