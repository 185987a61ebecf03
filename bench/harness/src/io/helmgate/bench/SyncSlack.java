package io.helmgate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's side for the sync benchmark: {@code auth.test}, {@code usergroups.list} (U0ALICE and
 * U0BOB in the Ops group S0OPS), {@code chat.postMessage} with a fresh {@code ts} per message, and
 * {@code chat.update}; the rest {@code {"ok":true}}. It keeps what the benchmark waits for: each
 * request's message (its id and {@code ts}, by target), the last state its message showed, and the
 * answers to {@code response_url}s by tag. {@code latencyMillis} delays every Web API answer, to
 * show what Slack's own latency adds.
 */
final class SyncSlack implements AutoCloseable {

  /** One Web API call as it arrived ({@link System#nanoTime}), with the start of its text. */
  record ApiCall(long nanos, String method, String text) {}

  /** A request's message in the channel. */
  record Posted(String requestId, String channel, String ts) {}

  // "R-12 · deploy c003/app17 prod · waiting for approval · requested by …" (RequestMessages.text),
  // found anywhere: the approval message may start with the approver group's mention
  private static final Pattern HEADLINE =
      Pattern.compile(
          "(?:BREAK-GLASS )?(R-[0-9]+) · (?:deploy|roll back|sync) (\\S+ \\S+) · ([^·]+) · ");

  private final HttpServer server;
  private final ExecutorService threads;
  private final long latencyMillis;
  private final AtomicLong ts = new AtomicLong();
  private final Map<String, Posted> byTarget = new ConcurrentHashMap<>();
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final Map<String, Long> stateAt = new ConcurrentHashMap<>();
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final List<ApiCall> calls = Collections.synchronizedList(new ArrayList<>());

  SyncSlack(long latencyMillis) throws IOException {
    this.latencyMillis = latencyMillis;
    System.setProperty("sun.net.httpserver.nodelay", "true"); // see SlackStub
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    threads = Executors.newFixedThreadPool(8);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String apiUrl() {
    return baseUrl() + "/api/";
  }

  /** The message of the request for {@code target} ("c003/app17 prod"), once posted. */
  Posted posted(String target) {
    return byTarget.get(target);
  }

  /** The state the request's message shows now, lower case ("executing", "succeeded"). */
  String state(String requestId) {
    return states.get(requestId);
  }

  /** When ({@link System#nanoTime}) the message was last updated to its current state. */
  Long stateAt(String requestId) {
    return stateAt.get(requestId);
  }

  /** The Web API calls that arrived between {@code from} and {@code to} (nanoTime). */
  List<ApiCall> calls(long from, long to) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.nanos() >= from && c.nanos() <= to).toList();
    }
  }

  /** The answer the bot sent to {@code /respond/<tag>}, or null. */
  String answer(String tag) {
    return answers.get(tag);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String path = exchange.getRequestURI().getPath();
    String answer;
    String type = "application/json; charset=utf-8";
    if (path.startsWith("/respond/")) {
      answers.put(path.substring("/respond/".length()), body);
      answer = "ok";
      type = "text/plain";
    } else {
      if (latencyMillis > 0) {
        try {
          Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String method = path.substring(path.lastIndexOf('/') + 1);
      Map<String, String> form = form(body);
      String text = form.getOrDefault("text", "");
      calls.add(new ApiCall(arrived, method, text.substring(0, Math.min(80, text.length()))));
      answer = api(method, form, arrived);
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String api(String method, Map<String, String> form, long arrived) {
    return switch (method) {
      case "auth.test" ->
          "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\","
              + "\"user\":\"helmgate\",\"team_id\":\"T0TEAM\",\"user_id\":\"U0BOT\","
              + "\"bot_id\":\"B0BOT\"}";
      case "usergroups.list" ->
          "{\"ok\":true,\"usergroups\":[{\"id\":\"S0OPS\","
              + "\"team_id\":\"T0TEAM\",\"is_usergroup\":true,\"name\":\"Ops\","
              + "\"handle\":\"ops-team\",\"user_count\":\"2\",\"users\":[\"U0ALICE\",\"U0BOB\"]}]}";
      case "chat.postMessage" -> {
        String channel = form.getOrDefault("channel", "C0OPS");
        String stamp = String.format("1700000000.%06d", ts.incrementAndGet());
        if (!form.containsKey("thread_ts")) {
          headline(form.get("text"), channel, stamp, arrived);
        }
        yield "{\"ok\":true,\"channel\":\""
            + channel
            + "\",\"ts\":\""
            + stamp
            + "\",\"message\":{\"type\":\"message\",\"text\":\"x\"}}";
      }
      case "chat.update" -> {
        headline(form.get("text"), form.get("channel"), form.get("ts"), arrived);
        yield "{\"ok\":true,\"channel\":\""
            + form.getOrDefault("channel", "C0OPS")
            + "\",\"ts\":\""
            + form.getOrDefault("ts", "")
            + "\"}";
      }
      default -> "{\"ok\":true}";
    };
  }

  /** Notes a request message's id, target and state from its text. */
  private void headline(String text, String channel, String stamp, long arrived) {
    if (text == null) {
      return;
    }
    Matcher m = HEADLINE.matcher(text);
    if (!m.find()) {
      return;
    }
    String id = m.group(1);
    byTarget.putIfAbsent(m.group(2), new Posted(id, channel, stamp));
    String state = m.group(3).trim();
    if (!state.equals(states.put(id, state))) {
      stateAt.put(id, arrived);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    if (body.startsWith("{")) {
      return form; // JSON bodies: nothing here needs them
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
