package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.ApiClient;
import io.helmgate.bot.argocd.client.ApiException;
import io.helmgate.bot.argocd.client.api.ApplicationApi;
import io.helmgate.bot.argocd.client.api.SessionApi;
import io.helmgate.bot.argocd.client.model.Application;
import io.helmgate.bot.argocd.client.model.ApplicationSyncRequest;
import io.helmgate.bot.argocd.client.model.ApplicationSyncWindow;
import io.helmgate.bot.argocd.client.model.ApplicationSyncWindowsResponse;
import io.helmgate.bot.argocd.client.model.GetUserInfoResponse;
import io.helmgate.bot.argocd.client.model.Info;
import io.helmgate.bot.argocd.client.model.OperationState;
import io.helmgate.bot.logging.RemoteText;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.port.SyncStart;
import io.helmgate.domain.port.SyncWindowVerdict;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Deployer} over ArgoCD's REST API, through the client generated from {@code
 * src/main/openapi/argocd.yaml}. Every call names the project, so that a missing application is a
 * 404 and not a 403 (ArgoCD hides the existence of apps a caller may not see).
 */
final class ArgoCdDeployer implements Deployer {

  private static final Logger log = LoggerFactory.getLogger(ArgoCdDeployer.class);

  static final String NOT_CONFIGURED =
      "ArgoCD is not configured (helmgate.argocd.url); the commit landed and auto-sync"
          + " environments will pick it up";

  /** Operation info names, shown in ArgoCD's UI next to the bot's own account. */
  static final String INFO_REQUEST = "helmgate-request";

  static final String INFO_USER = "slack-user";

  /** TerminateOperation's answer when none runs (server/application/application.go). */
  private static final String NO_OPERATION = "No operation is in progress";

  private static final String GET = "applications, get";
  private static final String SYNC = "applications, sync";

  private final ArgoCdProperties properties;
  private final Clock clock;
  private final ApplicationApi api;
  private final SessionApi session;
  private final ArgoCdCalls calls;

  ArgoCdDeployer(ArgoCdProperties properties, Clock clock) {
    this(properties, clock, delay -> Thread.sleep(delay.toMillis()), new Random());
  }

