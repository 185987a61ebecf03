package io.helmgate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's side for the ack benchmark, answering at once: the Web API methods the bot calls with
 * Slack's JSON shapes ({@code {"ok":true}} for the rest), and the {@code response_url}s, {@code
 * /respond/...}, which it counts so the benchmark can tell when the bot's work after the acks is
 * done. U0ALICE is in ops-team.
 */
final class SlackStub implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads;
  private final AtomicLong responses = new AtomicLong();
  private final AtomicLong apiCalls = new AtomicLong();
  private final java.util.Map<String, String> samples =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  SlackStub() throws IOException {
    // The JDK server writes a response's headers and body separately and, by default, with
    // Nagle's algorithm on: every answer then waits ~40 ms for the client's delayed ACK, and the
    // bot's answers to response_urls would measure that stall, not Helmgate (real Slack does not
    // stall so). Read when the server is created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    threads = Executors.newFixedThreadPool(4);
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

  /** How many answers reached a response_url. */
  long responses() {
    return responses.get();
  }

  /** The first answer the bot sent for each kind of request, to show what its work did. */
  java.util.Map<String, String> sampleAnswers() {
    return samples;
  }

  long apiCalls() {
    return apiCalls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String path = exchange.getRequestURI().getPath();
    String answer;
    String type = "application/json; charset=utf-8";
    if (path.startsWith("/respond/")) {
      responses.incrementAndGet();
      String tag = path.substring("/respond/".length());
      String kind = SlackLoad.kindOf(tag);
      if (kind != null) {
        samples.putIfAbsent(kind, body);
      }
      answer = "ok";
      type = "text/plain";
    } else {
      apiCalls.incrementAndGet();
      answer = api(path.substring(path.lastIndexOf('/') + 1), body);
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String api(String method, String body) {
    return switch (method) {
      case "auth.test" ->
          "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\","
              + "\"user\":\"helmgate\",\"team_id\":\"T0TEAM\",\"user_id\":\"U0BOT\","
              + "\"bot_id\":\"B0BOT\"}";
      case "usergroups.list" ->
          "{\"ok\":true,\"usergroups\":[{\"id\":\"S0OPS\","
              + "\"team_id\":\"T0TEAM\",\"is_usergroup\":true,\"name\":\"Ops\","
              + "\"handle\":\"ops-team\",\"user_count\":\"1\",\"users\":[\"U0ALICE\"]}]}";
      case "chat.postMessage" ->
          "{\"ok\":true,\"channel\":\"C0OPS\","
              + "\"ts\":\"1700000000.000100\",\"message\":{\"type\":\"message\",\"text\":\"x\"}}";
      default -> "{\"ok\":true}";
    };
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
