package io.helmgate.domain.command;

import static io.helmgate.domain.command.Args.AT;
import static io.helmgate.domain.command.Args.FOR;
import static io.helmgate.domain.command.Args.FROM;
import static io.helmgate.domain.command.Args.REASON;
import static io.helmgate.domain.command.Args.SINCE;
import static io.helmgate.domain.command.Args.TO;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.command.Args.Option;
import io.helmgate.domain.command.Args.Setting;
import io.helmgate.domain.command.ParseResult.Help;
import io.helmgate.domain.command.ParseResult.Invalid;
import io.helmgate.domain.command.ParseResult.Parsed;
import io.helmgate.domain.command.Tokenizer.Token;
import io.helmgate.domain.values.KeyPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the text of a {@code /deploy} or {@code /rollback} slash command into a {@link Command},
 * the help text, or a refusal that quotes the bad word and shows a correct example. It never throws
 * for user input and decides nothing about permissions: that is the policy's job.
 *
 * <h2>Grammar</h2>
 *
 * <pre>{@code
 * /deploy <customer>/<product> <env> [from=<env>] [<key>=<value> ...] [at=<time>] [reason=<text>] [break-glass]
 * /deploy status <customer>/<product> [<env>]
 * /deploy pending
 * /deploy cancel <request-id>
 * /deploy lock <customer>/<product> <env> for=<duration> reason=<text>
 * /deploy unlock <customer>/<product> <env>
 * /deploy audit <customer>/<product> [<env>] [since=<yyyy-mm-dd>]
 * /deploy evidence <request-id>
 * /deploy sod-report
 * /deploy policy [<env>]
 * /deploy help
 * /deploy                      (no text: opens the form)
 * /rollback <customer>/<product> <env> [to=<commit>] [reason=<text>] [break-glass]
 * /rollback <customer>/<product> <env> history
 * /rollback help
 * }</pre>
 *
 * <h2>Examples</h2>
 *
 * <pre>{@code
 * /deploy acme/payments prod from=staging reason="CHG-1234"          promote staging's promotable keys
 * /deploy acme/payments qa image.tag=1.4.2 replicaCount=3            set keys explicitly
 * /deploy acme/payments prod                                         sync as it is
 * /deploy acme/payments prod from=staging at=22:00 reason="CHG-1"    next 22:00 in the zone
 * /deploy acme/payments prod from=staging at=2026-12-01T22:00+01:00  ISO-8601 with offset
 * /deploy acme/payments prod from=staging at="2026-12-01 22:00"      local date-time in the zone
 * /deploy acme/payments prod image.tag=1.4.3 reason="INC-77" break-glass
 * /deploy status acme/payments prod
 * /deploy cancel R-42
 * /deploy lock acme/payments prod for=1h30m reason="INC-77 investigating"
 * /deploy audit acme/payments since=2026-01-01
 * /deploy policy prod                                                the rules prod runs under
 * /rollback acme/payments prod reason="INC-77 errors after 1.4.2"   undo the latest change
 * /rollback acme/payments prod to=3f2a9c1 reason="back to November"  restore a commit's values
 * /rollback acme/payments prod history                               changes, with Roll back buttons
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Words are separated by spaces; {@code "…"}, {@code '…'} and typographic quotes keep spaces
 *       together; inside {@code "…"}, {@code \"} is a quote. Text is one line of at most {@value
 *       #MAX_LENGTH} characters.
 *   <li>Sub-commands, option names and {@code break-glass} are case-insensitive; names are not.
 *   <li>Names (customer, product, environment) match {@code [a-z0-9][a-z0-9-]{0,62}}: no dots,
 *       slashes, percent-encoding, upper case or non-ASCII look-alikes.
 *   <li>{@code from}, {@code at}, {@code reason}, {@code to}, {@code for}, {@code since} are
 *       options, never value keys; each may be given once, and only where the grammar shows it. Any
 *       other {@code <key>=<value>} sets a dotted key ({@link KeyPath}); whether that key may be
 *       promoted is the policy's decision. Values follow {@link ValueRule}.
 *   <li>{@code at=}: ISO-8601 with offset, a local date-time in the configured zone, or {@code
 *       HH:MM} (next occurrence). Never in the past; a local time that a daylight-saving change
 *       skips or repeats is refused with the choices.
 *   <li>{@code for=}: {@code 30m}, {@code 2h}, {@code 1d}, {@code 1h30m}; at most 7 days. {@code
 *       since=}: an ISO date, not in the future. {@code to=}: a commit id of 7–40 hex digits.
 *   <li>{@code reason=}: one line of at most {@value #MAX_REASON} characters without control or
 *       invisible characters; required with {@code break-glass}.
 * </ul>
 */
public final class CommandParser {

  /** Longest command text accepted, in characters. */
  public static final int MAX_LENGTH = 2000;

  /** Longest reason, in characters: a ticket number and a sentence. */
  public static final int MAX_REASON = 256;

  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");
  private static final String LINE_BREAKS = "\n\r\u000B\u000C\u0085\u2028\u2029";
  private static final String DEPLOY = "/deploy";
  private static final String ROLLBACK = "/rollback";

  private final Clock clock;
  private final TimeRules times;

  /**
   * @param clock the current time, for {@code at=} and {@code since=}
   * @param zone the zone local times are read in (the policy's {@code default-zone})
   */
  public CommandParser(Clock clock, ZoneId zone) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.times = new TimeRules(Objects.requireNonNull(zone, "zone"));
  }

  /**
   * Parses one slash command.
   *
   * @param slashCommand {@code /deploy} or {@code /rollback}, as Slack sends it
   * @param text what the user typed after it, with Slack's {@code &amp;}, {@code &lt;} and {@code
   *     &gt;} already decoded by the adapter (null is read as empty)
   */
  public ParseResult parse(String slashCommand, String text) {
    try {
      return read(slashCommand, text == null ? "" : text);
    } catch (Refusal refusal) {
      return new Invalid(refusal.getMessage());
    }
  }

  /** The help text for {@code /deploy} (every command) or {@code /rollback}, as Slack mrkdwn. */
  public static String help(String slashCommand) {
    return HelpText.of(slashCommand);
  }

  private ParseResult read(String slashCommand, String text) {
    String command = slashCommand == null ? "" : slashCommand.strip().toLowerCase(Locale.ROOT);
    if (!command.equals(DEPLOY) && !command.equals(ROLLBACK)) {
      throw new Refusal(
          Mrkdwn.format(
              "Helmgate does not handle {0}: use `/deploy` or `/rollback` (see `/deploy help`).",
              Mrkdwn.code(slashCommand == null ? "" : slashCommand)));
    }
    if (text.length() > MAX_LENGTH) {
      throw new Refusal(
          "That command is "
              + text.length()
              + " characters long; Helmgate reads at most "
              + MAX_LENGTH
              + ". Put long explanations in the ticket and give its number as the reason.");
    }
    String body = text.strip();
    for (int i = 0; i < body.length(); i++) {
      if (LINE_BREAKS.indexOf(body.charAt(i)) >= 0) {
        throw new Refusal(
            "A command is one line: remove the line break (values and reasons cannot contain"
                + " line breaks either).");
      }
    }
    List<Token> tokens = Tokenizer.tokenize(body);
    if (command.equals(ROLLBACK)) {
      if (!tokens.isEmpty() && isWord(tokens.get(0), "help")) {
        return new Help(help(ROLLBACK));
      }
      return new Parsed(rollback(tokens));
    }
    if (tokens.isEmpty()) {
      return new Parsed(new Command.OpenForm());
    }
    Token first = tokens.get(0);
    Form subcommand =
        first.text().indexOf('=') < 0
            ? Form.deploySubcommand(first.text().toLowerCase(Locale.ROOT))
            : null;
    if (subcommand == null) {
      return new Parsed(deploy(tokens));
    }
    List<Token> rest = tokens.subList(1, tokens.size());
    return switch (subcommand) {
      case HELP -> new Help(help(DEPLOY));
      case STATUS -> new Parsed(status(rest));
      case PENDING -> new Parsed(nothingMore(rest, Form.PENDING, new Command.Pending()));
      case CANCEL -> new Parsed(new Command.Cancel(requestId(rest, Form.CANCEL)));
      case LOCK -> new Parsed(lock(rest));
      case UNLOCK -> new Parsed(unlock(rest));
      case AUDIT -> new Parsed(audit(rest));
      case EVIDENCE -> new Parsed(new Command.Evidence(requestId(rest, Form.EVIDENCE)));
      case SOD_REPORT -> new Parsed(nothingMore(rest, Form.SOD_REPORT, new Command.SodReport()));
      case POLICY -> new Parsed(policy(rest));
      default -> throw new IllegalStateException("not a /deploy sub-command: " + subcommand);
    };
  }

  private Command deploy(List<Token> tokens) {
    Form form = Form.DEPLOY;
    Args args = Args.of(tokens);
    args.permit(form, Set.of(FROM, AT, REASON), true, true);
    // Values first: in `image.tag=$(rm -rf /)` the value is the news, not the stray words after it.
    Map<KeyPath, String> values = new LinkedHashMap<>();
    for (Setting setting : args.settings.values()) {
      if (ValueRule.problem(setting.value()).isPresent()) {
        throw new Refusal(ValueRule.message(setting.key(), setting.value()));
      }
      values.put(setting.key(), setting.value());
    }
    Target target = target(args, form);
    Optional<String> from = args.option(FROM).map(option -> from(option, target));
    Instant now = clock.instant();
    Optional<Instant> at =
        args.option(AT).map(option -> times.at(option.token(), option.value(), now));
    Optional<String> reason = reason(args);
    boolean breakGlass = breakGlass(args, reason, form, target);
    return new Command.Deploy(target, from, values, at, reason, breakGlass);
  }

  private Command rollback(List<Token> tokens) {
    Form form = Form.ROLLBACK;
    Args args = Args.of(tokens);
    if (args.words.size() == 3 && isWord(args.words.get(2), "history")) {
      // like `helm history`: a list to choose from, so it takes nothing else
      Form history = Form.ROLLBACK_HISTORY;
      args.permit(history, Set.of(), false, false);
      args.words.remove(2);
      return new Command.RollbackHistory(target(args, history));
    }
    args.permit(form, Set.of(TO, REASON), false, true);
    Target target = target(args, form);
    Optional<String> to = args.option(TO).map(CommandParser::commit);
    Optional<String> reason = reason(args);
    boolean breakGlass = breakGlass(args, reason, form, target);
    return new Command.Rollback(target, to, reason, breakGlass);
  }

  private Command status(List<Token> tokens) {
    Form form = Form.STATUS;
    Args args = Args.of(tokens);
    args.permit(form, Set.of(), false, false);
    String[] app = appWithOptionalEnvironment(args, form);
    return new Command.Status(app[0], app[1], Optional.ofNullable(app[2]));
  }

  private Command audit(List<Token> tokens) {
    Form form = Form.AUDIT;
    Args args = Args.of(tokens);
    args.permit(form, Set.of(SINCE), false, false);
    String[] app = appWithOptionalEnvironment(args, form);
    Instant now = clock.instant();
    Optional<LocalDate> since =
        args.option(SINCE).map(option -> times.since(option.token(), option.value(), now));
    return new Command.Audit(app[0], app[1], Optional.ofNullable(app[2]), since);
  }

  /** {@code [<env>]}: the policy is per environment, the same for every product. */
  private static Command policy(List<Token> tokens) {
    Form form = Form.POLICY;
    Args args = Args.of(tokens);
    args.permit(form, Set.of(), false, false);
    if (args.words.isEmpty()) {
      return new Command.ShowPolicy(Optional.empty());
    }
    Token word = args.words.get(0);
    if (word.text().indexOf('/') >= 0) {
      throw new Refusal(
          Mrkdwn.format(
                  "{0} names a product, but the policy is set per environment and is the same for"
                      + " every product: name only the environment, for example"
                      + " `/deploy policy prod`, or nothing for all of them.",
                  Mrkdwn.code(word.raw()))
              + form.hint());
    }
    String environment = name("environment", word.text());
    expectNoMoreWords(args, 1, form);
    return new Command.ShowPolicy(Optional.of(environment));
  }

  private Command lock(List<Token> tokens) {
    Form form = Form.LOCK;
    Args args = Args.of(tokens);
    args.permit(form, Set.of(FOR, REASON), false, false);
    Target target = target(args, form);
    List<String> missing = new ArrayList<>();
    if (args.option(FOR).isEmpty()) {
      missing.add("`for=<duration>`");
    }
    if (args.option(REASON).isEmpty()) {
      missing.add("`reason=<text>`");
    }
    if (!missing.isEmpty()) {
      throw new Refusal(
          Mrkdwn.format(
                  "A lock needs {0}: how long it lasts and why.",
                  Mrkdwn.escape(String.join(" and ", missing)))
              + form.hint());
    }
    Option forOption = args.options.get(FOR);
    Duration duration = TimeRules.duration(forOption.token(), forOption.value());
    return new Command.Lock(target, duration, reason(args).orElseThrow());
  }

  private Command unlock(List<Token> tokens) {
    Form form = Form.UNLOCK;
    Args args = Args.of(tokens);
    args.permit(form, Set.of(), false, false);
    return new Command.Unlock(target(args, form));
  }

  private static Command nothingMore(List<Token> tokens, Form form, Command command) {
    Args args = Args.of(tokens);
    args.permit(form, Set.of(), false, false);
    expectNoMoreWords(args, 0, form);
    return command;
  }

  private static RequestId requestId(List<Token> tokens, Form form) {
    Args args = Args.of(tokens);
    args.permit(form, Set.of(), false, false);
    if (args.words.isEmpty()) {
      throw new Refusal(
          Mrkdwn.format("{0} needs a request id, for example `R-42`.", Mrkdwn.trusted(form.label()))
              + form.hint());
    }
    Token id = args.words.get(0);
    Optional<RequestId> requestId = RequestId.parse(id.text());
    if (requestId.isEmpty()) {
      throw new Refusal(
          Mrkdwn.format(
                  "{0} is not a request id: ids look like `R-42`, as shown on each request.",
                  Mrkdwn.code(id.raw()))
              + form.hint());
    }
    expectNoMoreWords(args, 1, form);
    return requestId.get();
  }

  /** {@code <customer>/<product> <env>} as the first two words, and nothing after them. */
  private static Target target(Args args, Form form) {
    if (args.words.isEmpty()) {
      throw new Refusal(
          Mrkdwn.format(
                  "{0} needs {1}.",
                  Mrkdwn.trusted(form.label()), Mrkdwn.trusted("<customer>/<product> <env>"))
              + form.hint());
    }
    Token appWord = args.words.get(0);
    if (form == Form.DEPLOY && appWord.text().indexOf('/') < 0) {
      throw unknownWord(appWord);
    }
    String[] app = app(appWord, form);
    if (args.words.size() < 2) {
      throw new Refusal(
          Mrkdwn.format(
                  "{0} needs an environment after {1}, for example {2}.",
                  Mrkdwn.trusted(form.label()),
                  Mrkdwn.trusted(app[0] + "/" + app[1]),
                  Mrkdwn.trusted(app[0] + "/" + app[1] + " prod"))
              + form.hint());
    }
    String environment = name("environment", args.words.get(1).text());
    expectNoMoreWords(args, 2, form);
    return new Target(app[0], app[1], environment);
  }

  /** {@code <customer>/<product> [<env>]}: customer, product and environment or null. */
  private static String[] appWithOptionalEnvironment(Args args, Form form) {
    if (args.words.isEmpty()) {
      throw new Refusal(
          Mrkdwn.format(
                  "{0} needs {1}.",
                  Mrkdwn.trusted(form.label()), Mrkdwn.trusted("<customer>/<product>"))
              + form.hint());
    }
    String[] app = app(args.words.get(0), form);
    String environment = null;
    if (args.words.size() > 1) {
      environment = name("environment", args.words.get(1).text());
    }
    expectNoMoreWords(args, 2, form);
    return new String[] {app[0], app[1], environment};
  }

  private static String[] app(Token token, Form form) {
    String text = token.text();
    int slashes = (int) text.chars().filter(c -> c == '/').count();
    if (slashes != 1) {
      throw new Refusal(
          Mrkdwn.format(
                  "{0} is not {1}: {2}. Write the customer and the product with one `/` between"
                      + " them, for example `acme/payments`.",
                  Mrkdwn.code(token.raw()),
                  Mrkdwn.trusted("<customer>/<product>"),
                  slashes == 0 ? "it has no `/`" : "it has " + slashes + " `/`, not exactly one")
              + form.hint());
    }
    int slash = text.indexOf('/');
    return new String[] {
      name("customer", text.substring(0, slash)), name("product", text.substring(slash + 1))
    };
  }

  private static String name(String kind, String value) {
    Optional<String> problem = NameRule.problem(kind, value);
    if (problem.isPresent()) {
      throw new Refusal(problem.get());
    }
    return value;
  }

  private static void expectNoMoreWords(Args args, int expected, Form form) {
    if (args.words.size() <= expected) {
      return;
    }
    StringBuilder before = new StringBuilder(form.label());
    for (Token word : args.words.subList(0, expected)) {
      before.append(' ').append(word.text());
    }
    boolean takesReason = form == Form.DEPLOY || form == Form.ROLLBACK || form == Form.LOCK;
    throw new Refusal(
        Mrkdwn.format(
                "Unexpected {0} after {1}.{2}",
                Mrkdwn.code(args.words.get(expected).raw()),
                Mrkdwn.trusted(before.toString()),
                takesReason
                    ? Mrkdwn.escape(
                        " Text with spaces goes in quotes, for example"
                            + " `reason=\"CHG-1234 monthly release\"`.")
                    : "")
            + form.hint());
  }

  private static String from(Option option, Target target) {
    String environment = name("environment", option.value());
    if (environment.equals(target.environment())) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} names the target environment itself: promote from another environment, for"
                  + " example {1}.",
              Mrkdwn.code(option.token().raw()),
              Mrkdwn.trusted(
                  "/deploy "
                      + target
                      + " from="
                      + (environment.equals("staging") ? "qa" : "staging"))));
    }
    return environment;
  }

  private static String commit(Option option) {
    String value = option.value().strip();
    if (!COMMIT.matcher(value).matches()) {
      throw new Refusal(
          Mrkdwn.format(
              "{0} is not a commit id: use 7 to 40 hex digits as listed by `/deploy status`, for"
                  + " example `to=3f2a9c1`.",
              Mrkdwn.code(option.token().raw())));
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static Optional<String> reason(Args args) {
    Optional<Option> option = args.option(REASON);
    if (option.isEmpty()) {
      return Optional.empty();
    }
    String reason = option.get().value().strip();
    int length = reason.codePointCount(0, reason.length());
    if (length > MAX_REASON) {
      throw new Refusal(
          "The reason is "
              + length
              + " characters long; keep it to "
              + MAX_REASON
              + ": a ticket number and a few words, for example `reason=\"CHG-1234 monthly"
              + " release\"`.");
    }
    for (int i = 0; i < reason.length(); ) {
      int cp = reason.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        throw new Refusal(
            Mrkdwn.format(
                "The reason {0} contains {1}; write it as plain text.",
                Mrkdwn.code(reason), Mrkdwn.character(cp)));
      }
    }
    return Optional.of(reason);
  }

  private static boolean breakGlass(Args args, Optional<String> reason, Form form, Target target) {
    if (args.breakGlass == null) {
      return false;
    }
    if (reason.isEmpty()) {
      throw new Refusal(
          Mrkdwn.format(
              "`break-glass` needs a reason: say why approval is skipped, for example {0}.",
              Mrkdwn.trusted(
                  form.slashCommand
                      + " "
                      + target
                      + " break-glass reason=\"INC-77 payment outage\"")));
    }
    return true;
  }

  private static boolean isWord(Token token, String word) {
    return token.text().toLowerCase(Locale.ROOT).equals(word);
  }

  /** The first word is neither a sub-command nor {@code <customer>/<product>}. */
  private static Refusal unknownWord(Token token) {
    String word = token.text().toLowerCase(Locale.ROOT);
    if (word.equals("rollback")) {
      return new Refusal(
          "Roll back with its own command, for example `/rollback acme/payments prod"
              + " reason=\"INC-77 errors after 1.4.2\"`.");
    }
    String suggestion = "";
    String closest = closestSubcommand(word);
    if (closest != null) {
      suggestion = " Did you mean " + Mrkdwn.trusted(closest) + "?";
    }
    List<String> words = new ArrayList<>();
    for (Form form : Form.values()) {
      if (form.slashCommand.equals(DEPLOY) && !form.word.isEmpty()) {
        words.add("`" + form.word + "`");
      }
    }
    return new Refusal(
        Mrkdwn.format(
                "{0} is not a command, and a deploy starts with {1} (for example"
                    + " `acme/payments`).{2} Commands: {3}.",
                Mrkdwn.code(token.raw()),
                Mrkdwn.trusted("<customer>/<product>"),
                suggestion,
                String.join(", ", words))
            + Form.DEPLOY.hint());
  }

  private static String closestSubcommand(String word) {
    if (word.length() < 3 || word.length() > 20) {
      return null;
    }
    String best = null;
    int bestDistance = 3;
    for (Form form : Form.values()) {
      if (form.slashCommand.equals(DEPLOY) && !form.word.isEmpty()) {
        int distance = distance(word, form.word);
        if (distance < bestDistance) {
          best = form.word;
          bestDistance = distance;
        }
      }
    }
    return best;
  }

  /** Levenshtein distance; both words are short. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
