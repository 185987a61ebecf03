package io.helmgate.domain.execution;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.AppObservation.Condition;
import io.helmgate.domain.port.AppObservation.Operation;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.ApplicationFacts.ValuesSource;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeployerException.Kind;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.port.SyncStart;
import io.helmgate.domain.port.SyncWindowVerdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stateful Argo CD at the level of the {@link Deployer} port, for domain tests: applications
 * whose operations are requested, start later, run, end, and may be followed by an auto-sync, all
 * on the test's {@link Clock}. Nothing happens between calls: each call first does whatever fell
 * due since the last one, so a test moves its clock and calls again.
 *
 * <pre>{@code
 * FakeArgoCd argo = new FakeArgoCd(clock);
 * FakeArgoCd.App app = argo.app(PROD).deployed(OLD_SHA);   // tracks "main", manual sync
 * app.push(NEW_SHA);                                        // what Helmgate's commit does
 * argo.startSync(PROD, order);                              // Started; runs 1 s later, for 2 s
 * clock.advance(Duration.ofSeconds(10));
 * argo.observe(PROD);                                       // Succeeded at NEW_SHA, Healthy
 * }</pre>
 *
 * <p>What it models, each as Argo CD does it (see {@code bot/.../argocd/README.md}): one operation
 * at a time ({@code Busy} otherwise, never queued); a sync clears the last operation state and
 * shows the requested one with no phase; the synced revision is what the request resolved the
 * target to, or the named revision; an auto-synced app refuses a named revision; sync and health
 * keep describing the state before an operation until the controller compares the app again, {@link
 * #reconcileAfter} after it ended; timestamps on the controller's clock ({@link
 * #controllerClockOffset}), in whole seconds; deny windows; a repo-server outage; RBAC denial; an
 * answer lost after the operation was taken. Not modelled: hooks, retries, resource trees, a real
 * git history ({@code contains} is the test's business).
 */
public final class FakeArgoCd implements Deployer {

  /** The token's subject: {@code initiatedBy} of Helmgate's operations. */
  public static final String SUBJECT = "helmgate";

  static final String REPO_SERVER_DOWN =
      "error resolving repo revision: rpc error: code = Unavailable desc = connection error: desc"
          + " = \"transport: Error while dialing: dial tcp 10.96.113.108:8081: connect: connection"
          + " refused\"";

  private final Clock clock;
  private final Map<Target, App> apps = new LinkedHashMap<>();
  private final List<SyncOrder> syncRequests = new ArrayList<>();
  private final List<RequestId> terminations = new ArrayList<>();
  private boolean configured = true;
  private Duration clockOffset = Duration.ZERO;
  private Duration startDelay = Duration.ofSeconds(1);
  private Duration runFor = Duration.ofSeconds(2);
  private Duration reconcileDelay = Duration.ofSeconds(1);
  private Instant outageUntil = Instant.MIN;
  private int failingCalls;
  private boolean loseNextSyncAnswer;
  private String deniedAction;
  private List<String> denyWindows = List.of();

  /** An Argo CD whose controller reads {@code clock} (moved by the test). */
  public FakeArgoCd(Clock clock) {
    this.clock = clock;
  }

  // ---------------------------------------------------------------- configuration, for tests

  /** The application of {@code target}, created on first use: manual sync, tracks {@code main}. */
  public App app(Target target) {
    return apps.computeIfAbsent(target, App::new);
  }

  /** Makes {@link #isConfigured()} false, as the embedded default is. */
  public FakeArgoCd unconfigured() {
    configured = false;
    return this;
  }

  /** Puts the controller's clock {@code offset} away from the test's (negative: behind). */
  public FakeArgoCd controllerClockOffset(Duration offset) {
    clockOffset = offset;
    return this;
  }

  /** How long a requested operation waits before the controller starts it (default 1 s). */
  public FakeArgoCd operationsStartAfter(Duration delay) {
    startDelay = delay;
    return this;
  }

  /** How long an operation runs once started (default 2 s). */
  public FakeArgoCd operationsRunFor(Duration duration) {
    runFor = duration;
    return this;
  }

  /** How long after an operation ends the controller compares the app again (default 1 s). */
  public FakeArgoCd reconcileAfter(Duration delay) {
    reconcileDelay = delay;
    return this;
  }

  /** Every call until {@code until} throws a transient fault: the repo server is unreachable. */
  public FakeArgoCd repoServerDownUntil(Instant until) {
    outageUntil = until;
    return this;
  }

  /** The next {@code calls} calls (any of them) throw a transient fault. */
  public FakeArgoCd failNextCalls(int calls) {
    failingCalls = calls;
    return this;
  }

  /** The next sync is taken, but its answer is lost: the caller sees a transient fault. */
  public FakeArgoCd loseNextSyncAnswer() {
    loseNextSyncAnswer = true;
    return this;
  }

  /** The bot's account may not do {@code action} ({@code get} or {@code sync}). */
  public FakeArgoCd denyRbac(String action) {
    deniedAction = action;
    return this;
  }

  /** Deny windows active now, described as people read them; none to open all windows again. */
  public FakeArgoCd denyWindows(String... descriptions) {
    denyWindows = List.of(descriptions);
    return this;
  }

  // ---------------------------------------------------------------- what the test can check

  /** Every sync Argo CD took (not those refused as busy or blocked), in order. */
  public List<SyncOrder> syncRequests() {
    return List.copyOf(syncRequests);
  }

  /** The markers of the operations terminated. */
  public List<RequestId> terminations() {
    return List.copyOf(terminations);
  }

  // ---------------------------------------------------------------- the port

  @Override
  public boolean isConfigured() {
    return configured;
  }

  @Override
  public ApplicationFacts facts(Target target) {
    App app = look(target, "get");
    return new ApplicationFacts(
        app.name, app.autoSync, app.autoPrune, app.selfHeal, app.valuesSource());
  }

  @Override
  public SyncWindowVerdict syncWindow(Target target) {
    look(target, "get");
    return new SyncWindowVerdict(denyWindows.isEmpty(), denyWindows);
  }

  @Override
  public SyncStart startSync(Target target, SyncOrder order) {
    App app = look(target, "get");
    if (!denyWindows.isEmpty()) {
      return new SyncStart.Blocked(String.join("; ", denyWindows));
    }
    enforce(app, "sync");
    if (order.revision().isPresent() && app.autoSync) {
      throw new DeployerException(
          Kind.REJECTED,
          "ArgoCD application `"
              + app.name
              + "` is auto-synced: Cannot sync to "
              + order.revision().get()
              + ": auto-sync currently set to "
              + app.trackedRevision);
    }
    if (app.current != null && !app.current.ended()) {
      return new SyncStart.Busy(app.current.view());
    }
    syncRequests.add(order);
    app.request(
        new Op(
            app,
            Optional.of(order.marker().toString()),
            false,
            SUBJECT,
            order.revision().orElse(app.resolvedTarget()),
            order.prune(),
            now().plus(startDelay)));
    if (loseNextSyncAnswer) {
      loseNextSyncAnswer = false;
      throw new DeployerException(Kind.UNAVAILABLE, "ArgoCD did not answer the sync in time");
    }
    return new SyncStart.Started();
  }

  @Override
  public AppObservation observe(Target target) {
    App app = look(target, "get");
    return app.observation();
  }

  @Override
  public boolean terminate(Target target, RequestId marker) {
    App app = look(target, "get");
    enforce(app, "sync");
    Op op = app.current;
    if (op == null || op.ended() || !op.marker.equals(Optional.of(marker.toString()))) {
      return false;
    }
    if (op.startedAt == null) {
      throw new DeployerException(
          Kind.BUSY, "the operation is requested but not started yet; try again");
    }
    terminations.add(marker);
    op.phase = "Terminating";
    // The controller ends a terminated operation Failed at its next look.
    op.end(now(), "Failed", "Operation terminated", false);
    return true;
  }

  @Override
  public DeploymentStatus status(Target target) {
    App app = look(target, "get");
    AppObservation seen = app.observation();
    return new DeploymentStatus(
        app.name,
        seen.syncStatus(),
        seen.health(),
        seen.valuesRevision().map(List::of).orElse(List.of()),
        seen.operation().flatMap(Operation::phase).orElse(""),
        seen.operation().map(Operation::message).orElse(""),
        List.of(),
        denyWindows.isEmpty(),
        denyWindows);
  }

  // ---------------------------------------------------------------- the controller

  private App look(Target target, String action) {
    Instant now = clock.instant();
    if (failingCalls > 0) {
      failingCalls--;
      throw new DeployerException(Kind.UNAVAILABLE, REPO_SERVER_DOWN);
    }
    if (now.isBefore(outageUntil)) {
      throw new DeployerException(Kind.UNAVAILABLE, REPO_SERVER_DOWN);
    }
    App app = apps.get(target);
    if (app == null) {
      throw new DeployerException(
          Kind.NOT_FOUND, "ArgoCD has no application for " + target + " in project default");
    }
    enforce(app, action);
    app.catchUp(now);
    return app;
  }

  private void enforce(App app, String action) {
    if (action.equals(deniedAction) || "get".equals(deniedAction)) {
      throw new DeployerException(
          Kind.PERMISSION_DENIED,
          "permission denied: applications, "
              + action
              + ", default/"
              + app.name
              + ", sub: "
              + SUBJECT
              + ". Add to Argo CD's RBAC: p, "
              + SUBJECT
              + ", applications, "
              + action
              + ", default/"
              + app.name
              + ", allow");
    }
  }

  private Instant now() {
    return clock.instant();
  }

  /** The controller's clock, in whole seconds as Kubernetes writes timestamps. */
  private Instant controller(Instant botTime) {
    return botTime.plus(clockOffset).truncatedTo(ChronoUnit.SECONDS);
  }

  /** One application and its controller's view of it. */
  public final class App {
    private final String name;
    private boolean autoSync;
    private boolean autoPrune;
    private boolean selfHeal;
    private int position;
    private boolean gitValues = true;
    private String repoUrl = "https://git.example/values.git";
    private String trackedRevision = "main";
    private String branchHead = "0000000000000000000000000000000000000000";
    private String otherHead;
    private Duration autoSyncAfterPush;
    private boolean followedByAutoSync;
    private Duration followOnDelay = Duration.ZERO;
    private String syncStatus = "Synced";
    private String deployedRevision;
    private String health = "Healthy";
    private String healthMessage = "";
    private String healthAfterSync = "Healthy";
    private Duration healthSettlesAfter = Duration.ZERO;
    private String healthThen = "Healthy";
    private String endPhase = "Succeeded";
    private String endMessage = "successfully synced (all tasks run)";
    private List<Condition> endConditions = List.of();
    private String followOnPhase;
    private String followOnMessage;
    private List<Condition> conditions = List.of();
    private int leftForPruning;
    private int awaitingPrune;
    private Instant reconciledAt;
    private String comparedRevision;
    private Op current;
    private Instant nextAutoSync;
    private Instant settleAt;
    private Instant comparison;
    private Op compareAfter;

    private App(Target target) {
      this.name = target.customer() + "-" + target.product() + "-" + target.environment();
      this.deployedRevision = branchHead;
      this.comparedRevision = branchHead;
      this.reconciledAt = controller(now());
    }

    /** Argo CD's name of the application. */
    public String name() {
      return name;
    }

    /** Auto-synced ({@code syncPolicy.automated}), with or without its own prune. */
    public App autoSync(boolean prune) {
      autoSync = true;
      autoPrune = prune;
      return this;
    }

    /** Self-heal on an auto-synced app: after each operation of ours, one of Argo CD's own. */
    public App selfHeal() {
      selfHeal = true;
      return followedByAutoSync();
    }

    /** The values source is {@code spec.sources[position-1]} (0: the only source). */
    public App valuesAt(int position) {
      this.position = position;
      return this;
    }

    /** No source Helmgate can identify as the values source (e.g. a Helm chart only). */
    public App noGitValuesSource() {
      gitValues = false;
      return this;
    }

    /** What the values source's {@code targetRevision} says (default {@code main}). */
    public App tracks(String targetRevision) {
      trackedRevision = targetRevision;
      return this;
    }

    /**
     * What the tracked revision resolves to, whatever Helmgate pushes: another branch's head, or a
     * pinned commit. Without it, the target resolves to the last {@link #push}.
     */
    public App resolvesTo(String revision) {
      otherHead = revision;
      return this;
    }

    /** The app runs {@code revision}, Synced and Healthy, and its branch's head is it. */
    public App deployed(String revision) {
      branchHead = revision;
      deployedRevision = revision;
      comparedRevision = revision;
      return this;
    }

    /** A commit lands on the values branch (what Helmgate's commit step does). */
    public App push(String sha) {
      branchHead = sha;
      if (autoSync && autoSyncAfterPush != null) {
        nextAutoSync = now().plus(autoSyncAfterPush);
      }
      return this;
    }

    /** An auto-synced app starts its own operation this long after a push (webhook or poll). */
    public App autoSyncsAfterPush(Duration delay) {
      autoSyncAfterPush = delay;
      return this;
    }

    /**
     * On an auto-synced app, each operation of Helmgate's that ends is followed at once by one of
     * Argo CD's own, which takes its place in {@code operationState} (argo-cd #5592).
     */
    public App followedByAutoSync() {
      return followedByAutoSync(Duration.ZERO);
    }

    /** As {@link #followedByAutoSync()}, the follow-on starting {@code after} ours ended. */
    public App followedByAutoSync(Duration after) {
      followedByAutoSync = true;
      followOnDelay = after;
      return this;
    }

    /** The next operations end {@code phase} ({@code Failed}, {@code Error}) with these. */
    public App operationsEnd(String phase, String message, Condition... conditions) {
      endPhase = phase;
      endMessage = message;
      endConditions = List.of(conditions);
      return this;
    }

    /** Argo CD's own operations that follow ours end {@code phase}, with {@code message}. */
    public App followOnsEnd(String phase, String message) {
      followOnPhase = phase;
      followOnMessage = message;
      return this;
    }

    /** Health once the controller compared the app after a successful sync (default Healthy). */
    public App healthAfterSync(String health) {
      return healthAfterSync(health, Duration.ZERO, health);
    }

    /** Health {@code first} after a sync, becoming {@code then} {@code after} later. */
    public App healthAfterSync(String first, Duration after, String then) {
      healthAfterSync = first;
      healthSettlesAfter = after;
      healthThen = then;
      return this;
    }

    /** A sync without prune leaves this many resources that require pruning. */
    public App leavesForPruning(int resources) {
      leftForPruning = resources;
      return this;
    }

    Optional<ValuesSource> valuesSource() {
      return gitValues
          ? Optional.of(new ValuesSource(position, repoUrl, trackedRevision))
          : Optional.empty();
    }

    String resolvedTarget() {
      return otherHead != null ? otherHead : branchHead;
    }

    void request(Op op) {
      current = op;
    }

    /** Does, in order, whatever fell due up to {@code now}: one event at a time, earliest first. */
    void catchUp(Instant now) {
      while (true) {
        Instant due = null;
        Runnable action = null;
        if (nextAutoSync != null && (current == null || current.ended())) {
          Instant at = nextAutoSync;
          due = at;
          action =
              () -> {
                nextAutoSync = null;
                current = automated(at);
                current.start(at);
              };
        }
        if (current != null && !current.ended()) {
          Op op = current;
          Instant at = op.startedAt == null ? op.startAt : op.startAt.plus(runFor);
          if (due == null || at.isBefore(due)) {
            due = at;
            action =
                op.startedAt == null
                    ? () -> op.start(at)
                    : op.automated && followOnPhase != null
                        ? () -> op.end(at, followOnPhase, followOnMessage, false)
                        : () -> op.end(at, endPhase, endMessage, !op.automated);
          }
        }
        if (comparison != null && (due == null || comparison.isBefore(due))) {
          Instant at = comparison;
          due = at;
          action = () -> compared(at);
        }
        if (settleAt != null && (due == null || settleAt.isBefore(due))) {
          due = settleAt;
          action =
              () -> {
                health = healthThen;
                healthMessage = "";
                settleAt = null;
              };
        }
        if (due == null || due.isAfter(now)) {
          return;
        }
        action.run();
      }
    }

    private Op automated(Instant at) {
      return new Op(this, Optional.empty(), true, "auto-sync", resolvedTarget(), autoPrune, at);
    }

    AppObservation observation() {
      return new AppObservation(
          current == null ? Optional.empty() : Optional.of(current.view()),
          current != null && !current.ended(),
          syncStatus,
          gitValues ? Optional.of(comparedRevision) : Optional.empty(),
          health,
          healthMessage,
          conditions,
          Optional.of(reconciledAt),
          awaitingPrune);
    }

    /** The controller compares the app {@code reconcileDelay} after an operation ended. */
    private void compared(Instant botTime) {
      Op op = compareAfter;
      comparison = null;
      compareAfter = null;
      reconciledAt = controller(botTime);
      comparedRevision = resolvedTarget();
      if (op.succeeded()) {
        awaitingPrune = op.prune ? 0 : leftForPruning;
      }
      // status.sync is written by the comparison only: until then it is the state before.
      syncStatus =
          deployedRevision.equals(comparedRevision) && awaitingPrune == 0 ? "Synced" : "OutOfSync";
      if (op.succeeded()) {
        health = healthAfterSync;
        healthMessage = health.equals("Healthy") ? "" : "Deployment is " + health.toLowerCase();
        settleAt = healthSettlesAfter.isZero() ? null : botTime.plus(healthSettlesAfter);
      }
    }
  }

  /** One operation: requested, then started, then ended. */
  private final class Op {
    final App app;
    final Optional<String> marker;
    final boolean automated;
    final String initiatedBy;
    final String revision;
    final boolean prune;
    final Instant startAt;
    Instant startedAt;
    Instant finishedAt;
    String phase;
    String message = "";

    Op(
        App app,
        Optional<String> marker,
        boolean automated,
        String initiatedBy,
        String revision,
        boolean prune,
        Instant startAt) {
      this.app = app;
      this.marker = marker;
      this.automated = automated;
      this.initiatedBy = initiatedBy;
      this.revision = revision;
      this.prune = prune;
      this.startAt = startAt;
    }

    boolean ended() {
      return finishedAt != null;
    }

    boolean succeeded() {
      return "Succeeded".equals(phase);
    }

    void start(Instant at) {
      startedAt = controller(at);
      phase = "Running";
      message = "one or more tasks are running";
    }

    /** Ends the operation at {@code at} (bot's clock); a follow-on may start at once. */
    void end(Instant at, String endPhase, String endMessage, boolean mayFollow) {
      finishedAt = controller(at);
      phase = endPhase;
      message = endMessage;
      if (succeeded()) {
        app.deployedRevision = revision;
        app.conditions = List.of();
      } else {
        app.conditions = app.endConditions;
      }
      // Until the controller compares the app again, sync and health describe the old state.
      app.comparison = at.plus(reconcileDelay);
      app.compareAfter = this;
      if (mayFollow && app.followedByAutoSync && app.autoSync) {
        app.nextAutoSync = at.plus(app.followOnDelay);
      }
    }

    Operation view() {
      return new Operation(
          marker,
          automated,
          initiatedBy,
          Optional.ofNullable(phase),
          message,
          Optional.ofNullable(startedAt),
          Optional.ofNullable(finishedAt),
          Optional.of(revision));
    }
  }
}