  ArgoCdDeployer(
      ArgoCdProperties properties,
      Clock clock,
      ArgoCdCalls.Sleeper sleeper,
      RandomGenerator random) {
    this.properties = properties;
    this.clock = clock;
    ApiClient client =
        new ApiClient(
            HttpClient.newBuilder()
                .connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER),
            ApiClient.createDefaultObjectMapper(),
            properties.isConfigured() ? properties.url() : null);
    client.setReadTimeout(properties.requestTimeout());
    String authorization = "Bearer " + properties.token();
    client.setRequestInterceptor(
        request -> request.header("Authorization", authorization).header("User-Agent", "helmgate"));
    this.api = new ApplicationApi(client);
    this.session = new SessionApi(client);
    this.calls = new ArgoCdCalls(properties, client.getObjectMapper(), sleeper, random);
  }

  @Override
  public boolean isConfigured() {
    return properties.isConfigured();
  }

  /**
   * Why ArgoCD cannot be used now, or empty when it answers and takes the bot's token. One call, no
   * retry: readiness asks often. ArgoCD answers {@code session/userinfo} without a valid token too,
   * with {@code loggedIn} false (or, in some versions, 401), so both mean "token refused".
   */
  Optional<String> readinessProblem() {
    if (!properties.isConfigured()) {
      return Optional.empty();
    }
    try {
      GetUserInfoResponse who = session.getUserInfo();
      if (who == null || !Boolean.TRUE.equals(who.getLoggedIn())) {
        return Optional.of("ArgoCD does not accept helmgate.argocd.token");
      }
      return Optional.empty();
    } catch (ApiException e) {
      if (e.getCode() == 401) {
        return Optional.of("ArgoCD does not accept helmgate.argocd.token");
      }
      return Optional.of(
          e.getCode() == 0
              ? "ArgoCD at " + properties.url() + " does not answer: " + rootMessage(e)
              : "ArgoCD at " + properties.url() + " answers HTTP " + e.getCode());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : " " + RemoteText.summary(cause.getMessage()));
  }

  @Override
  public DeploymentStatus status(Target target) {
    requireConfigured();
    ArgoCdAddress address = properties.address(target);
    ArgoCdCalls.Context context = new ArgoCdCalls.Context(address, GET, "status read");
    Application app = calls.withRetries(context, false, () -> get(address));
    ApplicationSyncWindowsResponse windows =
        calls.withRetries(context, false, () -> syncWindows(address));
    OperationState state = app.getStatus() == null ? null : app.getStatus().getOperationState();
    List<ApplicationSyncWindow> active =
        windows == null || windows.getActiveWindows() == null
            ? List.of()
            : windows.getActiveWindows();
    return new DeploymentStatus(
        address.display(),
        Applications.orUnknown(
            app.getStatus() == null || app.getStatus().getSync() == null
                ? null
                : app.getStatus().getSync().getStatus()),
        Applications.orUnknown(
            app.getStatus() == null || app.getStatus().getHealth() == null
                ? null
                : app.getStatus().getHealth().getStatus()),
        Applications.revisions(app),
        state == null ? (app.getOperation() == null ? null : "Pending") : state.getPhase(),
        state == null ? null : state.getMessage(),
        Applications.history(app, properties.historyLimit()),
        windows != null && Boolean.TRUE.equals(windows.getCanSync()),
        active.stream().map(Applications::describe).toList());
  }

  // --- the execution pipeline's calls: each is one look or one request, never a retry ----------

  @Override
  public ApplicationFacts facts(Target target) {
    requireConfigured();
    ArgoCdAddress address = properties.address(target);
    Application app = look(address, "read");
    return Observations.facts(address, app);
  }

  @Override
  public SyncWindowVerdict syncWindow(Target target) {
    requireConfigured();
    ArgoCdAddress address = properties.address(target);
    ApplicationSyncWindowsResponse windows =
        calls.once(
            new ArgoCdCalls.Context(address, GET, "sync window read"), () -> syncWindows(address));
    return verdict(windows);
  }

  /**
   * One sync request, marked with the order's request id. The spec is read first only when the
   * order names a revision: a single-source app takes {@code revision}, a multi-source one {@code
   * revisions} with the values source's 1-based {@code sourcePositions}. "Another operation" is
   * read back once, so that the pipeline can tell an operation to adopt (its own, or an auto-sync
   * of its commit) from one to wait for; a sync window is described by one look at the windows.
   */
  @Override
  public SyncStart startSync(Target target, SyncOrder order) {
    requireConfigured();
    ArgoCdAddress address = properties.address(target);
    ArgoCdCalls.Context context = new ArgoCdCalls.Context(address, SYNC, "sync");
    ApplicationSyncRequest request =
        syncRequest(address, order.marker(), order.requestedBy().toString()).prune(order.prune());
    Optional<String> revision = order.revision().map(String::strip).filter(r -> !r.isEmpty());
    if (revision.isPresent()) {
      Application app = look(address, "read");
      Optional<ApplicationFacts.ValuesSource> values = Observations.valuesSource(app.getSpec());
      if (values.isEmpty()) {
        throw calls.noValuesSource(context, revision.get());
      }
      if (values.get().multiSource()) {
        request
            .revisions(List.of(revision.get()))
            .sourcePositions(List.of((long) values.get().position()));
      } else {
        request.revision(revision.get());
      }
    }
    try {
      api.syncApplication(address.name(), request);
      log.info("ArgoCD sync of {} requested for {}", address.display(), order.marker());
      return new SyncStart.Started();
    } catch (ApiException e) {
      DeployerException fault = calls.fault(context, e);
      if (fault.kind() == DeployerException.Kind.BUSY) {
        return busy(address, context, fault);
      }
      if (fault.kind() == DeployerException.Kind.SYNC_WINDOW) {
        return blocked(address, context);
      }
      throw fault;
    }
  }

  @Override
  public AppObservation observe(Target target) {
    requireConfigured();
    ArgoCdAddress address = properties.address(target);
    Application app = look(address, "status read");
    return Observations.observe(app);
  }

  /**
   * Terminates the running operation only when it carries our marker. Argo CD's terminate has no
   * condition on whose operation runs, so the check is a look just before it: an operation that
   * ends in between and is followed at once by another is the one gap (see README).
   */
  @Override
  public boolean terminate(Target target, RequestId marker) {
    requireConfigured();
    ArgoCdAddress address = properties.address(target);
    ArgoCdCalls.Context context = new ArgoCdCalls.Context(address, SYNC, "terminate");
    Application app = look(address, "status read");
    if (app.getOperation() == null
        || !Observations.marker(app.getOperation()).equals(Optional.of(marker.toString()))) {
      return false;
    }
    AppObservation.Operation ours = Observations.observe(app).operation().orElseThrow();
    if (ours.phase().isEmpty()) {
      throw calls.notStartedYet(context);
    }
    try {
      api.terminateOperation(address.name(), address.project(), address.namespaceField());
      log.info("ArgoCD operation of {} on {} terminated", marker, address.display());
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 400 && calls.argoMessage(e).contains(NO_OPERATION)) {
        return false;
      }
      throw calls.fault(context, e);
    }
  }

  private SyncStart busy(
      ArgoCdAddress address, ArgoCdCalls.Context context, DeployerException busy) {
    Application app;
    try {
      app = get(address);
    } catch (ApiException e) {
      throw calls.busyButGone(context, busy);
    }
    return Observations.observe(app)
        .operation()
        .<SyncStart>map(SyncStart.Busy::new)
        .orElseThrow(() -> calls.busyButGone(context, busy));
  }

  private SyncStart blocked(ArgoCdAddress address, ArgoCdCalls.Context context) {
    try {
      SyncWindowVerdict verdict = verdict(syncWindows(address));
      if (!verdict.windows().isEmpty()) {
        return new SyncStart.Blocked(String.join("; ", verdict.windows()));
      }
    } catch (ApiException e) {
      log.warn(
          "could not read the sync windows of {} after a refusal: {}",
          address.display(),
          calls.fault(context, e).getMessage());
    }
    return new SyncStart.Blocked(calls.blockedWindowUnknown(context));
  }

  /**
   * The windows that decide: when a sync is refused, the active deny windows that do not let manual
   * syncs through, else the allow windows none of which is open (types.go {@code
   * SyncWindows.CanSync}); when it is allowed, the active windows.
   */
  private static SyncWindowVerdict verdict(ApplicationSyncWindowsResponse windows) {
    boolean canSync = windows != null && Boolean.TRUE.equals(windows.getCanSync());
    List<ApplicationSyncWindow> active =
        windows == null || windows.getActiveWindows() == null
            ? List.of()
            : windows.getActiveWindows();
    List<ApplicationSyncWindow> assigned =
        windows == null || windows.getAssignedWindows() == null
            ? List.of()
            : windows.getAssignedWindows();
    if (canSync) {
      return new SyncWindowVerdict(true, active.stream().map(Applications::describe).toList());
    }
    List<String> denying =
        active.stream()
            .filter(w -> "deny".equals(w.getKind()) && !Boolean.TRUE.equals(w.getManualSync()))
            .map(w -> Applications.describe(w) + ", active now")
            .toList();
    if (!denying.isEmpty()) {
      return new SyncWindowVerdict(false, denying);
    }
    return new SyncWindowVerdict(
        false,
        assigned.stream()
            .filter(w -> "allow".equals(w.getKind()))
            .map(w -> Applications.describe(w) + ", not open now")
            .toList());
  }

  private ApplicationSyncRequest syncRequest(
      ArgoCdAddress address, RequestId marker, String requestedBy) {
    return new ApplicationSyncRequest()
        .name(address.name())
        .project(address.project())
        .appNamespace(address.namespaceField())
        .infos(List.of(info(INFO_REQUEST, marker.toString()), info(INFO_USER, requestedBy)));
  }

  /** One look at the application, no retry: the pipeline's calls retry as steps. */
  private Application look(ArgoCdAddress address, String doing) {
    return calls.once(new ArgoCdCalls.Context(address, GET, doing), () -> get(address));
  }

  private Application get(ArgoCdAddress address) throws ApiException {
    return api.getApplication(address.name(), address.project(), null, address.namespaceField());
  }

  private ApplicationSyncWindowsResponse syncWindows(ArgoCdAddress address) throws ApiException {
    return api.getApplicationSyncWindows(
        address.name(), address.project(), address.namespaceField());
  }

  private void requireConfigured() {
    if (!properties.isConfigured()) {
      throw new DeployerException(DeployerException.Kind.NOT_CONFIGURED, NOT_CONFIGURED);
    }
  }

  private static Info info(String name, String value) {
    return new Info().name(name).value(value);
  }
}
