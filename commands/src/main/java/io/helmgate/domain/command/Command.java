package io.helmgate.domain.command;

import io.helmgate.domain.Names;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A slash command typed into Slack, as a typed value: what {@link CommandParser} produces and what
 * the application service executes.
 *
 * <p>The records check their own invariants (names, values, break-glass needs a reason) so that a
 * command built elsewhere, for example from the modal form, is as safe as a parsed one. {@link
 * #text()} gives the canonical command text: parsing it again yields an equal command.
 */
public sealed interface Command {

  /** The slash command that carries this command: {@code /deploy} or {@code /rollback}. */
  String slashCommand();

  /**
   * The canonical text after the slash command, e.g. {@code acme/payments prod from=staging
   * reason="CHG-1234"}; {@code CommandParser.parse(slashCommand(), text())} yields an equal command
   * (as long as {@code at} is still in the future).
   */
  String text();

  /** The whole command line as a person would type it, for logs and the audit trail. */
  default String commandLine() {
    String text = text();
    return text.isEmpty() ? slashCommand() : slashCommand() + " " + text;
  }

  /**
   * Promote values from another environment, set chosen keys, or (neither) sync as it is.
   *
   * @param values keys to set, in the order typed; unmodifiable
   * @param at when to execute; empty means as soon as allowed
   */
  record Deploy(
      Target target,
      Optional<String> from,
      Map<KeyPath, String> values,
      Optional<Instant> at,
      Optional<String> reason,
      boolean breakGlass)
      implements Command {

    public Deploy {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(values, "values");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
      from.ifPresent(
          env -> {
            Names.require("environment", env);
            if (env.equals(target.environment())) {
              throw new IllegalArgumentException(
                  "from= must name another environment than the target " + target);
            }
          });
      LinkedHashMap<KeyPath, String> copy = new LinkedHashMap<>();
      values.forEach(
          (key, value) -> {
            Objects.requireNonNull(key, "value key");
            if (!ValueRule.accepts(value)) {
              throw new IllegalArgumentException(
                  "the value for " + key + " breaks the value rule: " + ValueRule.RULE);
            }
            copy.put(key, value);
          });
      values = Collections.unmodifiableMap(copy);
      requireReason(reason, breakGlass);
    }

    /** What the request changes: a promotion or explicit values, or a plain sync. */
    public RequestKind kind() {
      return from.isEmpty() && values.isEmpty() ? RequestKind.SYNC : RequestKind.DEPLOY;
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      StringBuilder text = new StringBuilder(target.toString());
      from.ifPresent(env -> text.append(" from=").append(env));
      values.forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
      at.ifPresent(instant -> text.append(" at=").append(CommandTexts.instant(instant)));
      reason.ifPresent(r -> text.append(" reason=").append(CommandTexts.quoted(r)));
      if (breakGlass) {
        text.append(" break-glass");
      }
      return text.toString();
    }
  }

  /** Show an application's environments (or one of them): values, health, recent changes. */
  record Status(String customer, String product, Optional<String> environment) implements Command {

    public Status {
      Names.require("customer", customer);
      Names.require("product", product);
      Objects.requireNonNull(environment, "environment").ifPresent(Command::requireEnvironment);
    }

    /** {@code acme/payments}. */
    public String app() {
      return customer + "/" + product;
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "status " + app() + environment.map(env -> " " + env).orElse("");
    }
  }

  /** List requests waiting for approval or for their window. */
  record Pending() implements Command {

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "pending";
    }
  }

  /** Cancel a pending or scheduled request. */
  record Cancel(RequestId id) implements Command {

    public Cancel {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "cancel " + id;
    }
  }

  /** Lock an environment against new requests for a while, saying why. */
  record Lock(Target target, Duration duration, String reason) implements Command {

    /** The longest lock: a forgotten lock must not block an environment for weeks. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    public Lock {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException("a lock lasts more than zero and at most 7 days");
      }
      if (duration.toSecondsPart() != 0 || duration.toNanosPart() != 0) {
        throw new IllegalArgumentException("a lock lasts whole minutes");
      }
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("a lock needs a reason");
      }
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "lock "
          + target
          + " for="
          + CommandTexts.duration(duration)
          + " reason="
          + CommandTexts.quoted(reason);
    }
  }

  /** Remove an environment's lock. */
  record Unlock(Target target) implements Command {

    public Unlock {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "unlock " + target;
    }
  }

  /**
   * Restore an environment's earlier values with a new commit, then sync. Like {@code helm rollback
   * RELEASE} and {@code argocd app rollback APP}, without a revision it goes back one step.
   *
   * @param to the commit whose values to restore (7–40 lower-case hex digits); empty means the
   *     values before the latest change of the environment's values file, which the request undoes
   */
  record Rollback(Target target, Optional<String> to, Optional<String> reason, boolean breakGlass)
      implements Command {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    public Rollback {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(reason, "reason");
      to.ifPresent(
          commit -> {
            if (!COMMIT.matcher(commit).matches()) {
              throw new IllegalArgumentException(
                  "a commit id is 7 to 40 lower-case hex digits: " + commit);
            }
          });
      requireReason(reason, breakGlass);
    }

    @Override
    public String slashCommand() {
      return "/rollback";
    }

    @Override
    public String text() {
      StringBuilder text = new StringBuilder(target.toString());
      to.ifPresent(commit -> text.append(" to=").append(commit));
      reason.ifPresent(r -> text.append(" reason=").append(CommandTexts.quoted(r)));
      if (breakGlass) {
        text.append(" break-glass");
      }
      return text.toString();
    }
  }

  /** The latest changes of an environment, each with a Roll back button. */
  record RollbackHistory(Target target) implements Command {

    public RollbackHistory {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String slashCommand() {
      return "/rollback";
    }

    @Override
    public String text() {
      return target + " history";
    }
  }

  /** Summarise and export the audit trail of an application (or one environment). */
  record Audit(
      String customer, String product, Optional<String> environment, Optional<LocalDate> since)
      implements Command {

    public Audit {
      Names.require("customer", customer);
      Names.require("product", product);
      Objects.requireNonNull(environment, "environment").ifPresent(Command::requireEnvironment);
      Objects.requireNonNull(since, "since");
    }

    /** {@code acme/payments}. */
    public String app() {
      return customer + "/" + product;
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "audit "
          + app()
          + environment.map(env -> " " + env).orElse("")
          + since.map(date -> " since=" + date).orElse("");
    }
  }

  /** The evidence pack of one request, as one JSON document and a summary. */
  record Evidence(RequestId id) implements Command {

    public Evidence {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "evidence " + id;
    }
  }

  /** The separation-of-duties report: conflicting roles, stale approvers, break-glass reviews. */
  record SodReport() implements Command {

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "sod-report";
    }
  }

  /**
   * Show the effective policy: who may request and approve, windows, freezes and the rest, for
   * every environment or for one.
   */
  record ShowPolicy(Optional<String> environment) implements Command {

    public ShowPolicy {
      Objects.requireNonNull(environment, "environment").ifPresent(Command::requireEnvironment);
    }

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "policy" + environment.map(env -> " " + env).orElse("");
    }
  }

  /** {@code /deploy} with no text: open the modal form that builds a deploy request. */
  record OpenForm() implements Command {

    @Override
    public String slashCommand() {
      return "/deploy";
    }

    @Override
    public String text() {
      return "";
    }
  }

  private static void requireEnvironment(String environment) {
    Names.require("environment", environment);
  }

  private static void requireReason(Optional<String> reason, boolean breakGlass) {
    reason.ifPresent(
        r -> {
          if (r.isBlank()) {
            throw new IllegalArgumentException("a reason, when given, is not blank");
          }
        });
    if (breakGlass && reason.isEmpty()) {
      throw new IllegalArgumentException("break-glass needs a reason");
    }
  }
}
