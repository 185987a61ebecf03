package io.helmgate.domain.execution;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.ApplicationFacts.ValuesSource;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.SyncWindowVerdict;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Before the commit, asks Argo CD whether the change could be proven deployed and synced now:
 * refuses an application whose values source is unknown or that would never deploy the commit
 * Helmgate pushes, and a sync window that blocks it, so that nothing is committed that Argo CD will
 * not deploy. Its outputs ({@link ArgoOutputs#APPLICATION}, {@link ArgoOutputs#AUTO_SYNC}, {@link
 * ArgoOutputs#PRUNE}, {@link ArgoOutputs#VALUES_POSITION}, {@link ArgoOutputs#TRACKED_REVISION})
 * tell {@link StartSync} what to send and {@link AwaitDeployed} what to expect.
 */
public final class ArgoPreflight implements Step {

  /** The step's name. */
  public static final String NAME = "argo-preflight";

  // A window is evaluated by minutes (cron schedules), so looking more often gains nothing.
  private static final Duration WINDOW_LOOK = Duration.ofMinutes(1);

  private final Deployer deployer;
  private final Function<String, ArgoSettings> settings;
  private final String valuesBranch;

  /**
   * @param settings the Argo CD settings of an environment, by its name
   * @param valuesBranch the branch of the values repository Helmgate pushes to
   */
  public ArgoPreflight(
      Deployer deployer, Function<String, ArgoSettings> settings, String valuesBranch) {
    this.deployer = Objects.requireNonNull(deployer, "deployer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.valuesBranch = Objects.requireNonNull(valuesBranch, "valuesBranch");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(StepContext context) {
    return deployer.isConfigured();
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    Target target = request.target();
    ArgoSettings environment = settings.apply(target.environment());
    ApplicationFacts facts;
    SyncWindowVerdict window;
    try {
      facts = deployer.facts(target);
      window = deployer.syncWindow(target);
    } catch (DeployerException e) {
      return Argo.fault(e);
    }
    boolean commits = request.kind() != RequestKind.SYNC;
    Optional<ValuesSource> source = facts.valuesSource();
    if (commits && source.isEmpty()) {
      return StepResult.Failed.because(
          "Argo CD application `"
              + facts.application()
              + "` has no git source Helmgate can identify as the values source, so Helmgate"
              + " could not prove its commit deployed; nothing was committed. Give the application"
              + " either one git source, or a `ref` source of the values repository whose `$ref/`"
              + " prefix the Helm source's `valueFiles` use.");
    }
    if (commits && facts.autoSync()) {
      String tracked = source.orElseThrow().targetRevision();
      if (!tracksValuesBranch(tracked)) {
        return StepResult.Failed.because(refusedTracking(facts.application(), tracked));
      }
    }
    if (!window.canSync()) {
      return blockedByWindow(context, facts.application(), window, environment);
    }
    Map<String, String> output = new LinkedHashMap<>();
    output.put(ArgoOutputs.APPLICATION, facts.application());
    output.put(ArgoOutputs.AUTO_SYNC, Boolean.toString(facts.autoSync()));
    output.put(ArgoOutputs.PRUNE, Boolean.toString(environment.prune().orElse(facts.autoPrune())));
    source.ifPresent(
        s -> {
          output.put(ArgoOutputs.VALUES_POSITION, Integer.toString(s.position()));
          output.put(ArgoOutputs.TRACKED_REVISION, s.targetRevision());
        });
    return new StepResult.Succeeded(output, Optional.empty());
  }

  // An auto-synced app refuses a sync to any revision but its target (resolveSourceRevisions), so
  // only an app that follows the branch Helmgate pushes to will ever deploy Helmgate's commit.
  private boolean tracksValuesBranch(String tracked) {
    return tracked.equals("HEAD") || branch(tracked).equals(branch(valuesBranch));
  }

  private static String branch(String ref) {
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
  }

  private String refusedTracking(String application, String tracked) {
    String what =
        Argo.isSha(tracked)
            ? "is pinned to commit " + Argo.shortSha(tracked)
            : "tracks `" + tracked + "`, not the values branch `" + valuesBranch + "`";
    return "Argo CD application `"
        + application
        + "` is auto-synced and its values source "
        + what
        + ": Argo CD refuses a sync to any other revision and would never deploy Helmgate's"
        + " commit, so nothing was committed. Point the values source's `targetRevision` at `"
        + valuesBranch
        + "` (or `HEAD`), or turn auto-sync off for this application.";
  }

  private StepResult blockedByWindow(
      StepContext context, String application, SyncWindowVerdict window, ArgoSettings settings) {
    String windows =
        window.windows().isEmpty() ? "a sync window" : String.join("; ", window.windows());
    if (context.request().scheduledAt().isEmpty()) {
      return StepResult.Failed.because(
          "Argo CD's sync windows do not allow syncing `"
              + application
              + "` now ("
              + windows
              + "), so nothing was committed. Ask again with `at=<time>` for a time the window"
              + " allows.");
    }
    Instant giveUpAt = context.stepSince().plus(settings.windowWait());
    if (!context.now().isBefore(giveUpAt)) {
      return StepResult.Failed.because(
          "Argo CD's sync windows still did not allow syncing `"
              + application
              + "` after waiting "
              + settings.windowWait().toMinutes()
              + " minutes ("
              + windows
              + "), so nothing was committed. Schedule it again for a time the window allows.");
    }
    Optional<String> line =
        context.attempt() == 0
            ? Optional.of(
                "Waiting for Argo CD's sync window ("
                    + windows
                    + "); nothing is committed until it allows the sync.")
            : Optional.empty();
    Instant next = context.now().plus(WINDOW_LOOK);
    return new StepResult.Running(next.isAfter(giveUpAt) ? giveUpAt : next, Map.of(), line);
  }
}
