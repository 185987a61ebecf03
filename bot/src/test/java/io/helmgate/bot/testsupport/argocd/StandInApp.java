package io.helmgate.bot.testsupport.argocd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One Argo CD Application of the {@link ArgoCdStandIn}: its spec (set by the test), and the state
 * the stand-in's controller gives it over time. Setters return the app, so a test reads like the
 * Application it describes:
 *
 * <pre>{@code
 * argo.app("acme-payments-prod")
 *     .project("payments")
 *     .multiSource("https://charts.example.org", "payments-api", "2.7.1", VALUES_REPO, "main")
 *     .autoSync(true).selfHeal(true)
 *     .deployed(OLD_SHA);
 * }</pre>
 *
 * <p>What the controller does, and where Argo CD does the same: an operation requested by a sync
 * (or by auto-sync) is started after {@link ArgoCdStandIn#operationsStartAfter} with phase Running
 * and {@code startedAt} on the controller's clock, runs for {@link ArgoCdStandIn#afterSyncRunFor}
 * and ends Succeeded, Failed or Error, clearing the top-level {@code operation} in the same update
 * (controller/appcontroller.go {@code processRequestedAppOperation}, {@code setOperationState}).
 * The app is compared again {@link ArgoCdStandIn#reconcileAfter} later: {@code reconciledAt},
 * {@code status.sync} (the target revision resolved now against what is deployed) and health
 * (Progressing for {@link ArgoCdStandIn#progressingFor}, then Healthy or Degraded). An auto-synced
 * app that compares OutOfSync gets an automated operation unless its last one already tried those
 * revisions (appcontroller.go {@code autoSync}, {@code alreadyAttemptedSync}); self-heal repeats a
 * successful one when the live state drifted.
 */
public final class StandInApp {

  /** A managed Kubernetes resource. */
  record Resource(String group, String version, String kind, String namespace, String name) {
    String key() {
      return group + "/" + kind + "/" + namespace + "/" + name;
    }
  }

  /** One source of the spec. */
  record Source(
      String repoUrl,
      String path,
      String chart,
      String targetRevision,
      String ref,
      List<String> valueFiles) {

    boolean isHelm() {
      return chart != null;
    }

    Source withTargetRevision(String revision) {
      return new Source(repoUrl, path, chart, revision, ref, valueFiles);
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("repoURL", repoUrl);
      putIf(json, "path", path);
      putIf(json, "targetRevision", targetRevision);
      putIf(json, "chart", chart);
      putIf(json, "ref", ref);
      if (!valueFiles.isEmpty()) {
        json.put("helm", Map.of("valueFiles", valueFiles));
      }
      return json;
    }
  }

  /**
   * An operation as Argo CD stores it in {@code operation} and in {@code
   * status.operationState.operation}.
   */
  record Op(
      String username,
      boolean automated,
      List<Map<String, String>> info,
      List<String> revisions,
      boolean prune,
      int retryLimit) {

    Optional<String> marker() {
      return info.stream()
          .filter(i -> "helmgate-request".equals(i.get("name")))
          .map(i -> i.get("value"))
          .findFirst();
    }
  }

  /** An operation's record in {@code status.operationState}. */
  static final class OpState {
    final Op op;
    String phase = "Running";
    String message = "one or more tasks are running";
    final Instant startedAt;
    Instant finishedAt;
    final List<Map<String, Object>> resources = new ArrayList<>();

    OpState(Op op, Instant startedAt) {
      this.op = op;
      this.startedAt = startedAt;
    }

    boolean completed() {
      return Set.of("Succeeded", "Failed", "Error").contains(phase);
    }
  }

  /**
   * An operation the stand-in ran, for tests to look at.
   *
   * @param initiatedBy the token's subject, another user, or {@code auto-sync}
   * @param marker the {@code helmgate-request} info, when it carried one
   * @param revisions the revisions it synced, one per source
   * @param phase how it ended, or its phase now
   */
  public record Operation(
      String initiatedBy,
      boolean automated,
      Optional<String> marker,
      List<String> revisions,
      boolean prune,
      String phase) {}

  private final ArgoCdStandIn argo;
  private final String name;
  private int refreshChain;
  private String namespace = "argocd";
  private String project = "default";
  private final List<Source> sources = new ArrayList<>();
  private boolean multiSource;
  private boolean autoSync;
  private boolean autoPrune;
  private boolean selfHeal;
  private final List<SyncWindow> windows = new ArrayList<>();
  private final Set<String> denied = new LinkedHashSet<>();

  private String nextFailure;
  private String degradedMessage;
  private boolean driftAfterNextSync;
  private final List<Resource> removedByNextSync = new ArrayList<>();

  private List<String> deployed;
  private final List<Resource> live = new ArrayList<>();
  private final List<Resource> leftover = new ArrayList<>();
  private boolean drift;
  private Op operation;
  private OpState state;
  private String syncStatus = "Unknown";
  private List<String> syncRevisions = List.of();
  private String health = "Missing";
  private String healthMessage = "";
  private Instant healthSince;
  private Instant healthSettlesAt;
  private String settledHealth = "Healthy";
  private String settledMessage = "";
  private final List<Map<String, Object>> conditions = new ArrayList<>();
  private final List<Map<String, Object>> history = new ArrayList<>();
  private Instant reconciledAt;
  private long nextHistoryId = 1;
  private final List<OpState> ran = new ArrayList<>();

  StandInApp(ArgoCdStandIn argo, String name, Instant now) {
    this.argo = argo;
    this.name = name;
    live.add(new Resource("apps", "v1", "Deployment", name, name));
    live.add(new Resource("", "v1", "Service", name, name));
    sources.add(
        new Source(
            "https://git.example.org/ops/deploy-values.git", name, null, "HEAD", null, List.of()));
    restartPeriodicRefresh(now);
  }

  // --- the spec ---------------------------------------------------------------------------------

  /** The AppProject; {@code default} unless set. */
  public StandInApp project(String project) {
    return change(() -> this.project = project);
  }

  /** The namespace of the Application resource; {@code argocd} (Argo CD's own) unless set. */
  public StandInApp namespace(String namespace) {
    return change(() -> this.namespace = namespace);
  }

  /** One git source, tracking {@code HEAD} ({@code spec.source}). */
  public StandInApp singleSource(String repoUrl, String path) {
    return change(
        () -> {
          sources.clear();
          sources.add(new Source(repoUrl, path, null, "HEAD", null, List.of()));
          multiSource = false;
        });
  }

  /** One Helm chart source and no git source: no values commit can be named for it. */
  public StandInApp helmChartOnly(String chartRepo, String chart, String version) {
    return change(
        () -> {
          sources.clear();
          sources.add(new Source(chartRepo, null, chart, version, null, List.of()));
          multiSource = false;
        });
  }

  /**
   * A Helm chart from {@code chartRepo} (position 1) whose values file comes from the {@code ref:
   * values} source in {@code valuesRepo} (position 2), tracking {@code valuesRevision}.
   */
  public StandInApp multiSource(
      String chartRepo,
      String chart,
      String chartVersion,
      String valuesRepo,
      String valuesRevision) {
    return change(
        () -> {
          sources.clear();
          sources.add(
              new Source(
                  chartRepo,
                  null,
                  chart,
                  chartVersion,
                  null,
                  List.of("$values/" + name.replace('-', '/') + "/values.yaml")));
          sources.add(new Source(valuesRepo, null, null, valuesRevision, "values", List.of()));
          multiSource = true;
        });
  }

  /** The values source's {@code repoURL} (e.g. a mirror of the values repository). */
  public StandInApp valuesRepo(String repoUrl) {
    return change(
        () -> {
          int i = valuesIndex();
          Source s = sources.get(i);
          sources.set(
              i,
              new Source(
                  repoUrl, s.path(), s.chart(), s.targetRevision(), s.ref(), s.valueFiles()));
        });
  }

  /** What the values source tracks: {@code HEAD}, a branch, a tag or a pinned commit. */
  public StandInApp tracks(String targetRevision) {
    return change(
        () -> {
          int i = valuesIndex();
          sources.set(i, sources.get(i).withTargetRevision(targetRevision));
        });
  }

  /** {@code spec.syncPolicy.automated} present (on) or absent (off). */
  public StandInApp autoSync(boolean on) {
    return change(() -> autoSync = on);
  }

  /** {@code spec.syncPolicy.automated.prune}. */
  public StandInApp autoPrune(boolean on) {
    return change(() -> autoPrune = on);
  }

  /** {@code spec.syncPolicy.automated.selfHeal}. */
  public StandInApp selfHeal(boolean on) {
    return change(() -> selfHeal = on);
  }

  /** Adds a sync window of the app's project. */
  public StandInApp syncWindow(SyncWindow window) {
    return change(() -> windows.add(window));
  }

  /** Removes the project's sync windows. */
  public StandInApp noSyncWindows() {
    return change(windows::clear);
  }

  /**
   * Argo CD's RBAC denies the token {@code action} on this app: {@code get}, {@code sync} or {@code
   * override}.
   */
  public StandInApp denies(String action) {
    return change(() -> denied.add(action));
  }

  // --- what happens next ------------------------------------------------------------------------

  /**
   * Deployed as if synced long ago: the values source at {@code valuesRevision} (other sources at
   * their target revisions), Healthy.
   */
  public StandInApp deployed(String valuesRevision) {
    return change(
        () -> {
          List<String> revisions = new ArrayList<>();
          for (int i = 0; i < sources.size(); i++) {
            revisions.add(i == valuesIndex() ? valuesRevision : sources.get(i).targetRevision());
          }
          deployed = revisions;
          health = "Healthy";
          healthMessage = "";
        });
  }

  /** The next operation ends Failed with {@code message} (e.g. a hook failed). */
  public StandInApp nextSyncFails(String message) {
    return change(() -> nextFailure = message);
  }

  /** After the next successful sync the app becomes Degraded with {@code message}. */
  public StandInApp endsDegraded(String message) {
    return change(() -> degradedMessage = message);
  }

  /**
   * Right after the next successful sync the live state drifts from git (an operator edits a
   * resource): OutOfSync at the same revision, which self-heal syncs again.
   */
  public StandInApp driftsAfterNextSync() {
    return change(() -> driftAfterNextSync = true);
  }

  /**
   * The next sync to another revision no longer has the resource {@code kind/name}: a sync without
   * prune leaves it ("ignored (requires pruning)") and the app OutOfSync.
   */
  public StandInApp nextRevisionRemoves(String kind, String resourceName) {
    return change(
        () -> {
          Resource r = new Resource("", "v1", kind, name, resourceName);
          live.add(r);
          removedByNextSync.add(r);
        });
  }

  /**
   * Someone else's operation is running now (started by {@code username}, or by auto-sync when
   * {@code username} is null) and ends after {@code remaining}.
   */
  public StandInApp operationRunning(String username, Duration remaining) {
    synchronized (argo) {
      Instant now = argo.now();
      Op op =
          new Op(
              username,
              username == null,
              List.of(),
              desiredOrDeployed(),
              false,
              username == null ? 5 : 0);
      operation = op;
      state = new OpState(op, argo.controllerTime(now));
      ran.add(state);
      argo.schedule(now.plus(remaining), this::finish);
    }
    return this;
  }

  // --- for tests to look at ---------------------------------------------------------------------

  /** The operations the controller ran (or runs), oldest first. */
  public List<Operation> operations() {
    synchronized (argo) {
      argo.advance();
      return ran.stream()
          .map(
              s ->
                  new Operation(
                      s.op.automated()
                          ? "auto-sync"
                          : Objects.requireNonNullElse(s.op.username(), "unknown"),
                      s.op.automated(),
                      s.op.marker(),
                      s.op.revisions(),
                      s.op.prune(),
                      s.phase))
          .toList();
    }
  }

  /** The values source's deployed revision, or empty before the first sync. */
  public Optional<String> deployedValuesRevision() {
    synchronized (argo) {
      argo.advance();
      return deployed == null ? Optional.empty() : Optional.of(deployed.get(valuesIndex()));
    }
  }

  /** {@code status.health.status} now. */
  public String health() {
    synchronized (argo) {
      argo.advance();
      return health;
    }
  }

  /** {@code status.sync.status} now. */
  public String syncStatus() {
    synchronized (argo) {
      argo.advance();
      return syncStatus;
    }
  }

  public String name() {
    return name;
  }

  // --- the API server's side --------------------------------------------------------------------

  String namespaceName() {
    return namespace;
  }

  String projectName() {
    return project;
  }

  boolean allows(String action) {
    return !denied.contains(action);
  }

  /** {@code project/name}, or {@code project/namespace/name} outside Argo CD's namespace. */
  String rbacName() {
    return namespace.equals(ArgoCdStandIn.ARGOCD_NAMESPACE)
        ? project + "/" + name
        : project + "/" + namespace + "/" + name;
  }

  /** types.go {@code SyncWindows.CanSync}, with "active" set by the test. */
  boolean canSync(boolean manual) {
    if (windows.isEmpty()) {
      return true;
    }
    List<SyncWindow> active = windows.stream().filter(SyncWindow::active).toList();
    List<SyncWindow> activeDeny = active.stream().filter(w -> w.kind().equals("deny")).toList();
    if (!activeDeny.isEmpty()) {
      return manual && activeDeny.stream().allMatch(SyncWindow::manualSync);
    }
    if (active.stream().anyMatch(w -> w.kind().equals("allow"))) {
      return true;
    }
    List<SyncWindow> inactiveAllow =
        windows.stream().filter(w -> !w.active() && w.kind().equals("allow")).toList();
    if (!inactiveAllow.isEmpty()) {
      return manual && inactiveAllow.stream().allMatch(SyncWindow::manualSync);
    }
    return true;
  }

  Map<String, Object> syncWindowsJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    List<Map<String, Object>> active =
        windows.stream().filter(SyncWindow::active).map(StandInApp::windowJson).toList();
    List<Map<String, Object>> assigned = windows.stream().map(StandInApp::windowJson).toList();
    if (!active.isEmpty()) {
      json.put("activeWindows", active);
    }
    if (!assigned.isEmpty()) {
      json.put("assignedWindows", assigned);
    }
    json.put("canSync", canSync(true));
    return json;
  }

  private static Map<String, Object> windowJson(SyncWindow w) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", w.kind());
    json.put("schedule", w.schedule());
    json.put("duration", w.duration());
    json.put("manualSync", w.manualSync());
    return json;
  }

  boolean isMultiSource() {
    return multiSource;
  }

  int sourceCount() {
    return sources.size();
  }

  Source source(int index) {
    return sources.get(index);
  }

  boolean isAutoSync() {
    return autoSync;
  }

  boolean operationInProgress() {
    return operation != null;
  }

  /**
   * SetAppOperation: set {@code operation}, clear {@code operationState}; the controller starts it.
   */
  void requestOperation(Op op, Instant now) {
    operation = op;
    state = null;
    argo.schedule(now.plus(argo.startDelay()), this::start);
  }

  /** TerminateOperation: only a started operation can be terminated. */
  boolean terminate(Instant now) {
    if (operation == null || state == null) {
      return false;
    }
    state.phase = "Terminating";
    argo.schedule(now.plus(argo.startDelay()), this::finish);
    return true;
  }

  /** A refresh asked for through the API ({@code ?refresh=normal}) or a webhook. */
  void refreshNow(Instant now) {
    reconcile(now);
  }

  boolean uses(String repoUrl) {
    return sources.stream().anyMatch(s -> s.repoUrl().equals(repoUrl));
  }

  // --- the controller ---------------------------------------------------------------------------

  private void start(Instant at) {
    if (operation == null || state != null) {
      return;
    }
    state = new OpState(operation, argo.controllerTime(at));
    ran.add(state);
    argo.schedule(at.plus(argo.runFor()), this::finish);
  }

  private void finish(Instant at) {
    if (state == null || state.completed()) {
      return;
    }
    Instant time = argo.controllerTime(at);
    if (state.phase.equals("Terminating")) {
      end("Failed", "Operation terminated", time, at);
      return;
    }
    if (!canSync(!state.op.automated())) {
      // controller/sync.go: a window that closes on a running operation keeps it Running.
      state.message = "Sync operation blocked by sync window";
      argo.schedule(at.plus(Duration.ofSeconds(1)), this::finish);
      return;
    }
    Optional<String> fault = comparisonFault(at, state.op.revisions());
    if (fault.isPresent()) {
      end("Error", "ComparisonError: " + fault.get(), time, at);
      return;
    }
    if (nextFailure != null) {
      String message = nextFailure;
      nextFailure = null;
      end("Failed", message, time, at);
      return;
    }
    boolean changed = !state.op.revisions().equals(deployed);
    List<Resource> synced = new ArrayList<>(live);
    if (changed) {
      for (Resource removed : removedByNextSync) {
        synced.remove(removed);
        if (state.op.prune()) {
          live.remove(removed);
          state.resources.add(result(removed, "Pruned", "pruned"));
        } else {
          leftover.add(removed);
          state.resources.add(result(removed, "PruneSkipped", "ignored (requires pruning)"));
        }
      }
      removedByNextSync.clear();
    } else if (state.op.prune()) {
      for (Resource extra : List.copyOf(leftover)) {
        synced.remove(extra);
        live.remove(extra);
        leftover.remove(extra);
        state.resources.add(result(extra, "Pruned", "pruned"));
      }
    } else {
      for (Resource extra : leftover) {
        synced.remove(extra);
        state.resources.add(result(extra, "PruneSkipped", "ignored (requires pruning)"));
      }
    }
    for (Resource r : synced) {
      state.resources.add(
          result(r, "Synced", r.kind().toLowerCase() + "/" + r.name() + " configured"));
    }
    deployed = state.op.revisions();
    drift = driftAfterNextSync;
    driftAfterNextSync = false;
    if (changed) {
      healthSettlesAt = at.plus(argo.reconcileDelay()).plus(argo.progressingFor());
      settledHealth = degradedMessage == null ? "Healthy" : "Degraded";
      settledMessage = degradedMessage == null ? "" : degradedMessage;
      degradedMessage = null;
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", nextHistoryId++);
    putRevisions(entry, deployed);
    entry.put("deployStartedAt", ArgoCdStandIn.time(state.startedAt));
    entry.put("deployedAt", ArgoCdStandIn.time(time));
    if (multiSource) {
      entry.put("source", Map.of("repoURL", ""));
      entry.put("sources", sources.stream().map(Source::json).toList());
    } else {
      entry.put("source", sources.get(0).json());
    }
    entry.put("initiatedBy", initiatorJson(state.op));
    history.add(entry);
    end("Succeeded", "successfully synced (all tasks run)", time, at);
  }

  private void end(String phase, String message, Instant time, Instant at) {
    state.phase = phase;
    state.message = message;
    state.finishedAt = time;
    operation = null;
    argo.schedule(at.plus(argo.reconcileDelay()), this::reconcile);
  }

  /** Starts the periodic comparisons again from {@code now}, at the stand-in's current period. */
  void restartPeriodicRefresh(Instant now) {
    int chain = ++refreshChain;
    argo.schedule(now, at -> periodicRefresh(at, chain));
  }

  private void periodicRefresh(Instant at, int chain) {
    if (chain != refreshChain) {
      return; // replaced by a chain at another period
    }
    reconcile(at);
    argo.schedule(at.plus(argo.refreshEvery()), next -> periodicRefresh(next, chain));
  }

  private void reconcile(Instant at) {
    Instant time = argo.controllerTime(at);
    reconciledAt = time;
    conditions.removeIf(c -> "ComparisonError".equals(c.get("type")));
    List<String> desired = new ArrayList<>();
    Optional<String> fault = Optional.empty();
    for (Source source : sources) {
      Optional<String> resolved = resolveForComparison(at, source);
      if (resolved.isEmpty()) {
        fault = Optional.of(comparisonMessage(at, source));
        break;
      }
      desired.add(resolved.get());
    }
    if (fault.isPresent()) {
      syncStatus = "Unknown";
      syncRevisions = List.of();
      conditions.add(condition("ComparisonError", fault.get(), time));
      return;
    }
    syncRevisions = desired;
    boolean synced = desired.equals(deployed) && leftover.isEmpty() && !drift;
    syncStatus = synced ? "Synced" : "OutOfSync";
    if (healthSettlesAt != null && at.isBefore(healthSettlesAt)) {
      setHealth(
          "Progressing",
          "Waiting for rollout to finish: 0 of 1 updated replicas are available...",
          time);
      argo.schedule(healthSettlesAt, this::reconcile);
    } else if (healthSettlesAt != null) {
      healthSettlesAt = null;
      setHealth(settledHealth, settledMessage, time);
    }
    if (!synced && autoSync && operation == null) {
      autoSync(desired, at);
    }
  }

  private void autoSync(List<String> desired, Instant at) {
    boolean pruneOnly = desired.equals(deployed) && !drift && !leftover.isEmpty();
    if (pruneOnly && !autoPrune) {
      return; // "Skipping auto-sync: need to prune extra resources only but automated prune is
      // disabled"
    }
    if (state != null && state.op.revisions().equals(desired) && state.completed()) {
      if (!state.phase.equals("Succeeded")) {
        conditions.removeIf(c -> "SyncError".equals(c.get("type")));
        conditions.add(
            condition(
                "SyncError",
                "Failed last sync attempt to " + desired + ": " + state.message,
                argo.controllerTime(at)));
        return;
      }
      if (!selfHeal) {
        return;
      }
    }
    conditions.removeIf(c -> "SyncError".equals(c.get("type")));
    requestOperation(new Op(null, true, List.of(), desired, autoPrune, 5), at);
  }

  /** The commit or version a source resolves to for a comparison, or empty when it cannot. */
  private Optional<String> resolveForComparison(Instant at, Source source) {
    Outage outage = argo.outageAt(at);
    if (outage == Outage.REPO_SERVER) {
      return Optional.empty();
    }
    if (source.isHelm()) {
      return Optional.of(source.targetRevision());
    }
    if (outage == Outage.GIT_HOST) {
      return Optional.empty();
    }
    return argo.repo(source.repoUrl()).resolve(source.targetRevision());
  }

  private String comparisonMessage(Instant at, Source source) {
    int index = sources.indexOf(source) + 1;
    String why =
        argo.outageAt(at) == Outage.REPO_SERVER
            ? ArgoCdStandIn.REPO_SERVER_UNAVAILABLE
            : argo.outageAt(at) == Outage.GIT_HOST
                ? "rpc error: code = Unknown desc = " + ArgoCdStandIn.gitHostDown(source.repoUrl())
                : "rpc error: code = Unknown desc = unable to resolve '"
                    + source.targetRevision()
                    + "' to a commit SHA: revision not found";
    return "Failed to load target state: failed to generate manifest for source "
        + index
        + " of "
        + sources.size()
        + ": "
        + why;
  }

  /** Why an operation at {@code revisions} cannot generate its manifests now, if it cannot. */
  private Optional<String> comparisonFault(Instant at, List<String> revisions) {
    Outage outage = argo.outageAt(at);
    if (outage == Outage.REPO_SERVER || outage == Outage.GIT_HOST) {
      return Optional.of(comparisonMessage(at, sources.get(valuesIndex())));
    }
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      String revision = revisions.get(i);
      if (!source.isHelm() && !argo.repo(source.repoUrl()).has(revision)) {
        return Optional.of(
            "Failed to load target state: failed to generate manifest for source "
                + (i + 1)
                + " of "
                + sources.size()
                + ": rpc error: code = Unknown desc = failed to initialize repository resources:"
                + " rpc error: code = Internal desc = Failed to fetch default: `git fetch origin "
                + revision
                + " --tags --force --prune` failed exit status 128: fatal: remote error:"
                + " upload-pack: not our ref "
                + revision);
      }
    }
    return Optional.empty();
  }

  private List<String> desiredOrDeployed() {
    List<String> revisions = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      Optional<String> resolved =
          s.isHelm()
              ? Optional.of(s.targetRevision())
              : argo.repo(s.repoUrl()).resolve(s.targetRevision());
      revisions.add(resolved.orElse(deployed == null ? s.targetRevision() : deployed.get(i)));
    }
    return revisions;
  }

  private void setHealth(String status, String message, Instant time) {
    if (!status.equals(health)) {
      healthSince = time;
    }
    health = status;
    healthMessage = message;
  }

  int valuesIndex() {
    if (!multiSource) {
      return 0;
    }
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).ref() != null) {
        return i;
      }
    }
    return 0;
  }

  private StandInApp change(Runnable change) {
    synchronized (argo) {
      argo.advance();
      change.run();
      // Argo CD compares an app again when its spec changes (the informer sees the update).
      argo.schedule(argo.now(), this::reconcile);
    }
    return this;
  }

  // --- JSON -------------------------------------------------------------------------------------

  Map<String, Object> json() {
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("metadata", Map.of("name", name, "namespace", namespace));
    app.put("spec", specJson());
    app.put("status", statusJson());
    if (operation != null) {
      app.put("operation", opJson(operation));
    }
    return app;
  }

  private Map<String, Object> specJson() {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (multiSource) {
      spec.put("sources", sources.stream().map(Source::json).toList());
    } else {
      spec.put("source", sources.get(0).json());
    }
    spec.put("destination", Map.of("server", "https://kubernetes.default.svc", "namespace", name));
    spec.put("project", project);
    Map<String, Object> policy = new LinkedHashMap<>();
    if (autoSync) {
      Map<String, Object> automated = new LinkedHashMap<>();
      if (autoPrune) {
        automated.put("prune", true);
      }
      if (selfHeal) {
        automated.put("selfHeal", true);
      }
      policy.put("automated", automated);
    }
    policy.put("syncOptions", List.of("CreateNamespace=true"));
    spec.put("syncPolicy", policy);
    return spec;
  }

  private Map<String, Object> statusJson() {
    Map<String, Object> status = new LinkedHashMap<>();
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Resource r : live) {
      Map<String, Object> json = resourceJson(r);
      boolean prunable = leftover.contains(r);
      json.put("status", prunable || drift ? "OutOfSync" : syncStatus);
      if (prunable) {
        json.put("requiresPruning", true);
      } else if (r.kind().equals("Deployment")) {
        json.put("health", Map.of("status", health));
      }
      resources.add(json);
    }
    status.put("resources", resources);
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("status", syncStatus);
    Map<String, Object> comparedTo = new LinkedHashMap<>();
    if (multiSource) {
      comparedTo.put("sources", sources.stream().map(Source::json).toList());
    } else {
      comparedTo.put("source", sources.get(0).json());
    }
    comparedTo.put(
        "destination", Map.of("server", "https://kubernetes.default.svc", "namespace", name));
    sync.put("comparedTo", comparedTo);
    putRevisions(sync, syncRevisions);
    status.put("sync", sync);
    Map<String, Object> healthJson = new LinkedHashMap<>();
    healthJson.put("status", health);
    putIf(healthJson, "message", healthMessage);
    if (healthSince != null) {
      healthJson.put("lastTransitionTime", ArgoCdStandIn.time(healthSince));
    }
    status.put("health", healthJson);
    if (!history.isEmpty()) {
      status.put("history", history);
    }
    if (!conditions.isEmpty()) {
      status.put("conditions", conditions);
    }
    if (reconciledAt != null) {
      status.put("reconciledAt", ArgoCdStandIn.time(reconciledAt));
    }
    if (state != null) {
      status.put("operationState", stateJson(state));
    }
    status.put(
        multiSource ? "sourceTypes" : "sourceType",
        multiSource
            ? sources.stream().map(s -> s.isHelm() ? "Helm" : "Directory").toList()
            : (sources.get(0).isHelm() ? "Helm" : "Directory"));
    status.put("controllerNamespace", ArgoCdStandIn.ARGOCD_NAMESPACE);
    return status;
  }

  private Map<String, Object> stateJson(OpState s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("operation", opJson(s.op));
    json.put("phase", s.phase);
    putIf(json, "message", s.message);
    Map<String, Object> result = new LinkedHashMap<>();
    if (!s.resources.isEmpty()) {
      result.put("resources", s.resources);
    }
    putRevisions(result, s.op.revisions());
    if (multiSource) {
      result.put("source", Map.of("repoURL", ""));
      result.put("sources", sources.stream().map(Source::json).toList());
    } else {
      result.put("source", sources.get(0).json());
    }
    json.put("syncResult", result);
    json.put("startedAt", ArgoCdStandIn.time(s.startedAt));
    if (s.finishedAt != null) {
      json.put("finishedAt", ArgoCdStandIn.time(s.finishedAt));
    }
    return json;
  }

  private Map<String, Object> opJson(Op op) {
    Map<String, Object> sync = new LinkedHashMap<>();
    putRevisions(sync, op.revisions());
    if (op.prune()) {
      sync.put("prune", true);
    }
    sync.put("syncOptions", List.of("CreateNamespace=true"));
    if (multiSource) {
      sync.put("sources", sources.stream().map(Source::json).toList());
    } else {
      sync.put("source", sources.get(0).json());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sync", sync);
    json.put("initiatedBy", initiatorJson(op));
    if (!op.info().isEmpty()) {
      json.put("info", op.info());
    }
    if (op.retryLimit() > 0) {
      json.put("retry", Map.of("limit", op.retryLimit()));
    }
    return json;
  }

  private static Map<String, Object> initiatorJson(Op op) {
    Map<String, Object> by = new LinkedHashMap<>();
    putIf(by, "username", op.username());
    if (op.automated()) {
      by.put("automated", true);
    }
    return by;
  }

  /** {@code revision} for a single-source object, {@code revisions} for a multi-source one. */
  private void putRevisions(Map<String, Object> json, List<String> revisions) {
    if (revisions == null || revisions.isEmpty()) {
      return;
    }
    if (multiSource) {
      json.put("revisions", revisions);
    } else {
      json.put("revision", revisions.get(0));
    }
  }

  private static Map<String, Object> resourceJson(Resource r) {
    Map<String, Object> json = new LinkedHashMap<>();
    putIf(json, "group", r.group());
    json.put("version", r.version());
    json.put("kind", r.kind());
    json.put("namespace", r.namespace());
    json.put("name", r.name());
    return json;
  }

  private static Map<String, Object> result(Resource r, String status, String message) {
    Map<String, Object> json = resourceJson(r);
    json.put("status", status);
    json.put("message", message);
    json.put("syncPhase", "Sync");
    return json;
  }

  private static Map<String, Object> condition(String type, String message, Instant time) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", type);
    json.put("message", message);
    json.put("lastTransitionTime", ArgoCdStandIn.time(time));
    return json;
  }

  private static void putIf(Map<String, Object> json, String key, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(key, value);
    }
  }
}
