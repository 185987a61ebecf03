package io.helmgate.domain.execution;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.AppObservation.Operation;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.port.SyncStart;
import io.helmgate.domain.request.Request;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * After the commit, asks Argo CD for one sync marked with the request's id, naming the commit where
 * the application allows it. It never asks twice: a run after one that may have asked (an answer
 * lost, a restart) looks first and adopts the operation carrying its marker; an auto-sync already
 * syncing our commit is adopted instead of waited out. Outputs: {@link ArgoOutputs#MARKER}, {@link
 * ArgoOutputs#REVISION_SENT}, {@link ArgoOutputs#REQUESTED_AT}, {@link ArgoOutputs#MODE} and, for
 * an adopted operation, {@link ArgoOutputs#ADOPTED_STARTED_AT}.
 */
public final class StartSync extends ArgoSyncStep {

  /** The step's name. */
  public static final String NAME = "start-sync";

  /**
   * @param settings the Argo CD settings of an environment, by its name
   * @param contains {@code contains(descendant, commit)}: whether a revision of the values
   *     repository contains a commit, asked only where the environment accepts descendants
   */
  public StartSync(
      Deployer deployer,
      Function<String, ArgoSettings> settings,
      BiPredicate<String, String> contains) {
    super(deployer, settings, contains);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    Target target = request.target();
    ArgoSettings environment = settings.apply(target.environment());
    String marker = request.id().toString();
    Optional<String> commit = request.commitId();
    try {
      // A run before this one may have asked, and its answer been lost: asking again would start
      // a second sync after ours ends (Argo CD never queues, but it does not refuse once ours is
      // done). Looked for on every run, the first too: a crash between the request and storing
      // its answer leaves attempt 0, and the operation it started may already have ended.
      AppObservation seen = deployer.observe(target);
      Optional<StepResult> adopted =
          seen.operation().flatMap(op -> adopt(context, op, marker, commit, environment));
      if (adopted.isPresent()) {
        return adopted.get();
      }
      SyncOrder order =
          new SyncOrder(request.id(), request.requester(), revisionToSend(context), prune(context));
      SyncStart answer = deployer.startSync(target, order);
      if (answer instanceof SyncStart.Started) {
        return started(
            context, ArgoOutputs.MODE_OURS, order.revision(), context.now(), Optional.empty());
      }
      if (answer instanceof SyncStart.Busy busy) {
        return adopt(context, busy.current(), marker, commit, environment)
            .orElseGet(() -> busy(context, busy.current(), commit, environment));
      }
      return blocked(context, ((SyncStart.Blocked) answer).window(), commit, environment);
    } catch (DeployerException e) {
      return Argo.fault(e);
    }
  }

  // Where the application allows naming a revision, name our commit: then Argo CD deploys exactly
  // it, whatever its branch has moved on to. An auto-synced app refuses any revision but its own
  // target, and an app whose values source is unknown has no position to name it at.
  private static Optional<String> revisionToSend(StepContext context) {
    boolean autoSync =
        context.output(ArgoOutputs.AUTO_SYNC).map(Boolean::parseBoolean).orElse(false);
    boolean sourceKnown = context.output(ArgoOutputs.VALUES_POSITION).isPresent();
    return autoSync || !sourceKnown ? Optional.empty() : context.request().commitId();
  }

  private static boolean prune(StepContext context) {
    return context.output(ArgoOutputs.PRUNE).map(Boolean::parseBoolean).orElse(false);
  }

  /** The operation, when it is ours (by marker) or an automated one syncing our commit. */
  private Optional<StepResult> adopt(
      StepContext context,
      Operation operation,
      String marker,
      Optional<String> commit,
      ArgoSettings environment) {
    if (operation.marker().filter(marker::equals).isPresent()) {
      // Ours, asked for by a run whose answer was lost: no later than when this step began.
      return Optional.of(
          started(
              context,
              ArgoOutputs.MODE_OURS,
              revisionToSend(context),
              context.stepSince(),
              Optional.empty()));
    }
    boolean ofOurCommit =
        commit.isPresent()
            && operation
                .valuesRevision()
                .filter(r -> Argo.isOurs(r, commit.get(), environment.acceptDescendant(), contains))
                .isPresent();
    boolean running = operation.phase().map(p -> p.equals("Running")).orElse(true);
    if (operation.automated() && ofOurCommit && running) {
      return Optional.of(
          started(
              context,
              ArgoOutputs.MODE_ADOPTED,
              Optional.empty(),
              context.now(),
              Optional.of(operation.startedAt().map(Instant::toString).orElse(""))));
    }
    return Optional.empty();
  }

  private static StepResult started(
      StepContext context,
      String mode,
      Optional<String> revision,
      Instant requestedAt,
      Optional<String> adoptedAt) {
    Map<String, String> output = new LinkedHashMap<>();
    output.put(ArgoOutputs.MARKER, context.request().id().toString());
    output.put(ArgoOutputs.REVISION_SENT, revision.orElse(ArgoOutputs.NONE));
    output.put(ArgoOutputs.REQUESTED_AT, requestedAt.toString());
    output.put(ArgoOutputs.MODE, mode);
    adoptedAt.ifPresent(at -> output.put(ArgoOutputs.ADOPTED_STARTED_AT, at));
    Optional<String> line =
        mode.equals(ArgoOutputs.MODE_ADOPTED)
            ? Optional.of("ArgoCD: already syncing the commit (auto-sync); Helmgate watches it.")
            : Optional.empty();
    return new StepResult.Succeeded(output, line);
  }

  private StepResult busy(
      StepContext context, Operation other, Optional<String> commit, ArgoSettings environment) {
    Instant giveUpAt = context.stepSince().plus(environment.busyTimeout());
    if (context.now().isBefore(giveUpAt)) {
      Optional<String> line =
          context.attempt() == 0
              ? Optional.of("ArgoCD is busy with " + describe(other) + "; Helmgate waits for it.")
              : Optional.empty();
      return new StepResult.Running(
          earliest(context.now().plus(environment.pollInterval()), giveUpAt),
          Map.of(ArgoOutputs.SYNC_ASKED, "true"),
          line);
    }
    return StepResult.Failed.because(
        landed(commit)
            + "but Argo CD stayed busy with "
            + describe(other)
            + " for "
            + environment.busyTimeout().toMinutes()
            + " minutes, so Helmgate did not sync it. When that operation has ended, sync the"
            + " application (`/deploy "
            + context.request().target()
            + "`) or check it in Argo CD.");
  }

  private StepResult blocked(
      StepContext context, String window, Optional<String> commit, ArgoSettings environment) {
    Instant giveUpAt = context.stepSince().plus(environment.windowWait());
    if (context.now().isBefore(giveUpAt)) {
      Optional<String> line =
          context.attempt() == 0
              ? Optional.of(
                  "ArgoCD: a sync window opened after the check ("
                      + window
                      + "); Helmgate waits for it before syncing.")
              : Optional.empty();
      return new StepResult.Running(
          earliest(context.now().plus(java.time.Duration.ofMinutes(1)), giveUpAt),
          Map.of(ArgoOutputs.SYNC_ASKED, "true"),
          line);
    }
    return StepResult.Failed.because(
        landed(commit)
            + "but Argo CD's sync window ("
            + window
            + ") did not allow syncing it for "
            + environment.windowWait().toMinutes()
            + " minutes, so it is not synced. Sync it when the window allows (`/deploy "
            + context.request().target()
            + "`).");
  }

  private static String landed(Optional<String> commit) {
    return commit
        .map(c -> "Helmgate's commit " + Argo.shortSha(c) + " landed in the values repository, ")
        .orElse("");
  }

  private static String describe(Operation other) {
    String who = other.automated() ? "an automated sync" : "a sync by " + other.initiatedBy();
    return who
        + other.valuesRevision().map(r -> " of " + Argo.shortSha(r)).orElse("")
        + other.phase().map(p -> " (" + p + ")").orElse("");
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
