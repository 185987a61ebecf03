package io.helmgate.domain.command;

import static io.helmgate.domain.command.Fixtures.parser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command.Deploy;
import io.helmgate.domain.command.Command.Rollback;
import io.helmgate.domain.command.ParseResult.Help;
import io.helmgate.domain.command.ParseResult.Invalid;
import io.helmgate.domain.command.ParseResult.Parsed;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Property-style checks with seeded random input (a failure names its seed and input, so it can be
 * replayed): no input makes the parser throw, no refusal carries raw control characters or Slack
 * markup from the input, and whatever parses reads back the same from its canonical text.
 */
class CommandParserRobustnessTest {

  private static final long SEED = 20261130L;
  private static final int RUNS = 5_000;
  private static final List<String> SLASH_COMMANDS =
      Arrays.asList("/deploy", "/rollback", "/Deploy ", "/other", "", null);

  /** Pieces that reach the parser's corners more often than uniform noise would. */
  private static final List<String> PIECES =
      List.of(
          "status",
          "pending",
          "cancel",
          "lock",
          "unlock",
          "audit",
          "evidence",
          "sod-report",
          "help",
          "rollback",
          "break-glass",
          "BREAK-GLASS",
          "acme/payments",
          "acme",
          "payments",
          "prod",
          "staging",
          "qa",
          "R-42",
          "r42",
          "R-0",
          "acme/../payments",
          "../etc/passwd",
          "%2e%2e",
          "from=",
          "at=",
          "reason=",
          "to=",
          "for=",
          "since=",
          "image.tag=",
          "replicaCount=",
          "=",
          "==",
          "break-glass=",
          "\"",
          "'",
          "“",
          "”",
          "„",
          "‘",
          "’",
          "‚",
          "«",
          "»",
          "\\",
          "\\\"",
          " ",
          "  ",
          "\t",
          "\u00A0",
          "\u3000",
          "\n",
          "\r",
          "\u0000",
          "\u001B",
          "\u200B",
          "\u202E",
          "\uFEFF",
          "\u2028",
          "а",
          "ａ",
          "／",
          "😀",
          "\uD800",
          "\uDFFF",
          "$(rm -rf /)",
          ";",
          "{a: b}",
          "[1]",
          "*alias",
          "&anchor",
          "!!tag",
          "|",
          ">",
          "<!channel>",
          "<@U123>",
          "`",
          "#",
          "%",
          "22:00",
          "9:5",
          "24:00",
          "2026-03-29T02:30",
          "2027-10-31T02:30",
          "2026-12-01T22:00+01:00",
          "2026-12-01 22:00",
          "+99:00",
          "1h30m",
          "7d",
          "8d",
          "0m",
          "9999d",
          "99999999999999999999",
          "2026-01-01",
          "2026-13-45",
          "3f2a9c1",
          "HEAD~1",
          "1.4.2",
          "sha256:abc",
          "a".repeat(70),
          "x".repeat(300),
          "-",
          "/",
          ".",
          "..",
          "{0}",
          "{1}",
          "&lt;");

