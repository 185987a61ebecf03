package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validly signed slash commands from an Ops member, whose text tries to escape the values
 * repository's layout, inject shell or YAML, overflow limits, pass look-alike characters or ping a
 * whole channel. Each gets an ephemeral refusal through its response_url that says what is wrong,
 * and none of them opens a request, posts a message or moves the remote.
 */
class HostileCommandTextsTest extends ReliabilityApp {

  static Stream<Arguments> hostileTexts() {
    return Stream.of(
        Arguments.of("/deploy", "acme/../payments dev image.tag=1.0.0", "not exactly one"),
        Arguments.of("/deploy", "../../etc/passwd dev image.tag=1.0.0", "not exactly one"),
        Arguments.of(
            "/deploy", "acme/payments ../prod image.tag=1.0.0", "is not a valid environment name"),
        Arguments.of(
            "/deploy",
            "acme/payments dev/../prod image.tag=1.0.0",
            "is not a valid environment name"),
        Arguments.of("/deploy", "acme/payments/../../x dev image.tag=1.0.0", "not exactly one"),
        Arguments.of(
            "/deploy", "%2e%2e/payments dev image.tag=1.0.0", "is not a valid customer name"),
        Arguments.of(
            "/deploy",
            "acme/payments %2e%2e%2fprod image.tag=1.0.0",
            "is not a valid environment name"),
        Arguments.of("/deploy", "acme/payments dev ../image.tag=1.0.0", "is not a value setting"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=../../../etc/passwd",
            "must start with a letter, a digit"),
        Arguments.of("/deploy", "acme/payments dev image.tag=$(rm -rf /)", "`$` is not allowed"),
        Arguments.of("/deploy", "acme/payments dev image.tag=$(id)", "`$` is not allowed"),
        Arguments.of("/deploy", "acme/payments dev image.tag=`id`", "GRAVE ACCENT is not allowed"),
        Arguments.of("/deploy", "acme/payments dev image.tag=1.0;reboot", "`;` is not allowed"),
        Arguments.of("/deploy", "acme/payments dev image.tag=${HOME}", "`$` is not allowed"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=\"1.0\nsecrets:\n  DB: x\"",
            "A command is one line"),
        Arguments.of(
            "/deploy", "acme/payments dev image.tag=1.0\nreplicaCount=0", "A command is one line"),
        Arguments.of("/deploy", "acme/payments dev image.tag=\"1.0 #\"", "a space is not allowed"),
        Arguments.of("/deploy", "acme/payments dev image.tag=\"1.0: x\"", "a space is not allowed"),
        Arguments.of("/deploy", "acme/payments dev image.tag={a:b}", "`{` is not allowed"),
        Arguments.of(
            "/deploy", "acme/payments dev image.tag=&anchor", "is not accepted for `image.tag`"),
        Arguments.of("/deploy", "acme/payments dev image.tag=*alias", "`*` is not allowed"),
        Arguments.of(
            "/deploy", "acme/payments dev image.tag=!!python/object", "`!` is not allowed"),
        Arguments.of("/deploy", "acme/payments dev image.tag=1.0:", "must not end with `:`"),
        Arguments.of(
            "/deploy", "acme/payments dev image.tag=" + "1".repeat(5_000), "reads at most 2000"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=1 reason=\"" + "x".repeat(50_000) + "\"",
            "reads at most 2000"),
        Arguments.of("/deploy", "acme/payments dev " + "a=1 ".repeat(2_000), "reads at most 2000"),
        Arguments.of(
            "/deploy",
            "\u0430cme/payments dev image.tag=1.0.0",
            "CYRILLIC SMALL LETTER A is not allowed"),
        Arguments.of(
            "/deploy",
            "acme/payments pr\u043ed image.tag=1.0.0",
            "CYRILLIC SMALL LETTER O is not allowed"),
        Arguments.of(
            "/deploy",
            "acme/payments \uff44ev image.tag=1.0.0",
            "FULLWIDTH LATIN SMALL LETTER D is not allowed"),
        Arguments.of(
            "/deploy",
            "acme/payments dev\u200b image.tag=1.0.0",
            "ZERO WIDTH SPACE (an invisible character) is not allowed"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=1.0.0\u202e",
            "RIGHT-TO-LEFT OVERRIDE (an invisible character) is not allowed"),
        Arguments.of("/deploy", "acme/payments dev \u0456mage.tag=1.0.0", "is not a value setting"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=1\uff0e0",
            "FULLWIDTH FULL STOP is not allowed"),
        Arguments.of(
            "/deploy", "acme/payments dev image.tag=<!channel>", "is not accepted for `image.tag`"),
        Arguments.of("/deploy", "<!channel> acme/payments dev image.tag=1.0.0", "is not a command"),
        Arguments.of(
            "/deploy", "acme/payments <!here> image.tag=1.0.0", "is not a valid environment name"),
        Arguments.of(
            "/deploy", "acme/payments dev image.tag=<@U0BOB>", "is not accepted for `image.tag`"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=<https://evil.example|1.0>",
            "is not accepted for `image.tag`"),
        Arguments.of("/deploy", "status ../../etc", "not exactly one"),
        Arguments.of("/deploy", "cancel R-1;DROP", "is not a request id"),
        Arguments.of("/deploy", "evidence ../../R-1", "is not a request id"),
        Arguments.of(
            "/deploy",
            "lock acme/payments ../prod for=1h reason=x",
            "is not a valid environment name"),
        Arguments.of("/rollback", "acme/payments dev to=../../HEAD reason=x", "is not a commit id"),
        Arguments.of("/rollback", "acme/payments dev to=HEAD~1 reason=x", "is not a commit id"),
        Arguments.of("/rollback", "acme/payments dev to=$(id) reason=x", "is not a commit id"),
        Arguments.of("/rollback", "acme/../payments dev to=0123abc reason=x", "not exactly one"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=1.0.0 at=+999999999-12-31T23:59:59-18:00",
            "is beyond any date Helmgate can schedule"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=1.0.0 at=+99999-01-01T00:00Z",
            "is beyond any date Helmgate can schedule"),
        Arguments.of(
            "/deploy",
            "acme/payments dev image.tag=1.0.0 at=2099-01-01T00:00Z",
            "the furthest Helmgate schedules a change"),
        Arguments.of(
            "/deploy",
            "acme/payments prod from=staging at=23:00 reason=\"<!channel> INC-1\" break-glass",
            "or drop break-glass to schedule it"));
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @MethodSource("hostileTexts")
  void hostileTextIsRefusedEphemerallyWithAReasonAndTheRepositoryIsUntouched(
      String command, String text, String refusal) throws Exception {
    String headBefore = head();
    int rowsBefore = requestRows();
    int postsBefore = slack.calls("chat.postMessage").size();
    String tag = tag("hostile-text");

    assertThat(signed().command("U0ALICE", "alice", command, text, tag).statusCode())
        .isEqualTo(200);

    String answer = slack.answerTo(tag);
    assertThat(answer).contains("\"response_type\":\"ephemeral\"");
    assertThat(answer).as("a refusal that says what is wrong").contains(refusal);
    assertThat(answer).doesNotContain("<!channel>", "<!here>", "<@U0BOB>");
    assertThat(requestRows()).isEqualTo(rowsBefore);
    assertThat(head()).isEqualTo(headBefore);
    // Requests of earlier tests may still be syncing and telling their threads: what must not
    // appear is a message about a request made now.
    List<String> posts = slack.calls("chat.postMessage");
    assertThat(posts.subList(postsBefore, posts.size()))
        .allSatisfy(
            post -> {
              java.util.regex.Matcher m = java.util.regex.Pattern.compile("R-(\\d+)").matcher(post);
              while (m.find()) {
                assertThat(Integer.parseInt(m.group(1))).isLessThanOrEqualTo(rowsBefore);
              }
            });
  }

  @Test
  void aRefusalQuotingSomeoneElsesLockReasonShowsItWithoutObeyingIt() throws Exception {
    String hostile = "<!channel> <https://evil.example|INC-1> & <@U0BOSS>";
    String locked = tag("hostile-lock");
    signed()
        .command(
            "U0BOB",
            "bob",
            "/deploy",
            "lock globex/portal qa for=1h reason=\"" + hostile + "\"",
            locked);
    assertThat(slack.answerTo(locked)).contains("is locked by");

    String refused = tag("hostile-lock-refusal");
    signed()
        .command("U0ALICE", "alice", "/deploy", "lock globex/portal qa for=1h reason=x", refused);

    String answer = slack.answerTo(refused);
    // JSON writes & as a unicode escape: the reason arrives as &lt;!channel&gt;, shown, not obeyed.
    assertThat(answer).contains("already-locked").contains("\\u0026lt;!channel\\u0026gt;");
    assertThat(answer).doesNotContain("<!channel>", "<https://evil", "<@U0BOSS>");
    signed().command("U0BOB", "bob", "/deploy", "unlock globex/portal qa", tag("hostile-unlock"));
  }
}
