package io.helmgate.bot.testsupport.argocd;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful Argo CD that runs in the test's process: an HTTP server answering the part of Argo
 * CD's REST API Helmgate uses, with Argo CD's JSON shapes and its error bodies ({@code
 * {"error","code","message"}}, the gRPC code in {@code code}), whose applications change over time
 * the way Argo CD's application controller changes them. It knows nothing of Helmgate's adapter:
 * tests drive it through its own API and through HTTP only, so the bot under test can be pointed at
 * {@link #url()} with {@link #token()}.
 *
 * <pre>{@code
 * try (ArgoCdStandIn argo = ArgoCdStandIn.start(clock)) {
 *   argo.repo(VALUES_REPO).branch("main", OLD_SHA);
 *   argo.app("acme-payments-prod").project("payments")
 *       .multiSource(CHARTS, "payments-api", "2.7.1", VALUES_REPO, "main")
 *       .deployed(OLD_SHA);
 *   argo.repo(VALUES_REPO).push("main", NEW_SHA);       // what Helmgate's commit does
 *   argo.controllerClockOffset(Duration.ofSeconds(-10)); // the controller's clock is behind
 *   // ... sync through the API, then move the clock on: the operation starts, runs, ends
 * }
 * }</pre>
 *
 * <p>Time: the stand-in reads {@code clock} (a {@code MutableClock} in unit tests, the system clock
 * end to end). Its controller acts on each request, doing first whatever fell due since the last
 * one: starting requested operations after {@link #operationsStartAfter}, ending them after {@link
 * #afterSyncRunFor}, comparing {@link #reconcileAfter} later and every {@link #refreshEvery}
 * (default 120 s, Argo CD's {@code timeout.reconciliation}). Timestamps it writes ({@code
 * startedAt}, {@code finishedAt}, {@code reconciledAt}, {@code deployedAt}) are on the controller's
 * clock, which {@link #controllerClockOffset} can put behind or ahead, in whole seconds as
 * Kubernetes writes them.
 *
 * <p>What the API server does follows server/application/application.go: {@code project} given and
 * app missing (or in another project or namespace) is 404, without {@code project} 403; a sync
 * checks sync windows (403 "cannot sync: blocked by sync window"), then RBAC {@code sync}, then
 * resolves revisions (a named revision of an auto-synced app is 400 code 9 "Cannot sync to …:
 * auto-sync currently set to …"; repo-server and git-host faults are 400 code 9 "error resolving
 * repo revision: …"), then sets the operation (400 code 9 "… another operation is already in
 * progress" when one is set) and clears {@code status.operationState}. {@code sourcePositions} must
 * be JSON numbers (400 code 3 otherwise, as Go's decoder answers). Terminate needs a started
 * operation (400 code 3 "… No operation is in progress").
 *
 * <p>Not modelled: cron evaluation of sync windows (the test opens and closes them), operation
 * retries, hooks, resource trees, and the API's blocking wait on {@code ?refresh=} (the stand-in
 * compares at once).
 */
public final class ArgoCdStandIn implements AutoCloseable {

  /** Argo CD's own namespace, where Applications live unless apps-in-any-namespace is used. */
  public static final String ARGOCD_NAMESPACE = "argocd";

  /** gRPC's answer when argocd-repo-server cannot be dialled (argo-cd #8974, #13752). */
  static final String REPO_SERVER_UNAVAILABLE =
      "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while"
          + " dialing: dial tcp 10.96.113.108:8081: connect: connection refused\"";

  private static final String IAT = "2026-01-05T10:00:00Z";
  private static final Pattern APP_PATH =
      Pattern.compile("/api/v1/applications/([^/]+)(/sync|/syncwindows|/operation)?");
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String INGRESS_503 =
      "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
          + "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
          + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

  /** A request the stand-in received. */
  public record Call(String method, String path, Map<String, List<String>> query, String body) {

    /** The first value of query parameter {@code name}, if sent. */
    public Optional<String> param(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  private record Event(Instant due, long seq, Consumer<Instant> action) {}

  private record Answer(int status, String contentType, String body) {}

  /** An error as grpc-gateway writes it. */
  private static final class ArgoError extends RuntimeException {
    final int status;
    final int code;

    ArgoError(int status, int code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String token = "argocd-stand-in-token";
  private String subject = "helmgate";
  private Duration clockOffset = Duration.ZERO;
  private Duration startDelay = Duration.ofSeconds(1);
  private Duration runFor = Duration.ofSeconds(2);
  private Duration reconcileDelay = Duration.ofSeconds(1);
  private Duration progressingFor = Duration.ofSeconds(2);
  private Duration refreshEvery = Duration.ofSeconds(120);
  private boolean requireOverride;
  private boolean loseNextSyncAnswer;
  private Outage outage;
  private Instant outageFrom;
  private Instant outageUntil;
  private final Map<String, StandInApp> apps = new LinkedHashMap<>();
  private final Map<String, StandInRepo> repos = new LinkedHashMap<>();
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(Comparator.comparing(Event::due).thenComparing(Event::seq));
  private long sequence;
  private final List<Call> calls = new ArrayList<>();

  private ArgoCdStandIn(Clock clock) throws IOException {
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A stand-in on the system clock, listening on a free loopback port. */
  public static ArgoCdStandIn start() {
    return start(Clock.systemUTC());
  }

  /** A stand-in whose controller reads {@code clock}. */
  public static ArgoCdStandIn start(Clock clock) {
    try {
      return new ArgoCdStandIn(clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, for {@code helmgate.argocd.url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The one token the stand-in accepts, for {@code helmgate.argocd.token}. */
  public String token() {
    return token;
  }

  /** The token's subject: {@code initiatedBy.username} of its syncs and {@code sub} in denials. */
  public synchronized ArgoCdStandIn subject(String subject) {
    this.subject = subject;
    return this;
  }

  /** Puts the controller's clock {@code offset} away from the stand-in's (negative: behind). */
  public synchronized ArgoCdStandIn controllerClockOffset(Duration offset) {
    this.clockOffset = offset;
    return this;
  }

  /** How long a requested operation waits before the controller starts it (default 1 s). */
  public synchronized ArgoCdStandIn operationsStartAfter(Duration delay) {
    this.startDelay = delay;
    return this;
  }

  /** How long an operation runs once started (default 2 s). */
  public synchronized ArgoCdStandIn afterSyncRunFor(Duration duration) {
    this.runFor = duration;
    return this;
  }

  /** How long after an operation ends the controller compares the app again (default 1 s). */
  public synchronized ArgoCdStandIn reconcileAfter(Duration delay) {
    this.reconcileDelay = delay;
    return this;
  }

  /** How long health stays Progressing after a sync changed the app (default 2 s). */
  public synchronized ArgoCdStandIn progressingFor(Duration duration) {
    this.progressingFor = duration;
    return this;
  }

  /**
   * The controller's periodic comparison of every app (default 120 s). A new period takes effect at
   * once: every app is compared now, then every {@code period}.
   */
  public synchronized ArgoCdStandIn refreshEvery(Duration period) {
    advance();
    this.refreshEvery = period;
    for (StandInApp app : apps.values()) {
      app.restartPeriodicRefresh(now());
    }
    return this;
  }

  /**
   * argocd-cm {@code application.sync.requireOverridePrivilegeForRevisionSync}: a sync to a
   * revision other than the target revision needs {@code applications, override}.
   */
  public synchronized ArgoCdStandIn requireOverridePrivilegeForRevisionSync(boolean on) {
    this.requireOverride = on;
    return this;
  }

  /** Takes {@code kind} down until {@link #recover()}. */
  public synchronized ArgoCdStandIn outage(Outage kind) {
    advance();
    outage = kind;
    outageFrom = now();
    outageUntil = null;
    return this;
  }

  /** Takes {@code kind} down for {@code duration}; it recovers by itself. */
  public synchronized ArgoCdStandIn outage(Outage kind, Duration duration) {
    outage(kind);
    outageUntil = outageFrom.plus(duration);
    return this;
  }

  /**
   * The next sync request is carried out, but its answer is lost: the connection closes before the
   * client reads anything, as when a proxy or the network drops it.
   */
  public synchronized ArgoCdStandIn loseNextSyncAnswer() {
    loseNextSyncAnswer = true;
    return this;
  }

  /** Ends the outage. */
  public synchronized ArgoCdStandIn recover() {
    advance();
    outage = null;
    return this;
  }

  /** The git repository at {@code url} (created empty on first use). */
  public synchronized StandInRepo repo(String url) {
    return repos.computeIfAbsent(url, u -> new StandInRepo(this, u));
  }

  /**
   * The Application {@code name} (created on first use: project {@code default}, one git source
   * tracking HEAD, not yet deployed).
   */
  public synchronized StandInApp app(String name) {
    return apps.computeIfAbsent(name, n -> new StandInApp(this, n, now()));
  }

  /**
   * A push webhook from the git host for {@code repoUrl}: the apps that use it are compared at once
   * (and auto-synced if they are OutOfSync), without waiting for the periodic refresh.
   */
  public synchronized ArgoCdStandIn webhook(String repoUrl) {
    advance();
    for (StandInApp app : apps.values()) {
      if (app.uses(repoUrl)) {
        app.refreshNow(now());
      }
    }
    return this;
  }

  /** Every request so far, oldest first. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The bodies of the sync requests for {@code app}, parsed, oldest first. */
  public synchronized List<JsonNode> syncRequests(String app) {
    return calls.stream()
        .filter(c -> c.method().equals("POST"))
        .filter(c -> c.path().equals("/api/v1/applications/" + app + "/sync"))
        .map(c -> JSON.readTree(c.body()))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // --- the controller's time --------------------------------------------------------------------

  Instant now() {
    return clock.instant();
  }

  /** Runs everything the controller has due by now, in order. */
  synchronized void advance() {
    Instant now = now();
    while (!events.isEmpty() && !events.peek().due().isAfter(now)) {
      Event event = events.poll();
      event.action().accept(event.due());
    }
  }

  void schedule(Instant due, Consumer<Instant> action) {
    events.add(new Event(due, sequence++, action));
  }

  /** What the controller's clock reads at stand-in time {@code at}, in whole seconds. */
  Instant controllerTime(Instant at) {
    return at.plus(clockOffset).truncatedTo(ChronoUnit.SECONDS);
  }

  Outage outageAt(Instant at) {
    if (outage == null || at.isBefore(outageFrom)) {
      return null;
    }
    return outageUntil == null || at.isBefore(outageUntil) ? outage : null;
  }

  Duration startDelay() {
    return startDelay;
  }

  Duration runFor() {
    return runFor;
  }

  Duration reconcileDelay() {
    return reconcileDelay;
  }

  Duration progressingFor() {
    return progressingFor;
  }

  Duration refreshEvery() {
    return refreshEvery;
  }

  /** metav1.Time's JSON: RFC 3339 in whole seconds. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The git client's answer when the git host does not take connections. */
  static String gitHostDown(String repoUrl) {
    return "failed to list refs: Get \""
        + repoUrl
        + "/info/refs?service=git-upload-pack\": dial tcp 10.0.12.7:443: connect: connection"
        + " refused";
  }

  // --- HTTP -------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Answer answer;
      synchronized (this) {
        String method = exchange.getRequestMethod();
        Map<String, List<String>> query = query(uri.getRawQuery());
        calls.add(new Call(method, uri.getPath(), query, body));
        advance();
        Outage down = outageAt(now());
        if (down == Outage.CONNECTION) {
          return; // closed without an answer
        }
        if (down == Outage.API_SERVER) {
          answer = new Answer(503, "text/html", INGRESS_503);
        } else {
          answer =
              answer(
                  method,
                  uri.getPath(),
                  query,
                  body,
                  exchange.getRequestHeaders().getFirst("Authorization"));
          if (loseNextSyncAnswer && method.equals("POST") && uri.getPath().endsWith("/sync")) {
            loseNextSyncAnswer = false;
            return;
          }
        }
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private Answer answer(
      String method,
      String path,
      Map<String, List<String>> query,
      String body,
      String authorization) {
    try {
      boolean authorized = ("Bearer " + token).equals(authorization);
      if (path.equals("/api/v1/session/userinfo") && method.equals("GET")) {
        // Answered with or without a valid token; omitempty leaves loggedIn out when false.
        return ok(
            authorized ? Map.of("loggedIn", true, "username", subject, "iss", "argocd") : Map.of());
      }
      if (!authorized) {
        throw new ArgoError(
            401,
            16,
            authorization == null
                ? "no session information"
                : "invalid session: token signature is invalid");
      }
      Matcher m = APP_PATH.matcher(path);
      if (!m.matches()) {
        throw new ArgoError(404, 5, "Not Found");
      }
      String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      String sub = m.group(2) == null ? "" : m.group(2);
      return switch (method + " " + sub) {
        case "GET " -> get(name, query);
        case "POST /sync" -> sync(name, body);
        case "GET /syncwindows" ->
            ok(
                lookup(name, param(query, "project"), param(query, "appNamespace"), "get")
                    .syncWindowsJson());
        case "DELETE /operation" -> terminate(name, query);
        default -> throw new ArgoError(405, 12, "Method Not Allowed");
      };
    } catch (ArgoError e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", e.getMessage());
      error.put("code", e.code);
      error.put("message", e.getMessage());
      return new Answer(e.status, "application/json", JSON.writeValueAsString(error));
    }
  }

  private Answer get(String name, Map<String, List<String>> query) {
    StandInApp app = lookup(name, param(query, "project"), param(query, "appNamespace"), "get");
    if (param(query, "refresh") != null) {
      app.refreshNow(now());
    }
    return ok(app.json());
  }

  private Answer terminate(String name, Map<String, List<String>> query) {
    StandInApp app = lookup(name, param(query, "project"), param(query, "appNamespace"), "sync");
    if (!app.terminate(now())) {
      throw new ArgoError(400, 3, "Unable to terminate operation. No operation is in progress");
    }
    return ok(Map.of());
  }

  private Answer sync(String name, String body) {
    JsonNode request = decodeSyncRequest(body);
    StandInApp app = lookup(name, text(request, "project"), text(request, "appNamespace"), "get");
    if (!app.canSync(true)) {
      throw new ArgoError(403, 7, "cannot sync: blocked by sync window");
    }
    if (!app.allows("sync")) {
      throw denied("sync", app);
    }
    List<String> revisions = resolveRevisions(app, request);
    if (app.operationInProgress()) {
      throw new ArgoError(
          400, 9, "error setting app operation: another operation is already in progress");
    }
    List<Map<String, String>> infos = new ArrayList<>();
    for (JsonNode info : request.path("infos")) {
      infos.add(
          Map.of("name", info.path("name").asString(""), "value", info.path("value").asString("")));
    }
    app.requestOperation(
        new StandInApp.Op(
            subject,
            false,
            List.copyOf(infos),
            revisions,
            request.path("prune").asBoolean(false),
            0),
        now());
    return ok(app.json());
  }

  /** application.go {@code resolveSourceRevisions}: named revisions checked, then resolved. */
  private List<String> resolveRevisions(StandInApp app, JsonNode request) {
    int count = app.sourceCount();
    String[] desired = new String[count];
    if (app.isMultiSource()) {
      JsonNode positions = request.path("sourcePositions");
      JsonNode named = request.path("revisions");
      for (int i = 0; i < positions.size(); i++) {
        long position = positions.get(i).asLong();
        if (position <= 0 || position > count) {
          throw new ArgoError(500, 2, "source position is out of range");
        }
        desired[(int) position - 1] = named.path(i).asString("");
      }
    } else {
      desired[0] = text(request, "revision");
    }
    List<String> resolved = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StandInApp.Source source = app.source(i);
      String target =
          source.targetRevision() == null || source.targetRevision().isEmpty()
              ? "HEAD"
              : source.targetRevision();
      String wanted = desired[i] == null || desired[i].isEmpty() ? null : desired[i];
      if (wanted != null && !wanted.equals(target)) {
        if (requireOverride && !app.allows("override")) {
          throw denied("override", app);
        }
        if (app.isAutoSync()) {
          throw new ArgoError(
              400,
              9,
              app.isMultiSource()
                  ? "Cannot sync source "
                      + source.repoUrl()
                      + " to "
                      + wanted
                      + ": auto-sync currently set to "
                      + source.targetRevision()
                  : "Cannot sync to "
                      + wanted
                      + ": auto-sync currently set to "
                      + source.targetRevision());
        }
      }
      resolved.add(resolve(source, wanted == null ? target : wanted));
    }
    return resolved;
  }

  /** application.go {@code resolveRevision}: a git SHA is taken as it is, the rest asks. */
  private String resolve(StandInApp.Source source, String ambiguous) {
    if (!source.isHelm() && StandInRepo.isSha(ambiguous)) {
      return ambiguous;
    }
    Outage down = outageAt(now());
    if (down == Outage.REPO_SERVER) {
      throw new ArgoError(400, 9, "error resolving repo revision: " + REPO_SERVER_UNAVAILABLE);
    }
    if (source.isHelm()) {
      return ambiguous;
    }
    if (down == Outage.GIT_HOST) {
      throw new ArgoError(
          400,
          9,
          "error resolving repo revision: rpc error: code = Unknown desc = "
              + gitHostDown(source.repoUrl()));
    }
    return repo(source.repoUrl())
        .resolve(ambiguous)
        .orElseThrow(
            () ->
                new ArgoError(
                    400,
                    9,
                    "error resolving repo revision: rpc error: code = Unknown desc = unable to"
                        + " resolve '"
                        + ambiguous
                        + "' to a commit SHA: revision not found"));
  }

  /**
   * application.go {@code getAppEnforceRBAC}: with {@code project}, a missing app (or one in
   * another project or namespace) is 404; without it, 403 as for no permission.
   */
  private StandInApp lookup(String name, String project, String namespace, String action) {
    String ns = namespace == null || namespace.isEmpty() ? ARGOCD_NAMESPACE : namespace;
    StandInApp app = apps.get(name);
    if (app != null && !app.namespaceName().equals(ns)) {
      app = null;
    }
    boolean given = project != null && !project.isEmpty();
    if (app != null && !app.allows(action)) {
      throw new ArgoError(403, 7, "permission denied");
    }
    if (app == null || (given && !app.projectName().equals(project))) {
      if (!given) {
        throw new ArgoError(403, 7, "permission denied");
      }
      throw new ArgoError(404, 5, "applications.argoproj.io \"" + name + "\" not found");
    }
    return app;
  }

  /** util/rbac/rbac.go {@code EnforceErr}: names resource, action, object and subject. */
  private ArgoError denied(String action, StandInApp app) {
    return new ArgoError(
        403,
        7,
        "permission denied: applications, "
            + action
            + ", "
            + app.rbacName()
            + ", sub: "
            + subject
            + ", iat: "
            + IAT);
  }

  /**
   * Decodes a sync request as Go's encoding/json would: an int64 sent as a string, or a bool sent
   * as anything else, is a 400 with code 3.
   */
  private static JsonNode decodeSyncRequest(String body) {
    JsonNode request;
    try {
      request = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JacksonException e) {
      throw new ArgoError(400, 3, "invalid character in request body: " + e.getOriginalMessage());
    }
    for (JsonNode position : request.path("sourcePositions")) {
      if (!position.isIntegralNumber()) {
        throw new ArgoError(
            400,
            3,
            "json: cannot unmarshal "
                + (position.isString() ? "string" : "value")
                + " into Go struct field ApplicationSyncRequest.sourcePositions of type int64");
      }
    }
    for (String field : List.of("prune", "dryRun")) {
      if (request.has(field) && !request.get(field).isBoolean()) {
        throw new ArgoError(
            400,
            3,
            "json: cannot unmarshal "
                + (request.get(field).isString() ? "string" : "value")
                + " into Go struct field ApplicationSyncRequest."
                + field
                + " of type bool");
      }
    }
    return request;
  }

  private static Answer ok(Object body) {
    return new Answer(200, "application/json", JSON.writeValueAsString(body));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static String param(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }
}
