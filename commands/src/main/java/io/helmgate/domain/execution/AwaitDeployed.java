package io.helmgate.domain.execution;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.AppObservation.Operation;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.request.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Looks at the application once per run until Helmgate can say its commit is deployed: the
 * operation is ours (by the marker Helmgate sent, or the adopted auto-sync by its revision and
 * start), it succeeded at our commit, the controller compared the app after it ended, and health is
 * Healthy. A follow-on auto-sync or self-heal that replaces ours is never judged as ours; the app's
 * own revision and health decide then. Controller timestamps are only compared with each other,
 * never with the bot's clock. Keeps its progress ({@link ArgoOutputs#LAST_SEEN}, {@link
 * ArgoOutputs#SUCCEEDED_FINISHED_AT}, {@link ArgoOutputs#SUCCEEDED_SEEN_AT}, {@link
 * ArgoOutputs#DEGRADED_SINCE}) on the request, so any replica can take the next look; outputs
 * {@link ArgoOutputs#DEPLOYED_REVISION} when done.
 */
public final class AwaitDeployed extends ArgoSyncStep {

  /** The step's name. */
  public static final String NAME = "await-deployed";

  /**
   * @param settings the Argo CD settings of an environment, by its name
   * @param contains {@code contains(descendant, commit)}: whether a revision of the values
   *     repository contains a commit, asked only where the environment accepts descendants
   */
  public AwaitDeployed(
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
    Look look = new Look(context, settings.apply(context.request().target().environment()));
    AppObservation seen;
    try {
      seen = deployer.observe(look.target);
    } catch (DeployerException e) {
      return Argo.fault(e);
    }
    Optional<Operation> ours = seen.operation().filter(look::isOurs);
    if (ours.isPresent()) {
      return ofOurOperation(look, seen, ours.get());
    }
    boolean succeededBefore = look.succeededFinishedAt.isPresent();
    boolean syncedAtOurCommit =
        seen.syncStatus().equals("Synced")
            && look.commit.isPresent()
            && seen.valuesRevision().filter(look::isOurCommit).isPresent();
    if (succeededBefore || syncedAtOurCommit) {
      // Ours ended and a follow-on (auto-sync, self-heal) took its place in operationState: its
      // phase says nothing about our change; the app's own revision and health do.
      return afterOurOperation(look, seen);
    }
    return stillSyncing(look, seen, "Requested");
  }

  private StepResult ofOurOperation(Look look, AppObservation seen, Operation op) {
    String phase = op.phase().orElse("");
    if (phase.equals("Failed") || phase.equals("Error")) {
      return StepResult.Failed.because(syncFailed(look, seen, op));
    }
    if (!phase.equals("Succeeded")) {
      return stillSyncing(look, seen, phase.isEmpty() ? "Requested" : phase);
    }
    if (look.commit.isPresent() && op.valuesRevision().filter(look::isOurCommit).isEmpty()) {
      return StepResult.Failed.because(
          notOurRevision(look, op.valuesRevision().orElse("an unknown revision")));
    }
    look.succeeded(op.finishedAt());
    String deployed = op.valuesRevision().or(() -> look.commit).orElse("?");
    if (!reconciledAfter(seen, op.finishedAt())) {
      return look.settling(seen, "Succeeded", "waiting for Argo CD to compare the app");
    }
    return judgeHealth(look, seen, deployed);
  }

  private StepResult afterOurOperation(Look look, AppObservation seen) {
    look.succeeded(look.succeededFinishedAt);
    // Before the comparison after ours, the app's revision is the one before it: no verdict yet.
    if (look.succeededFinishedAt.isPresent() && !reconciledAfter(seen, look.succeededFinishedAt)) {
      return look.settling(seen, "Succeeded", "waiting for Argo CD to compare the app");
    }
    if (look.commit.isPresent()
        && seen.syncStatus().equals("Synced")
        && seen.valuesRevision().filter(r -> !look.isOurCommit(r)).isPresent()) {
      return StepResult.Failed.because(notOurRevision(look, seen.valuesRevision().get()));
    }
    String deployed =
        seen.syncStatus().equals("Synced")
            ? seen.valuesRevision().or(() -> look.commit).orElse("?")
            : look.commit.or(seen::valuesRevision).orElse("?");
    return judgeHealth(look, seen, deployed);
  }

  // Until the controller compared the app after the operation ended, sync and health describe the
  // state before it (checkAppWaitConditions in argo-cd's cmd/argocd/commands/app.go). Both
  // timestamps are the controller's.
  private static boolean reconciledAfter(AppObservation seen, Optional<Instant> finishedAt) {
    if (seen.reconciledAt().isEmpty()) {
      return false;
    }
    return finishedAt.map(f -> !seen.reconciledAt().get().isBefore(f)).orElse(true);
  }

  private StepResult judgeHealth(Look look, AppObservation seen, String deployed) {
    String health = seen.health();
    switch (health) {
      case "Healthy":
        look.keep.put(ArgoOutputs.DEPLOYED_REVISION, deployed);
        return new StepResult.Succeeded(look.keep, Optional.of(deployedLine(look, seen, deployed)));
      case "Missing":
        return StepResult.Failed.because(
            "Argo CD synced `"
                + look.application
                + "`, but its resources are Missing"
                + message(seen.healthMessage())
                + ". "
                + rollbackHint(look));
      case "Degraded":
        Instant since = Argo.instant(look.context, ArgoOutputs.DEGRADED_SINCE).orElse(look.now);
        if (look.now.isBefore(since.plus(look.settings.degradedGrace()))) {
          look.keep.put(ArgoOutputs.DEGRADED_SINCE, since.toString());
          return look.running(seen, "Succeeded");
        }
        return StepResult.Failed.because(
            "Argo CD synced `"
                + look.application
                + "`, but it stayed Degraded for "
                + minutes(look.settings.degradedGrace())
                + message(seen.healthMessage())
                + ". "
                + rollbackHint(look));
      default:
        return look.settling(seen, "Succeeded", "");
    }
  }

  private StepResult stillSyncing(Look look, AppObservation seen, String phase) {
    if (look.now.isBefore(look.requestedAt.plus(look.settings.syncTimeout()))) {
      return look.running(seen, phase);
    }
    String watched =
        "Argo CD's sync of `"
            + look.application
            + "` did not finish within "
            + minutes(look.settings.syncTimeout())
            + look.commit.map(c -> " (Helmgate's commit " + Argo.shortSha(c) + ")").orElse("");
    if (look.settings.terminateOnTimeout() && look.adoptedStartedAt.isEmpty()) {
      try {
        boolean terminated = deployer.terminate(look.target, look.context.request().id());
        if (terminated) {
          return StepResult.Failed.because(
              watched
                  + "; Helmgate terminated its operation, so Argo CD will not finish it. "
                  + rollbackHint(look));
        }
      } catch (DeployerException e) {
        return e.isTransient()
            ? new StepResult.Errored(watched + "; terminating it failed: " + e.getMessage(), true)
            : StepResult.Failed.because(
                watched + "; Helmgate could not terminate it: " + e.getMessage());
      }
      return StepResult.Failed.because(
          watched
              + "; no operation of Helmgate's was running any more to terminate. Check the"
              + " application in Argo CD before trying again.");
    }
    return StepResult.Failed.because(
        watched
            + ". Helmgate stopped watching, but Argo CD may still finish it: check the application"
            + " in Argo CD before trying again.");
  }

  private String syncFailed(Look look, AppObservation seen, Operation op) {
    String conditions =
        seen.conditions().stream()
            .filter(c -> c.type().endsWith("Error"))
            .map(c -> c.type() + ": " + c.message())
            .collect(Collectors.joining("; "));
    return "Argo CD's sync of `"
        + look.application
        + "` ended "
        + op.phase().orElse("?")
        + message(op.message())
        + (conditions.isEmpty() ? "" : " (" + conditions + ")")
        + ". "
        + rollbackHint(look);
  }

  private String notOurRevision(Look look, String deployed) {
    String tracked =
        look.context.output(ArgoOutputs.TRACKED_REVISION).orElse("an unknown revision");
    return "Argo CD deployed "
        + Argo.shortSha(deployed)
        + ", not Helmgate's commit "
        + Argo.shortSha(look.commit.orElseThrow())
        + ": the app tracks `"
        + tracked
        + "`"
        + (look.context
                .output(ArgoOutputs.REVISION_SENT)
                .filter(ArgoOutputs.NONE::equals)
                .isPresent()
            ? " and Helmgate could not name its commit in the sync"
            : "")
        + ". Helmgate's change is in the values repository but is not what runs; check the"
        + " application's source in Argo CD.";
  }

  private static String deployedLine(Look look, AppObservation seen, String deployed) {
    String line =
        "ArgoCD: Synced and Healthy: " + look.application + " runs " + Argo.shortSha(deployed);
    boolean prune = look.context.output(ArgoOutputs.PRUNE).map(Boolean::parseBoolean).orElse(false);
    if (!prune && seen.awaitingPrune() > 0) {
      line +=
          ". "
              + seen.awaitingPrune()
              + (seen.awaitingPrune() == 1 ? " resource is" : " resources are")
              + " left for pruning: prune is off for this environment, so Argo CD shows the app"
              + " OutOfSync until someone prunes "
              + (seen.awaitingPrune() == 1 ? "it" : "them");
    }
    return line;
  }

  private static String rollbackHint(Look look) {
    return "To undo it: `/rollback " + look.target + "`.";
  }

  private static String message(String text) {
    return text == null || text.isBlank() ? "" : ": " + text;
  }

  private static String minutes(Duration duration) {
    long m = duration.toMinutes();
    return m >= 1 ? m + (m == 1 ? " minute" : " minutes") : duration.toSeconds() + " seconds";
  }

  /** One run's view: what the earlier steps said, and the progress this run keeps. */
  private final class Look {
    final StepContext context;
    final ArgoSettings settings;
    final Target target;
    final Instant now;
    final String application;
    final String marker;
    final Optional<String> commit;
    final Optional<String> adoptedStartedAt;
    final Instant requestedAt;
    final Map<String, String> keep = new LinkedHashMap<>();
    Optional<Instant> succeededFinishedAt;

    Look(StepContext context, ArgoSettings settings) {
      Request request = context.request();
      this.context = context;
      this.settings = settings;
      this.target = request.target();
      this.now = context.now();
      this.application = context.output(ArgoOutputs.APPLICATION).orElse(target.toString());
      this.marker = context.output(ArgoOutputs.MARKER).orElse(request.id().toString());
      this.commit = request.commitId();
      this.adoptedStartedAt =
          context
              .output(ArgoOutputs.MODE)
              .filter(ArgoOutputs.MODE_ADOPTED::equals)
              .map(m -> context.output(ArgoOutputs.ADOPTED_STARTED_AT).orElse(""));
      this.requestedAt =
          Argo.instant(context, ArgoOutputs.REQUESTED_AT).orElse(context.stepSince());
      this.succeededFinishedAt = Argo.instant(context, ArgoOutputs.SUCCEEDED_FINISHED_AT);
    }

    boolean isOurCommit(String revision) {
      return commit.isPresent()
          && Argo.isOurs(revision, commit.get(), settings.acceptDescendant(), contains);
    }

    // By marker; an adopted auto-sync carries none, so by being automated, syncing our commit and
    // having the start it had when adopted (controller's clock against controller's clock).
    boolean isOurs(Operation op) {
      if (adoptedStartedAt.isEmpty()) {
        return op.marker().filter(marker::equals).isPresent();
      }
      String startedAt = adoptedStartedAt.get();
      return op.automated()
          && op.valuesRevision().filter(this::isOurCommit).isPresent()
          && (startedAt.isEmpty()
              || op.startedAt().map(s -> s.equals(Instant.parse(startedAt))).orElse(false));
    }

    /** Records that our operation was seen to succeed, once. */
    void succeeded(Optional<Instant> finishedAt) {
      if (context.output(ArgoOutputs.SUCCEEDED_SEEN_AT).isEmpty()) {
        keep.put(ArgoOutputs.SUCCEEDED_SEEN_AT, now.toString());
      }
      if (succeededFinishedAt.isEmpty()) {
        succeededFinishedAt = Optional.of(finishedAt.orElse(Instant.EPOCH));
        keep.put(ArgoOutputs.SUCCEEDED_FINISHED_AT, succeededFinishedAt.get().toString());
      }
    }

    /** After success, health may take {@code settleTimeout} to become Healthy. */
    StepResult settling(AppObservation seen, String phase, String why) {
      Instant since = Argo.instant(context, ArgoOutputs.SUCCEEDED_SEEN_AT).orElse(now);
      if (now.isBefore(since.plus(settings.settleTimeout()))) {
        return running(seen, phase);
      }
      return StepResult.Failed.because(
          "Argo CD synced `"
              + application
              + "`, but it was still "
              + seen.health()
              + (why.isEmpty() ? "" : " (" + why + ")")
              + " "
              + minutes(settings.settleTimeout())
              + " later"
              + message(seen.healthMessage())
              + ". Check the application in Argo CD; "
              + rollbackHint(this));
    }

    /** Not done: look again after the poll interval, telling people only what changed. */
    StepResult running(AppObservation seen, String phase) {
      if (!seen.health().equals("Degraded")
          && Argo.instant(context, ArgoOutputs.DEGRADED_SINCE).isPresent()) {
        keep.put(ArgoOutputs.DEGRADED_SINCE, "");
      }
      String state = phase + ", " + seen.health();
      Optional<String> line = Optional.empty();
      if (!context.output(ArgoOutputs.LAST_SEEN).filter(state::equals).isPresent()) {
        keep.put(ArgoOutputs.LAST_SEEN, state);
        String text =
            phase.equals("Succeeded")
                ? Objects.toString(seen.healthMessage(), "")
                : operationMessage(seen);
        line = Optional.of("ArgoCD: " + state + (text.isBlank() ? "" : " — " + text));
      }
      return new StepResult.Running(now.plus(settings.pollInterval()), keep, line);
    }

    private String operationMessage(AppObservation seen) {
      return seen.operation()
          .filter(this::isOurs)
          .map(Operation::message)
          .filter(m -> m != null && !m.isBlank())
          .orElse(seen.healthMessage() == null ? "" : seen.healthMessage());
    }
  }
}
