package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command;
import io.helmgate.domain.command.CommandParser;
import io.helmgate.domain.command.ParseResult;
import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PreflightSource;
import io.helmgate.domain.policy.RoleResolver;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.values.Redaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The application's front door: a slash command's text goes in, an {@link Outcome} comes out. Each
 * command type has exactly one runner; adding a command means one parser case, one runner here and
 * one renderer in the chat adapter (a test checks every command has a runner).
 */
public final class Helmgate {

  private final CommandParser parser;
  private final Policy policy;
  private final People people;
  private final Audit audit;
  private final RequestService requests;
  private final Admission admission;
  private final Map<Class<? extends Command>, CommandRunner<? extends Command>> runners =
      new LinkedHashMap<>();

  /**
   * How the application is set up beyond its ports and policy, by name rather than by position.
   *
   * @param certificates the certificate checks whose last results {@code /deploy status} shows
   * @param approvalChannels environments whose requests are posted to a channel set aside for their
   *     approvals, whatever conversation they were typed in; when not empty, a request needing
   *     approval in any other environment is refused
   * @param execution how executions run (Argo CD settings per environment, retries, values branch)
   */
  public record Options(
      Optional<Certificates> certificates,
      Set<String> approvalChannels,
      ExecutionOptions execution) {

    public Options {
      approvalChannels = Set.copyOf(approvalChannels);
    }

    public static Options defaults() {
      return new Options(Optional.empty(), Set.of(), ExecutionOptions.defaults());
    }

    public Options withCertificates(Certificates checks) {
      return new Options(Optional.of(checks), approvalChannels, execution);
    }

    public Options withApprovalChannels(Set<String> environments) {
      return new Options(certificates, environments, execution);
    }

    public Options withExecution(ExecutionOptions options) {
      return new Options(certificates, approvalChannels, options);
    }
  }

  public Helmgate(Ports ports, Policy policy, Redaction redaction) {
    this(ports, policy, redaction, Options.defaults());
  }

  /**
   * Whether an unavailable Vault or registry blocks a change is the policy's to say ({@link
   * Policy#mayGoOnWithoutPreflight}), from the environment's {@code fail-open-when-unavailable}.
   */
  public Helmgate(Ports ports, Policy policy, Redaction redaction, Options options) {
    this.policy = policy;
    this.parser = new CommandParser(ports.clock(), policy.config().defaultZone());
    this.people = new People(ports.directory(), new RoleResolver(policy.config()));
    this.audit = new Audit(ports.audit(), ports.clock(), redaction);
    this.admission = new Admission(ports.audit(), ports.clock());
    Changes changes = new Changes(policy.config());
    Preflights preflights =
        new Preflights(
            ports.secrets(),
            env -> policy.mayGoOnWithoutPreflight(env, PreflightSource.VAULT),
            ports.clock());
    ArtifactPreflight artifacts =
        new ArtifactPreflight(
            ports.artifacts(),
            env -> policy.mayGoOnWithoutPreflight(env, PreflightSource.REGISTRY),
            ports.clock());
    Tell tell = new Tell(ports.notifier(), ports.audit(), ports.clock());
    PullRequestMirror mirror =
        new PullRequestMirror(
            options.execution().pullRequests(),
            tell,
            ports.audit(),
            ports.clock(),
            ports.executor());
    Executions executions =
        new Executions(
            ports,
            policy,
            people,
            tell,
            changes,
            preflights,
            artifacts,
            redaction,
            options.execution(),
            mirror::ended);
    Decisions decisions = new Decisions(ports, policy, people, tell, executions::proceed, mirror);
    this.requests =
        new RequestService(
            ports,
            decisions,
            executions,
            new Sweeps(ports, policy, tell, executions, audit),
            new PullRequests(
                ports,
                tell,
                decisions,
                options.execution().pullRequests(),
                executions.pullRequestOpener(),
                mirror,
                options.execution().valuesBranch()));
    Requesting requesting =
        new Requesting(
            ports,
            policy,
            audit,
            changes,
            preflights,
            redaction,
            artifacts,
            options.approvalChannels());
    Reading reading = new Reading(ports, policy, redaction, options.certificates());
    Locking locking = new Locking(ports, policy, audit);
    register(Command.Deploy.class, requesting::deploy);
    register(Command.Rollback.class, requesting::rollback);
    register(Command.RollbackHistory.class, requesting::rollbackHistory);
    register(Command.Status.class, reading::status);
    register(Command.Pending.class, reading::pending);
    register(Command.Cancel.class, (c, caller, actor) -> requests.cancel(c.id(), caller.user()));
    register(Command.Lock.class, locking::lock);
    register(Command.Unlock.class, locking::unlock);
    register(Command.Audit.class, reading::audit);
    register(Command.Evidence.class, reading::evidence);
    register(Command.SodReport.class, reading::sodReport);
    register(Command.ShowPolicy.class, reading::policy);
    register(Command.OpenForm.class, (c, caller, actor) -> new Outcome.OpenForm());
  }

  private <C extends Command> void register(Class<C> type, CommandRunner<C> runner) {
    runners.put(type, runner);
  }

  /** Who may ask at all: members of the installation's own workspace and organisation. */
  public Admission admission() {
    return admission;
  }

  /** The command types that have a runner; every {@link Command} must be among them. */
  public Set<Class<? extends Command>> commandsWithRunners() {
    return Set.copyOf(runners.keySet());
  }

  /** Handles one slash command. Never throws for user input or for a fault in a port it reports. */
  public Outcome command(Caller caller, String slashCommand, String text) {
    ParseResult parsed = parser.parse(slashCommand, text);
    if (parsed instanceof ParseResult.Help help) {
      return new Outcome.Help(help.text());
    }
    if (parsed instanceof ParseResult.Invalid invalid) {
      return new Outcome.Invalid(invalid.message());
    }
    Command command = ((ParseResult.Parsed) parsed).command();
    Actor actor;
    try {
      actor = people.actor(caller.user());
    } catch (DirectoryUnavailableException e) {
      audit.fault(caller.user(), Optional.empty(), audit.line(command), e.getMessage());
      return new Outcome.Error(e.getMessage());
    }
    Decision read = policy.mayRead(actor);
    if (read.isDenied()) {
      audit.refused(caller.user(), targetOf(command), audit.line(command), read);
      return new Outcome.Denied(read);
    }
    return run(command, caller, actor);
  }

  @SuppressWarnings("unchecked")
  private <C extends Command> Outcome run(C command, Caller caller, Actor actor) {
    CommandRunner<C> runner = (CommandRunner<C>) runners.get(command.getClass());
    if (runner == null) {
      throw new IllegalStateException("no runner for " + command.getClass().getSimpleName());
    }
    return runner.run(command, caller, actor);
  }

  /** Approvals, rejections, cancellations, executions and sync progress. */
  public RequestService requests() {
    return requests;
  }

  public Policy policy() {
    return policy;
  }

  private static Optional<Target> targetOf(Command command) {
    if (command instanceof Command.Deploy d) {
      return Optional.of(d.target());
    }
    if (command instanceof Command.Rollback r) {
      return Optional.of(r.target());
    }
    if (command instanceof Command.RollbackHistory h) {
      return Optional.of(h.target());
    }
    if (command instanceof Command.Lock l) {
      return Optional.of(l.target());
    }
    if (command instanceof Command.Unlock u) {
      return Optional.of(u.target());
    }
    return Optional.empty();
  }
}
