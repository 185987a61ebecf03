package io.helmgate.domain.command;

import static io.helmgate.domain.command.Fixtures.parser;
import static io.helmgate.domain.command.Fixtures.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.command.ParseResult.Invalid;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and mistyped input: each is refused with a message that quotes the bad word and says what
 * would be accepted. The first column is the specification.
 */
class CommandParserInvalidInputTest {

  private static final String DEPLOY_EXAMPLE =
      "Try: `/deploy acme/payments prod from=staging reason=\"CHG-1234\"`";
  private static final String NAME_FORM = "`[a-z0-9][a-z0-9-]{0,62}`";

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void isRefusedWithAMessageSayingWhy(
      String specification, String slashCommand, String text, List<String> expected) {
    ParseResult result = parser().parse(slashCommand, text);

    String message = refusal(result);
    assertThat(message).contains(expected);
    assertThat(((Invalid) result).message())
        .as("no raw control or invisible characters reach Slack")
        .doesNotContainPattern("[\\p{Cc}\\p{Cf}\\u2028\\u2029]");
  }

  private static Arguments refused(
      String specification, String slashCommand, String text, String... expected) {
    return Arguments.of(specification, slashCommand, text, List.of(expected));
  }

  private static Arguments deploy(String specification, String text, String... expected) {
    return refused(specification, "/deploy", text, expected);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        // Path traversal and path tricks in names
        deploy(
            "traversal as the application is not <customer>/<product>",
            "../etc/passwd prod",
            "`../etc/passwd` is not `<customer>/<product>`",
            "it has 2 `/`, not exactly one",
            "for example `acme/payments`"),
        deploy(
            "traversal between customer and product is not <customer>/<product>",
            "acme/../payments prod",
            "`acme/../payments`",
            "it has 2 `/`"),
        deploy(
            "a dot-dot product names the dot",
            "acme/.. prod",
            "`..` is not a valid product name: `.` is not allowed",
            NAME_FORM,
            "for example `payments`"),
        deploy(
            "percent-encoded dots are not decoded and name the percent",
            "%2e%2e/payments prod",
            "`%2e%2e` is not a valid customer name: `%` is not allowed",
            NAME_FORM),
        deploy(
            "a percent-encoded slash is not a slash",
            "acme%2Fpayments prod",
            "`acme%2Fpayments` is not a command",
            "a deploy starts with `<customer>/<product>`"),
        deploy(
            "traversal as the environment names the dot",
            "acme/payments ../prod",
            "`../prod` is not a valid environment name: `.` is not allowed",
            "for example `prod`"),
        deploy(
            "an absolute path as the environment names the slash",
            "acme/payments /etc",
            "`/etc` is not a valid environment name: `/` is not allowed"),
        deploy(
            "traversal in from= names the dot",
            "acme/payments prod from=../staging",
            "`../staging` is not a valid environment name: `.` is not allowed"),
        deploy(
            "backslash traversal is not a command",
            "acme\\..\\payments prod",
            "`acme\\..\\payments` is not a command"),
        deploy(
            "a leading slash makes two slashes",
            "/acme/payments prod",
            "`/acme/payments` is not `<customer>/<product>`",
            "it has 2 `/`"),
        deploy(
            "a missing product says so",
            "acme/ prod",
            "The product name is missing, for example `acme/payments`"),
        deploy(
            "a full-width solidus is not a slash",
            "acme／payments prod",
            "`acme\\uFF0Fpayments` is not a command"),
        // Unicode look-alikes and invisible characters in names
        deploy(
            "a Cyrillic a in the customer is named and escaped",
            "аcme/payments prod",
            "`\\u0430cme` is not a valid customer name",
            "U+0430 CYRILLIC SMALL LETTER A is not allowed (only ASCII)",
            NAME_FORM),
        deploy(
            "a Greek omicron in the environment is named",
            "acme/payments prοd",
            "`pr\\u03BFd` is not a valid environment name",
            "U+03BF GREEK SMALL LETTER OMICRON"),
        deploy(
            "full-width letters are named",
            "ａｃｍｅ/payments prod",
            "U+FF41 FULLWIDTH LATIN SMALL LETTER A is not allowed (only ASCII)"),
        deploy(
            "a zero-width space inside a product is shown and called invisible",
            "acme/pay\u200Bments prod",
            "`pay\\u200Bments` is not a valid product name",
            "U+200B ZERO WIDTH SPACE (an invisible character) is not allowed"),
        deploy(
            "a right-to-left override in the environment is shown, not applied",
            "acme/payments pro\u202Ed",
            "`pro\\u202Ed`",
            "U+202E RIGHT-TO-LEFT OVERRIDE (an invisible character)"),
        deploy(
            "an escape sequence in a name is shown, not sent to the terminal",
            "acme/pay\u001B[31mments prod",
            "`pay\\u001B[31mments`",
            "U+001B ESCAPE (an invisible character)"),
        deploy(
            "upper case in the customer says lower case",
            "Acme/payments prod",
            "`Acme` is not a valid customer name: upper-case letters are not allowed"),
        deploy(
            "a quoted name with a space names the space",
            "\"acme corp/payments\" prod",
            "`acme corp` is not a valid customer name: a space is not allowed"),
        deploy(
            "an environment starting with a dash says how names start",
            "acme/payments -prod",
            "`-prod` is not a valid environment name: it must start with a letter or digit"),
        deploy(
            "an environment of 64 characters is too long",
            "acme/payments " + "e".repeat(64),
            "it is 64 characters long, more than 63"),
        deploy(
            "an underscore in the environment is named",
            "acme/payments pro_d",
            "`pro_d` is not a valid environment name: `_` is not allowed"),
        deploy(
            "shell chaining glued to the environment names the semicolon",
            "acme/payments prod; rm -rf /",
            "`prod;` is not a valid environment name: `;` is not allowed"),
        // Injection through values
        deploy(
            "command substitution in a value names the dollar",
            "acme/payments prod image.tag=$(rm -rf /)",
            "`$(rm` is not accepted for `image.tag`: `$` is not allowed",
            "starting with a letter, a digit or `/`"),
        deploy(
            "quoted command substitution in a value names the dollar",
            "acme/payments prod image.tag=\"$(rm -rf /)\"",
            "`$(rm -rf /)` is not accepted for `image.tag`: `$` is not allowed"),
        deploy(
            "a quoted shell chain in a value names the semicolon",
            "acme/payments prod image.tag=\"1.4.2;rm\"",
            "`1.4.2;rm` is not accepted for `image.tag`: `;` is not allowed"),
        deploy(
            "a pipe in a value is refused",
            "acme/payments prod image.tag=1.4.2|sh",
            "`|` is not allowed"),
        deploy(
            "backticks in a value are escaped in the message",
            "acme/payments prod image.tag=`id`",
            "`\\u0060id\\u0060` is not accepted for `image.tag`",
            "U+0060 GRAVE ACCENT is not allowed"),
        deploy(
            "a YAML escape sequence in a quoted value is refused at the backslash",
            "acme/payments prod image.tag=\"1\\n  evil: true\"",
            "`1\\n  evil: true` is not accepted for `image.tag`: `\\` is not allowed"),
        deploy(
            "a real line break inside a quoted value is refused",
            "acme/payments prod image.tag=\"1\n  evil: true\"",
            "A command is one line: remove the line break"),
        deploy(
            "a line break between words is refused",
            "acme/payments prod\nimage.tag=1.4.2",
            "A command is one line"),
        deploy("a carriage return is refused", "acme/payments\rprod", "A command is one line"),
        deploy(
            "a unicode line separator is refused",
            "acme/payments prod reason=\"a\u2028b\"",
            "A command is one line"),
        deploy(
            "a YAML alias as a value is refused",
            "acme/payments prod tag=*alias",
            "`*alias` is not accepted for `tag`: `*` is not allowed"),
        deploy(
            "a YAML anchor as a value is refused",
            "acme/payments prod image.tag=&anchor",
            "`&anchor` is not accepted for `image.tag`: `&` is not allowed"),
        deploy(
            "a YAML flow mapping as a value is refused",
            "acme/payments prod image.tag=\"{a: b}\"",
            "`{a: b}` is not accepted for `image.tag`: `{` is not allowed"),
        deploy(
            "a YAML flow sequence as a value is refused",
            "acme/payments prod image.tag=[1,2]",
            "`[` is not allowed"),
        deploy(
            "a YAML tag as a value is refused",
            "acme/payments prod image.tag=!!python/object",
            "`!` is not allowed"),
        deploy(
            "a YAML block scalar indicator is refused",
            "acme/payments prod image.tag=|",
            "`|` is not allowed"),
        deploy(
            "a YAML comment inside a quoted value names the space",
            "acme/payments prod image.tag=\"1.4.2 #x\"",
            "a space is not allowed"),
        deploy(
            "a colon-space mapping inside a quoted value names the space",
            "acme/payments prod image.tag=\"a: b\"",
            "`a: b` is not accepted for `image.tag`: a space is not allowed"),
        deploy(
            "a YAML directive as a value is refused",
            "acme/payments prod image.tag=%YAML",
            "`%` is not allowed"),
        deploy(
            "a value starting with a dash says how values start",
            "acme/payments prod image.tag=-1",
            "it must start with a letter, a digit or `/`"),
        deploy(
            "a value starting with @ says how values start",
            "acme/payments prod image.tag=@latest",
            "it must start with a letter, a digit or `/`"),
        deploy(
            "a value ending with a colon is refused",
            "acme/payments prod image.tag=abc:",
            "it must not end with `:`"),
        deploy(
            "a NUL byte in a value is shown escaped",
            "acme/payments prod image.tag=1.4\u00002",
            "`1.4\\u00002` is not accepted",
            "U+0000 NULL (an invisible character) is not allowed"),
        deploy(
            "a look-alike exclamation mark in a value is named",
            "acme/payments prod image.tag=1.4.2ǃ",
            "U+01C3 LATIN LETTER RETROFLEX CLICK is not allowed"),
        deploy(
            "a value over 256 characters is refused with its length",
            "acme/payments prod image.tag=" + "a".repeat(257),
            "it is 257 characters long, more than 256"),
        deploy(
            "an empty value asks for one",
            "acme/payments prod image.tag=",
            "`image.tag=` needs a value, for example `image.tag=1.4.2`"),
        deploy(
            "a key with a colon is not a key",
            "acme/payments prod image.tag:evil=1",
            "`image.tag:evil=1` is not a value setting",
            "such as `image.tag`"),
        deploy(
            "a key with traversal is not a key",
            "acme/payments prod ../image.tag=1",
            "`../image.tag=1` is not a value setting"),
        deploy(
            "a setting without a key is refused",
            "acme/payments prod =1.4.2",
            "`=1.4.2` has no name before `=`"),
        deploy(
            "Slack mentions are neutralised in the message",
            "<!channel>/payments prod",
            "`<!channel>` is not a valid customer name"),
        // Structure
        deploy(
            "a misspelt sub-command suggests the right one",
            "stauts acme/payments",
            "`stauts` is not a command",
            "Did you mean `status`?",
            "`sod-report`",
            DEPLOY_EXAMPLE),
        deploy(
            "customer and product without a slash is not a command",
            "acme payments prod",
            "`acme` is not a command, and a deploy starts with `<customer>/<product>`",
            DEPLOY_EXAMPLE),
        deploy(
            "rollback under /deploy points to /rollback",
            "rollback acme/payments prod",
            "Roll back with its own command",
            "`/rollback acme/payments prod"),
        deploy(
            "a missing environment is asked for with an example",
            "acme/payments",
            "`/deploy` needs an environment after `acme/payments`",
            "for example `acme/payments prod`",
            DEPLOY_EXAMPLE),
        deploy(
            "options alone miss the target",
            "reason=\"CHG-1\"",
            "`/deploy` needs `<customer>/<product> <env>`",
            DEPLOY_EXAMPLE),
        deploy(
            "an unquoted reason with spaces leaves stray words and says to quote",
            "acme/payments prod reason=CHG-1234 monthly release",
            "Unexpected `monthly` after `/deploy acme/payments prod`",
            "Text with spaces goes in quotes, for example `reason=\"CHG-1234 monthly release\"`"),
        deploy(
            "a reason given twice is refused",
            "acme/payments prod reason=a reason=b",
            "`reason=` is given twice (`reason=a` and `reason=b`)"),
        deploy(
            "a key set twice is refused",
            "acme/payments prod image.tag=1.4.1 image.tag=1.4.2",
            "`image.tag` is set twice (`image.tag=1.4.1` and `image.tag=1.4.2`)"),
        deploy(
            "break-glass twice is refused",
            "acme/payments prod break-glass break-glass reason=x",
            "`break-glass` is given twice"),
        deploy(
            "from= the target environment is refused with another one",
            "acme/payments prod from=prod",
            "`from=prod` names the target environment itself",
            "`/deploy acme/payments prod from=staging`"),
        deploy(
            "to= under /deploy belongs to /rollback",
            "acme/payments prod to=3f2a9c1",
            "`/deploy` does not take `to=` (`to=` belongs to `/rollback`)",
            DEPLOY_EXAMPLE),
        deploy(
            "for= under /deploy belongs to lock",
            "acme/payments prod for=2h",
            "`/deploy` does not take `for=` (`for=` belongs to `/deploy lock`)"),
        deploy(
            "break-glass without a reason says a reason is needed",
            "acme/payments prod image.tag=1.4.3 break-glass",
            "`break-glass` needs a reason",
            "`/deploy acme/payments prod break-glass reason=\"INC-77 payment outage\"`"),
        deploy(
            "break-glass with a value is a flag",
            "acme/payments prod break-glass=yes reason=x",
            "`break-glass=yes`: `break-glass` is a flag, written alone without `=`"),
        deploy(
            "an empty option asks for a value",
            "acme/payments prod from=",
            "`from=` needs a value, for example `from=staging`"),
        deploy(
            "an empty quoted reason asks for one",
            "acme/payments prod reason=\"\"",
            "`reason=` needs a value, for example `reason=\"CHG-1234 monthly release\"`"),
        deploy(
            "an unclosed quote says how to close it",
            "acme/payments prod reason=\"CHG-1234 monthly",
            "The quote in `reason=\"CHG-1234 monthly` is not closed: close it with `\"`"),
        deploy(
            "an unclosed smart quote says which quote closes it",
            "acme/payments prod reason=“CHG-1234 monthly",
            "is not closed: close it with `\\u201D`"),
        deploy(
            "a reason with a right-to-left override is refused",
            "acme/payments prod reason=\"CHG-1 \u202Eevil\"",
            "contains U+202E RIGHT-TO-LEFT OVERRIDE (an invisible character)",
            "write it as plain text"),
        deploy(
            "a reason with a tab inside quotes is refused",
            "acme/payments prod reason=\"CHG-1\tevil\"",
            "contains U+0009 CHARACTER TABULATION"),
        deploy(
            "a reason over 256 characters is refused with its length",
            "acme/payments prod reason=\"" + "x".repeat(257) + "\"",
            "The reason is 257 characters long; keep it to 256"),
        deploy(
            "a time in the past says what time it is now",
            "acme/payments prod at=2026-11-30T10:00+01:00",
            "`at=2026-11-30T10:00+01:00` is in the past: it is now 2026-11-30 14:05 in"
                + " Europe/Zurich"),
        deploy(
            "an unreadable time lists the three forms",
            "acme/payments prod at=tomorrow",
            "`at=tomorrow` is not a time I can read",
            "`2026-12-01T22:00+01:00` (ISO-8601 with offset)",
            "`at=\"2026-12-01 22:00\"` (in Europe/Zurich)",
            "`22:00` (the next time the clock shows it)"),
        deploy(
            "an impossible date is unreadable",
            "acme/payments prod at=2026-02-30T22:00",
            "`at=2026-02-30T22:00` is not a time I can read"),
        deploy(
            "an hour past 23 is unreadable",
            "acme/payments prod at=24:00",
            "`at=24:00` is not a time I can read"),
        // Sub-commands
        deploy(
            "status without an application asks for it",
            "status",
            "`/deploy status` needs `<customer>/<product>`",
            "Try: `/deploy status acme/payments`"),
        deploy(
            "status with a reason is refused",
            "status acme/payments prod reason=x",
            "`/deploy status` does not take `reason=`"),
        deploy(
            "status with three words is refused",
            "status acme/payments prod extra",
            "Unexpected `extra` after `/deploy status acme/payments prod`"),
        deploy(
            "pending takes nothing more",
            "pending now",
            "Unexpected `now` after `/deploy pending`"),
        deploy(
            "sod-report takes nothing more",
            "sod-report acme",
            "Unexpected `acme` after `/deploy sod-report`"),
        deploy(
            "cancel without an id asks for one",
            "cancel",
            "`/deploy cancel` needs a request id, for example `R-42`"),
        deploy(
            "cancel with a bare number shows the id form",
            "cancel 42",
            "`42` is not a request id: ids look like `R-42`"),
        deploy(
            "cancel with traversal is not an id",
            "cancel R-42/../1",
            "`R-42/../1` is not a request id"),
        deploy("evidence of R-0 is not an id", "evidence R-0", "`R-0` is not a request id"),
        deploy(
            "cancel with two ids is refused",
            "cancel R-1 R-2",
            "Unexpected `R-2` after `/deploy cancel R-1`"),
        deploy(
            "a lock without duration and reason asks for both",
            "lock acme/payments prod",
            "A lock needs `for=<duration>` and `reason=<text>`",
            "Try: `/deploy lock acme/payments prod for=2h reason=\"INC-77 investigating\"`"),
        deploy(
            "a lock without a reason asks for one",
            "lock acme/payments prod for=2h",
            "A lock needs `reason=<text>`"),
        deploy(
            "a lock over seven days is refused",
            "lock acme/payments prod for=8d reason=x",
            "`for=8d` is longer than 7 days"),
        deploy(
            "a lock of 169 hours is over seven days",
            "lock acme/payments prod for=169h reason=x",
            "`for=169h` is longer than 7 days"),
        deploy(
            "a lock of no time is refused",
            "lock acme/payments prod for=0m reason=x",
            "`for=0m` is no time at all"),
        deploy(
            "a lock in weeks is not a duration",
            "lock acme/payments prod for=2w reason=x",
            "`for=2w` is not a duration",
            "`30m`, `2h`, `1d` or `1h30m` (at most 7d)"),
        deploy(
            "a lock with break-glass is refused",
            "lock acme/payments prod for=2h reason=x break-glass",
            "`/deploy lock` has no `break-glass`"),
        deploy(
            "a lock with a value setting is refused",
            "lock acme/payments prod for=2h reason=x image.tag=1",
            "`/deploy lock` does not set values: unexpected `image.tag=1`"),
        deploy(
            "unlock without environment asks for it",
            "unlock acme/payments",
            "`/deploy unlock` needs an environment after `acme/payments`"),
        deploy(
            "audit since a future date is refused",
            "audit acme/payments since=2026-12-01",
            "`since=2026-12-01` is in the future: today is 2026-11-30 in Europe/Zurich"),
        deploy(
            "audit since a non-ISO date shows the form",
            "audit acme/payments since=01.01.2026",
            "`since=01.01.2026` is not a date: write it as yyyy-mm-dd"),
        deploy(
            "audit since= under status belongs to audit",
            "status acme/payments since=2026-01-01",
            "`/deploy status` does not take `since=` (`since=` belongs to `/deploy audit`)"),
        // /rollback
        refused(
            "rollback without text asks for a target",
            "/rollback",
            "",
            "`/rollback` needs `<customer>/<product> <env>`",
            "Try: `/rollback acme/payments prod reason=\"INC-77 errors after 1.4.2\"`"),
        refused(
            "rollback to a git expression is not a commit id",
            "/rollback",
            "acme/payments prod to=HEAD~1",
            "`to=HEAD~1` is not a commit id: use 7 to 40 hex digits"),
        refused(
            "rollback to six hex digits is too short",
            "/rollback",
            "acme/payments prod to=3f2a9c",
            "`to=3f2a9c` is not a commit id"),
        refused(
            "rollback does not set values",
            "/rollback",
            "acme/payments prod image.tag=1.4.1",
            "`/rollback` does not set values: unexpected `image.tag=1.4.1`"),
        refused(
            "rollback from= belongs to deploy",
            "/rollback",
            "acme/payments prod from=staging",
            "`/rollback` does not take `from=`"),
        refused(
            "rollback with break-glass and no reason asks for one",
            "/rollback",
            "acme/payments prod break-glass",
            "`break-glass` needs a reason",
            "`/rollback acme/payments prod break-glass reason=\"INC-77 payment outage\"`"),
        refused(
            "rollback with traversal in the product names the dot",
            "/rollback",
            "acme/.. prod",
            "`..` is not a valid product name"),
        // The envelope
        deploy(
            "text over 2000 characters is refused with its length",
            "acme/payments prod reason=\"" + "x".repeat(2000) + "\"",
            "That command is 2028 characters long; Helmgate reads at most 2000"),
        refused(
            "an unknown slash command is refused",
            "/deploy-all",
            "acme/payments prod",
            "Helmgate does not handle `/deploy-all`: use `/deploy` or `/rollback`"),
        refused(
            "a missing slash command is refused", null, "acme/payments prod", "does not handle"));
  }
}