  private static final Pattern UNSAFE_IN_MESSAGE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}<>]");

  @Test
  void noTextMakesTheParserThrowAndEveryResultIsSafeToPostAndReadsBack() {
    Random random = new Random(SEED);
    CommandParser parser = parser();
    Map<Class<?>, Integer> outcomes = new LinkedHashMap<>();
    for (int run = 0; run < RUNS; run++) {
      String text = randomText(random);
      String slashCommand = SLASH_COMMANDS.get(random.nextInt(SLASH_COMMANDS.size()));
      ParseResult result;
      try {
        result = parser.parse(slashCommand, text);
      } catch (RuntimeException e) {
        throw new AssertionError(
            "run " + run + " (seed " + SEED + ") threw on " + slashCommand + " " + visible(text),
            e);
      }
      check(run, slashCommand, text, result, parser);
      outcomes.merge(result.getClass(), 1, Integer::sum);
    }
    // Noise that never parses would leave the read-back property untested.
    assertThat(outcomes).containsKeys(Parsed.class, Invalid.class, Help.class);
    assertThat(outcomes.get(Parsed.class)).isGreaterThan(RUNS / 100);
  }

  @Test
  void oversizedTextsOfAnyContentAreRefusedByLength() {
    Random random = new Random(SEED + 1);
    for (int run = 0; run < 200; run++) {
      StringBuilder text = new StringBuilder();
      while (text.length() <= CommandParser.MAX_LENGTH) {
        text.append(PIECES.get(random.nextInt(PIECES.size())));
      }
      ParseResult result = parser().parse("/deploy", text.toString());
      assertThat(result).isInstanceOf(Invalid.class);
      assertThat(((Invalid) result).message()).contains("Helmgate reads at most 2000");
    }
  }

  @Test
  void randomValidCommandsReadBackFromTheirCanonicalText() {
    Random random = new Random(SEED + 2);
    CommandParser parser = parser();
    for (int run = 0; run < 1_000; run++) {
      Command command = randomCommand(random);
      ParseResult result = parser.parse(command.slashCommand(), command.text());
      assertThat(result)
          .as("run %d: %s", run, visible(command.commandLine()))
          .isEqualTo(new Parsed(command));
    }
  }

  private static void check(
      int run, String slashCommand, String text, ParseResult result, CommandParser parser) {
    String where = "run " + run + " (seed " + SEED + "): " + slashCommand + " " + visible(text);
    assertThat(result).as(where).isNotNull();
    if (result instanceof Invalid invalid) {
      String message = invalid.message();
      assertThat(message).as(where).isNotBlank().hasSizeLessThan(1_500);
      if (UNSAFE_IN_MESSAGE.matcher(message).find()) {
        fail(where + " gave an unsafe message: " + visible(message));
      }
      assertThat(message.replaceAll("&(amp|lt|gt);", "")).as(where).doesNotContain("&");
    } else if (result instanceof Parsed parsed) {
      Command command = parsed.command();
      assertThat(parser.parse(command.slashCommand(), command.text()))
          .as(where + " read back from " + visible(command.commandLine()))
          .isEqualTo(result);
    } else {
      assertThat(result).isInstanceOf(Help.class);
    }
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(12);
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(4)) {
        case 0 -> text.appendCodePoint(randomCodePoint(random));
        case 1 -> text.append(' ');
        default -> text.append(PIECES.get(random.nextInt(PIECES.size())));
      }
    }
    return text.toString();
  }

  private static int randomCodePoint(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> 0x20 + random.nextInt(0x5f);
      case 1 -> random.nextInt(0x3000);
      default -> random.nextInt(Character.MAX_CODE_POINT + 1);
    };
  }

  private static Command randomCommand(Random random) {
    Target target =
        new Target(
            pick(random, "acme", "globex", "a", "x9", "a-b-c"),
            pick(random, "payments", "ledger", "p1"),
            pick(random, "prod", "staging", "qa", "dev"));
    Optional<String> reason =
        random.nextBoolean() ? Optional.of(randomReason(random)) : Optional.empty();
    boolean breakGlass = reason.isPresent() && random.nextBoolean();
    if (random.nextInt(4) == 0) {
      Optional<String> to =
          random.nextBoolean()
              ? Optional.of(hex(random, 7 + random.nextInt(34)))
              : Optional.empty();
      return new Rollback(target, to, reason, breakGlass);
    }
    if (random.nextInt(5) == 0) {
      return new Command.Lock(
          target,
          Duration.ofMinutes(1 + random.nextInt(7 * 24 * 60)),
          reason.orElse(randomReason(random)));
    }
    Optional<String> from =
        random.nextBoolean()
            ? Optional.of(target.environment().equals("qa") ? "dev" : "qa")
            : Optional.empty();
    Map<KeyPath, String> values = new LinkedHashMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      values.put(
          KeyPath.of(pick(random, "image.tag", "replicaCount", "a.b.c", "x_y", "Ingress.Host")),
          randomValue(random));
    }
    Optional<java.time.Instant> at =
        random.nextBoolean()
            ? Optional.of(Fixtures.NOW.plusSeconds(random.nextInt(365 * 24 * 3600)))
            : Optional.empty();
    return new Deploy(target, from, values, at, reason, breakGlass);
  }

  private static String randomValue(Random random) {
    String first = "abcXYZ019/";
    String rest = "abcXYZ019._-+:/@=";
    StringBuilder value = new StringBuilder();
    value.append(first.charAt(random.nextInt(first.length())));
    for (int i = random.nextInt(20); i > 0; i--) {
      value.append(rest.charAt(random.nextInt(rest.length())));
    }
    return value.charAt(value.length() - 1) == ':' ? value + "0" : value.toString();
  }

  private static String randomReason(Random random) {
    String alphabet = "abc XYZ 123 -_.,;:!?()[]{}<>&*#%$`'\"\\“”„‘’«»äöüéçß€😀";
    int[] codePoints = alphabet.codePoints().toArray();
    StringBuilder reason = new StringBuilder("R");
    for (int i = random.nextInt(40); i > 0; i--) {
      reason.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return reason.toString().strip();
  }

  private static String hex(Random random, int length) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < length; i++) {
      hex.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return hex.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** The input as Java would write it, so a failure can be pasted into a test. */
  private static String visible(String text) {
    if (text == null) {
      return "null";
    }
    return "\""
        + text.chars()
            .mapToObj(
                c ->
                    c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                        ? String.valueOf((char) c)
                        : String.format("\\u%04X", c))
            .collect(Collectors.joining())
        + "\"";
  }
}
