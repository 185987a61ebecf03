package io.helmgate.domain.command;

import static io.helmgate.domain.command.Fixtures.parser;
import static io.helmgate.domain.command.Fixtures.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.command.ParseResult.Help;
import io.helmgate.domain.command.ParseResult.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CommandParserHelpTest {

  /** The grammar of issue 3 and issue 9, word for word. */
  private static final List<String> GRAMMAR =
      List.of(
          "/deploy <customer>/<product> <env> [from=<env>] [<key>=<value> ...] [at=<time>]"
              + " [reason=<text>] [break-glass]",
          "/deploy status <customer>/<product> [<env>]",
          "/deploy pending",
          "/deploy cancel <request-id>",
          "/deploy lock <customer>/<product> <env> for=<duration> reason=<text>",
          "/deploy unlock <customer>/<product> <env>",
          "/deploy audit <customer>/<product> [<env>] [since=<yyyy-mm-dd>]",
          "/deploy evidence <request-id>",
          "/deploy sod-report",
          "/deploy help",
          "/rollback <customer>/<product> <env> [to=<commit>] [reason=<text>] [break-glass]",
          "/rollback help");

  private static final Pattern EXAMPLE = Pattern.compile("`(/(?:deploy|rollback)[^`]*)`");

  @Test
  void deployHelpListsEveryCommandOfTheGrammar() {
    String help = plain(CommandParser.help("/deploy"));

    for (String line : GRAMMAR) {
      assertThat(help).contains("`" + line + "`");
    }
    assertThat(help).contains("`/deploy` alone opens a form");
  }

  @Test
  void everyCommandInTheHelpHasAnExample() {
    String help = plain(CommandParser.help("/deploy"));

    for (Form form : Form.values()) {
      int usage = help.indexOf("`" + form.usage + "`");
      int nextLine = help.indexOf('\n', usage);
      assertThat(help.substring(nextLine + 1))
          .as(form.usage)
          .startsWith("   e.g. `" + form.examples.get(0) + "`");
    }
  }

  @Test
  void everyExampleInTheHelpParses() {
    for (String slashCommand : List.of("/deploy", "/rollback")) {
      List<String> examples = examples(plain(CommandParser.help(slashCommand)));
      assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
      for (String example : examples) {
        String[] parts = example.split(" ", 2);
        ParseResult result = parser().parse(parts[0], parts.length > 1 ? parts[1] : "");
        assertThat(result).as(example).isInstanceOfAny(Parsed.class, Help.class);
      }
    }
  }

  @Test
  void rollbackHelpShowsRollbackAndPointsToTheRest() {
    String help = plain(CommandParser.help("/rollback"));

    assertThat(help)
        .contains(
            "`/rollback <customer>/<product> <env> [to=<commit>] [reason=<text>] [break-glass]`")
        .contains("`/rollback acme/payments prod to=3f2a9c1 reason=\"back to November\"`")
        .contains("Commits (`to=`): 7 to 40 hex digits")
        .contains("All commands: `/deploy help`")
        .doesNotContain("/deploy lock")
        .doesNotContain("Durations");
  }

  @Test
  void helpIsMrkdwnWithAngleBracketsEscaped() {
    String help = CommandParser.help("/deploy");

    assertThat(help)
        .contains("&lt;customer&gt;/&lt;product&gt;")
        .doesNotContain("<")
        .doesNotContain(">");
  }

  @Test
  void helpExplainsHowToWriteNamesValuesTimesAndQuotes() {
    String help = plain(CommandParser.help("/deploy"));

    assertThat(help)
        .contains("Names (customer, product, environment): lower-case letters, digits and dashes")
        .contains("Values (`<key>=<value>`): one word of at most 256 characters")
        .contains("`2026-12-01T22:00+01:00` (ISO-8601 with offset)")
        .contains("`30m`, `2h`, `1d`, `1h30m`; at most `7d`")
        .contains("inside double quotes write `\\\"` for a quote")
        .contains("`break-glass` skips approval");
  }

  @Test
  void anUnknownSlashCommandGetsTheFullHelp() {
    assertThat(CommandParser.help("/something")).isEqualTo(CommandParser.help("/deploy"));
    assertThat(CommandParser.help(null)).isEqualTo(CommandParser.help("/deploy"));
  }

  private static List<String> examples(String help) {
    List<String> examples = new ArrayList<>();
    for (String line : help.split("\n")) {
      if (line.startsWith("   e.g. ")) {
        Matcher m = EXAMPLE.matcher(line);
        while (m.find()) {
          examples.add(m.group(1));
        }
      }
    }
    return examples;
  }

  @Test
  void theHelpTextsAreBuiltOnceAndServedAsTheyAre() {
    assertThat(CommandParser.help("/deploy")).isSameAs(CommandParser.help("/deploy"));
    assertThat(CommandParser.help(" /Rollback ")).isSameAs(CommandParser.help("/rollback"));
    assertThat(CommandParser.help("/rollback")).isNotEqualTo(CommandParser.help("/deploy"));
  }
}
