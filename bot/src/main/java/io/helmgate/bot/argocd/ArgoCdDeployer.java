package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.ApiClient;
import io.helmgate.bot.argocd.client.api.ApplicationApi;
import io.helmgate.bot.argocd.client.api.SessionApi;
import io.helmgate.bot.argocd.client.model.Application;
import io.helmgate.bot.argocd.client.model.ApplicationSyncRequest;
import io.helmgate.bot.argocd.client.model.ApplicationSyncWindow;
import io.helmgate.bot.argocd.client.model.ApplicationSyncWindowsResponse;
import io.helmgate.bot.argocd.client.model.GetUserInfoResponse;
import io.helmgate.bot.argocd.client.model.Info;
import io.helmgate.bot.argocd.client.model.OperationState;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SyncInfo;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
    } catch (io.helmgate.bot.argocd.client.ApiException e) {
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
        + (cause.getMessage() == null ? "" : " " + cause.getMessage());
  }

  @Override
  public DeploymentStatus status(Target target) {
    requireConfigured();
    String name = properties.applicationName(target);
    String project = properties.project();
    ArgoCdCalls.Context context = new ArgoCdCalls.Context(name, GET, "status read");
    Application app =
        calls.withRetries(context, false, () -> api.getApplication(name, project, null, null));
    ApplicationSyncWindowsResponse windows =
        calls.withRetries(context, false, () -> api.getApplicationSyncWindows(name, project, null));
    OperationState state = app.getStatus() == null ? null : app.getStatus().getOperationState();
    List<ApplicationSyncWindow> active =
        windows == null || windows.getActiveWindows() == null
            ? List.of()
            : windows.getActiveWindows();
    return new DeploymentStatus(
        name,
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

  @Override
  public SyncTicket startSync(Target target, SyncInfo info) {
    requireConfigured();
    String name = properties.applicationName(target);
    Instant requestedAt = clock.instant();
    ApplicationSyncRequest request =
        new ApplicationSyncRequest()
            .name(name)
            .project(properties.project())
            .infos(
                List.of(
                    info(INFO_REQUEST, info.requestId().toString()),
                    info(INFO_USER, info.requestedBy().toString())));
    if (info.revision() != null && !info.revision().isBlank()) {
      pin(name, request, info.revision().strip());
    }
    String requestId = info.requestId().toString();
    ArgoCdCalls.Context context = new ArgoCdCalls.Context(name, SYNC, "sync");
    int[] attempts = {0};
    calls.withRetries(
        context,
        true,
        () -> {
          // A POST that failed on the way back may still have started our operation; a retry
          // would then wait for ourselves as "another operation" until it gives up.
          if (attempts[0]++ > 0 && isOurOperationRunning(name, requestId, requestedAt)) {
            log.info("ArgoCD sync of {} for {} was already started", name, requestId);
            return null;
          }
          return api.syncApplication(name, request);
        });
    log.info("ArgoCD sync of {} requested for {}", name, requestId);
    return new SyncTicket(target, name, requestedAt);
  }

  @Override
  public SyncProgress poll(SyncTicket ticket) {
    requireConfigured();
    String name = ticket.application();
    Application app =
        calls.once(
            new ArgoCdCalls.Context(name, GET, "status read"),
            () -> api.getApplication(name, properties.project(), null, null));
    return ProgressReader.progress(app, ticket.startedAt());
  }

  /**
   * Pins the values revision. A multi-source app ignores {@code revision}; it takes {@code
   * revisions} with 1-based {@code sourcePositions}, and sources not named keep their
   * targetRevision (the chart version stays as declared).
   */
  private void pin(String name, ApplicationSyncRequest request, String revision) {
    Application app =
        calls.withRetries(
            new ArgoCdCalls.Context(name, GET, "status read"),
            false,
            () -> api.getApplication(name, properties.project(), null, null));
    if (!Applications.isMultiSource(app.getSpec())) {
      if (app.getSpec() != null && Applications.isGitSource(app.getSpec().getSource())) {
        request.revision(revision);
      } else {
        log.warn(
            "ArgoCD application {} deploys a chart, not the values repository; syncing to its"
                + " target revision instead of {}",
            name,
            revision);
      }
      return;
    }
    OptionalInt position = Applications.valuesSourcePosition(app.getSpec());
    if (position.isEmpty()) {
      log.warn(
          "ArgoCD application {} has several sources and no `ref` source for its values;"
              + " syncing to the sources' target revisions instead of {}",
          name,
          revision);
      return;
    }
    request.revisions(List.of(revision)).sourcePositions(List.of((long) position.getAsInt()));
  }

  private boolean isOurOperationRunning(String name, String requestId, Instant requestedAt)
      throws io.helmgate.bot.argocd.client.ApiException {
    Application app = api.getApplication(name, properties.project(), null, null);
    if (app.getOperation() == null
        || !requestId.equals(Applications.info(app.getOperation().getInfo(), INFO_REQUEST))) {
      return false;
    }
    OperationState state = app.getStatus() == null ? null : app.getStatus().getOperationState();
    Instant startedAt = state == null ? null : Applications.instant(state.getStartedAt());
    return startedAt == null || !startedAt.isBefore(requestedAt.minus(ProgressReader.CLOCK_SKEW));
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
