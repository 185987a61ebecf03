package io.helmgate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argo CD's side for the sync benchmark, answering at once with the shapes Argo CD's REST API gives
 * (see bot/src/main/java/io/helmgate/bot/argocd/README.md): every application exists, has one git
 * source tracking {@code main} and no automated sync policy, and is Synced and Healthy. A sync POST
 * is recorded (arrival time, the {@code helmgate-request} marker, the revision) and, as a
 * controller that finishes at once, every later GET shows that operation Succeeded at the revision,
 * compared after it ended and Healthy. Each call's arrival is kept per application, so that the
 * benchmark can tell which step of the bot's pipeline the time went to.
 */
final class ArgoStub implements AutoCloseable {

  /** A call to one application: what it was and when it arrived ({@link System#nanoTime}). */
  record Call(String what, long nanos) {}

  /** A sync request as it arrived. */
  record Sync(String marker, String revision, long nanos) {}

  static final String TOKEN = "bench-argocd-token-not-a-secret";
  static final String REPO_URL = "https://git.example.org/ops/values.git";
  private static final String OLD_REVISION = "0000000000000000000000000000000000000001";

  private static final Pattern APP =
      Pattern.compile("/api/v1/applications/([^/?]+)(/sync|/syncwindows)?");
  private static final Pattern INFO =
      Pattern.compile(
          "\\{\\s*\"name\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"value\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\}");
  private static final Pattern REVISION = Pattern.compile("\"revision\"\\s*:\\s*\"([^\"]*)\"");

  private final HttpServer server;
  private final ExecutorService threads;
  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final Map<String, Sync> syncs = new ConcurrentHashMap<>();

  /** One application's state: synced once by Helmgate, or not yet. */
  private static final class App {
    final List<Call> calls = new ArrayList<>();
    String infosJson; // the POSTed infos, as Argo CD copies them into operation.info
    String revision;
    String at; // startedAt = finishedAt = reconciledAt: a controller that finishes at once
  }

  ArgoStub() throws IOException {
    // See SlackStub: without it every answer waits ~40 ms for the client's delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    threads = Executors.newFixedThreadPool(4);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The sync request that carried {@code marker} (a request id such as R-7), or null. */
  Sync sync(String marker) {
    return syncs.get(marker);
  }

  int syncCount() {
    return syncs.size();
  }

  /** The calls to {@code app} so far, in order of arrival. */
  List<Call> calls(String app) {
    App a = apps.get(app);
    if (a == null) {
      return List.of();
    }
    synchronized (a) {
      return List.copyOf(a.calls);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    int status = 200;
    String answer;
    Matcher m = APP.matcher(path);
    if (path.equals("/api/v1/session/userinfo")) {
      answer = "{\"loggedIn\":true,\"username\":\"helmgate\",\"iss\":\"argocd\"}";
    } else if (m.matches()) {
      String name = m.group(1);
      String sub = m.group(2) == null ? "" : m.group(2);
      App app = apps.computeIfAbsent(name, n -> new App());
      synchronized (app) {
        String what = method + " " + (sub.isEmpty() ? "application" : sub.substring(1));
        app.calls.add(new Call(what, arrived));
        switch (method + " " + sub) {
          case "GET " -> answer = application(name, app, false);
          case "GET /syncwindows" ->
              answer = "{\"activeWindows\":[],\"assignedWindows\":[],\"canSync\":true}";
          case "POST /sync" -> {
            List<String> infos = new ArrayList<>();
            String marker = null;
            Matcher i = INFO.matcher(body);
            while (i.find()) {
              infos.add("{\"name\":\"" + i.group(1) + "\",\"value\":\"" + i.group(2) + "\"}");
              if (i.group(1).equals("helmgate-request")) {
                marker = i.group(2);
              }
            }
            Matcher r = REVISION.matcher(body);
            app.revision = r.find() ? r.group(1) : "main";
            app.infosJson = "[" + String.join(",", infos) + "]";
            app.at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            if (marker != null) {
              syncs.putIfAbsent(marker, new Sync(marker, app.revision, arrived));
            }
            // The answer is the app with `operation` set and no operationState yet
            // (SetAppOperation clears it); the next GET finds the operation already ended.
            answer = application(name, app, true);
          }
          default -> {
            status = 405;
            answer =
                "{\"error\":\"Method Not Allowed\",\"code\":12,\"message\":\"Method Not Allowed\"}";
          }
        }
      }
    } else {
      status = 404;
      answer = "{\"error\":\"Not Found\",\"code\":5,\"message\":\"Not Found\"}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String application(String name, App app, boolean justRequested) {
    String path = pathOf(name);
    String source =
        "{\"repoURL\":\"" + REPO_URL + "\",\"path\":\"" + path + "\",\"targetRevision\":\"main\"}";
    String destination =
        "{\"server\":\"https://kubernetes.default.svc\",\"namespace\":\"" + name + "\"}";
    StringBuilder json = new StringBuilder(1536);
    json.append("{\"metadata\":{\"name\":\"")
        .append(name)
        .append("\",\"namespace\":\"argocd\"},\"spec\":{\"source\":")
        .append(source)
        .append(",\"destination\":")
        .append(destination)
        .append(
            ",\"project\":\"default\",\"syncPolicy\":{\"syncOptions\":[\"CreateNamespace=true\"]}}");
    boolean synced = app.revision != null && !justRequested;
    String revision = synced ? app.revision : OLD_REVISION;
    String reconciledAt = synced ? app.at : "2026-01-05T10:00:00Z";
    json.append(",\"status\":{\"resources\":[{\"group\":\"apps\",\"version\":\"v1\",")
        .append("\"kind\":\"Deployment\",\"namespace\":\"")
        .append(name)
        .append("\",\"name\":\"")
        .append(name)
        .append("\",\"status\":\"Synced\",\"health\":{\"status\":\"Healthy\"}}]")
        .append(",\"sync\":{\"status\":\"Synced\",\"comparedTo\":{\"source\":")
        .append(source)
        .append(",\"destination\":")
        .append(destination)
        .append("},\"revision\":\"")
        .append(revision)
        .append("\"},\"health\":{\"status\":\"Healthy\"},\"reconciledAt\":\"")
        .append(reconciledAt)
        .append('"');
    if (synced) {
      json.append(",\"operationState\":{\"operation\":")
          .append(operation(app, source))
          .append(",\"phase\":\"Succeeded\",\"message\":\"successfully synced (all tasks run)\"")
          .append(",\"syncResult\":{\"revision\":\"")
          .append(app.revision)
          .append("\",\"source\":")
          .append(source)
          .append("},\"startedAt\":\"")
          .append(app.at)
          .append("\",\"finishedAt\":\"")
          .append(app.at)
          .append("\"}");
    }
    json.append(",\"sourceType\":\"Directory\",\"controllerNamespace\":\"argocd\"}");
    if (justRequested) {
      json.append(",\"operation\":").append(operation(app, source));
    }
    return json.append('}').toString();
  }

  private static String operation(App app, String source) {
    return "{\"sync\":{\"revision\":\""
        + app.revision
        + "\",\"syncOptions\":[\"CreateNamespace=true\"],\"source\":"
        + source
        + "},\"initiatedBy\":{\"username\":\"helmgate\"},\"info\":"
        + app.infosJson
        + ",\"retry\":{}}";
  }

  /** The values path of an application named {@code {customer}-{product}-{env}}. */
  private static String pathOf(String name) {
    String[] parts = name.split("-");
    return parts.length == 3 ? parts[0] + "/" + parts[1] + "/" + parts[2] : name;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
