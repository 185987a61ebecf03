package io.helmgate.domain.command;

import io.helmgate.domain.command.Tokenizer.Token;
import io.helmgate.domain.values.KeyPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words after a command, sorted into positional words, options ({@code reason=…}), value
 * settings ({@code image.tag=…}) and the {@code break-glass} flag. Option names are reserved: they
 * are never value keys.
 */
final class Args {

  static final String FROM = "from";
  static final String AT = "at";
  static final String REASON = "reason";
  static final String TO = "to";
  static final String FOR = "for";
  static final String SINCE = "since";
  static final String BREAK_GLASS = "break-glass";

  private static final Set<String> OPTIONS = Set.of(FROM, AT, REASON, TO, FOR, SINCE);
  private static final Map<String, String> OPTION_EXAMPLES =
      Map.of(
          FROM, "from=staging",
          AT, "at=22:00",
          REASON, "reason=\"CHG-1234 monthly release\"",
          TO, "to=3f2a9c1",
          FOR, "for=2h",
          SINCE, "since=2026-01-01");

  /** {@code name=value} as typed; the name in lower case. */
  record Option(String name, String value, Token token) {}

  /** {@code key=value} for a values key. */
  record Setting(KeyPath key, String value, Token token) {}

  final List<Token> words = new ArrayList<>();
  final Map<String, Option> options = new LinkedHashMap<>();
  final Map<KeyPath, Setting> settings = new LinkedHashMap<>();
  Token breakGlass;

  private Args() {}

  static Args of(List<Token> tokens) {
    Args args = new Args();
    for (Token token : tokens) {
      String text = token.text();
      int equals = text.indexOf('=');
      if (equals < 0) {
        if (text.toLowerCase(Locale.ROOT).equals(BREAK_GLASS)) {
          if (args.breakGlass != null) {
            throw new Refusal("`break-glass` is given twice; once is enough.");
          }
          args.breakGlass = token;
        } else {
          args.words.add(token);
        }
        continue;
      }
      String name = text.substring(0, equals);
      String value = text.substring(equals + 1);
      String lower = name.toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new Refusal(
            Mrkdwn.format(
                "{0} has no name before `=`. Options look like"
                    + " `reason=\"CHG-1234\"`, values like `image.tag=1.4.2`.",
                Mrkdwn.code(token.raw())));
      }
      if (lower.equals(BREAK_GLASS)) {
        throw new Refusal(
            Mrkdwn.format(
                "{0}: `break-glass` is a flag, written alone without `=`, for example"
                    + " `break-glass reason=\"INC-77 payment outage\"`.",
                Mrkdwn.code(token.raw())));
      }
      if (OPTIONS.contains(lower)) {
        if (args.options.containsKey(lower)) {
          throw new Refusal(
              Mrkdwn.format(
                  "{0} is given twice ({1} and {2}); give it once.",
                  Mrkdwn.code(lower + "="),
                  Mrkdwn.code(args.options.get(lower).token().raw()),
                  Mrkdwn.code(token.raw())));
        }
        if (value.isBlank()) {
          throw new Refusal(
              Mrkdwn.format(
                  "{0} needs a value, for example {1}.",
                  Mrkdwn.code(lower + "="), Mrkdwn.trusted(OPTION_EXAMPLES.get(lower))));
        }
        args.options.put(lower, new Option(lower, value, token));
        continue;
      }
      Optional<KeyPath> key = KeyPath.parse(name);
      if (key.isEmpty()) {
        throw new Refusal(
            Mrkdwn.format(
                "{0} is not a value setting: a key is a dotted path of letters, digits, `_` and"
                    + " `-`, such as `image.tag`. Text with spaces goes in quotes, for example"
                    + " `reason=\"CHG-1234 monthly release\"`.",
                Mrkdwn.code(token.raw())));
      }
      if (args.settings.containsKey(key.get())) {
        throw new Refusal(
            Mrkdwn.format(
                "{0} is set twice ({1} and {2}); set it once.",
                Mrkdwn.code(key.get().toString()),
                Mrkdwn.code(args.settings.get(key.get()).token().raw()),
                Mrkdwn.code(token.raw())));
      }
      args.settings.put(key.get(), new Setting(key.get(), value, token));
    }
    return args;
  }

  /** Refuses options, settings and the flag that {@code form} does not take. */
  void permit(Form form, Set<String> allowed, boolean allowSettings, boolean allowBreakGlass) {
    for (Option option : options.values()) {
      if (!allowed.contains(option.name())) {
        throw new Refusal(
            Mrkdwn.format(
                    "{0} does not take {1}{2}.",
                    Mrkdwn.trusted(form.label()),
                    Mrkdwn.code(option.name() + "="),
                    Mrkdwn.escape(whereItBelongs(option.name())))
                + form.hint());
      }
    }
    if (!allowSettings && !settings.isEmpty()) {
      Setting first = settings.values().iterator().next();
      throw new Refusal(
          Mrkdwn.format(
                  "{0} does not set values: unexpected {1}.",
                  Mrkdwn.trusted(form.label()), Mrkdwn.code(first.token().raw()))
              + form.hint());
    }
    if (!allowBreakGlass && breakGlass != null) {
      throw new Refusal(
          Mrkdwn.format("{0} has no `break-glass`.", Mrkdwn.trusted(form.label())) + form.hint());
    }
  }

  Optional<Option> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  private static String whereItBelongs(String option) {
    return switch (option) {
      case TO -> " (`to=` belongs to `/rollback`)";
      case FOR -> " (`for=` belongs to `/deploy lock`)";
      case SINCE -> " (`since=` belongs to `/deploy audit`)";
      case FROM, AT -> " (`" + option + "=` belongs to `/deploy <customer>/<product> <env>`)";
      default -> "";
    };
  }
}
