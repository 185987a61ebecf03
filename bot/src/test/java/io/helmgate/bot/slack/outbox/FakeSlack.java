package io.helmgate.bot.slack.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * WireMock playing Slack's Web API with state: each posted message gets its own ts, {@code
 * chat.update} replaces a message's text, replies pile up in their thread. {@link #faults} decides,
 * per call, to answer as Slack does when it will not: {@code {"ok":false,"error":…}} with HTTP 200,
 * or HTTP 429 with {@code Retry-After}.
 */
final class FakeSlack {

  /** One Web API call as received. */
  record Call(int n, String method, Map<String, String> params, Instant at, int status) {}

  private final WireMockServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger ts = new AtomicInteger();
  final List<Call> received = new CopyOnWriteArrayList<>();
  final Map<String, String> messages = new ConcurrentHashMap<>();
  final Map<String, List<String>> threads = new ConcurrentHashMap<>();
  final List<String> broadcasts = new CopyOnWriteArrayList<>();
  final Set<String> refusedChannels = ConcurrentHashMap.newKeySet();

  /** (call number, method) → an answer other than success, or null to succeed. */
  volatile BiFunction<Integer, String, ResponseDefinition> faults = (n, method) -> null;

  FakeSlack() {
    server = new WireMockServer(options().dynamicPort().extensions(new Answer()));
  }

  FakeSlack start() {
    server.start();
    server.stubFor(
        post(urlPathMatching("/api/.*")).willReturn(aResponse().withTransformers("fake-slack")));
    return this;
  }

  void stop() {
    server.stop();
  }

  MethodsClient client() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(server.baseUrl() + "/api/");
    config.setHttpClientReadTimeoutMillis(2000);
    return Slack.getInstance(config).methods("xox" + "b-fake-not-a-token");
  }

  static ResponseDefinition okFalse(String error) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error\":\"" + error + "\"}")
        .build();
  }

  static ResponseDefinition tooManyRequests(int seconds) {
    return aResponse()
        .withStatus(429)
        .withHeader("Retry-After", String.valueOf(seconds))
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")
        .build();
  }

  List<Call> calls(String method) {
    return received.stream().filter(c -> c.method.equals(method)).toList();
  }

  /** The ts of the (first) top-level message whose text contains {@code marker}. */
  Optional<String> messageTs(String marker) {
    return received.stream()
        .filter(c -> c.method.equals("chat.postMessage") && c.status == 200)
        .filter(c -> !c.params.containsKey("thread_ts"))
        .filter(c -> c.params.getOrDefault("text", "").contains(marker))
        .map(c -> c.params.get("__ts"))
        .findFirst();
  }

  private final class Answer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent event) {
      int n = calls.incrementAndGet();
      String method =
          event.getRequest().getUrl().replaceFirst("^/api/", "").replaceFirst("\\?.*", "");
      Map<String, String> params = form(event.getRequest().getBodyAsString());
      ResponseDefinition fault = faults.apply(n, method);
      if (fault != null) {
        received.add(new Call(n, method, params, Instant.now(), fault.getStatus()));
        return fault;
      }
      String json;
      switch (method) {
        case "chat.postMessage" -> {
          String channel = params.get("channel");
          if (refusedChannels.contains(channel)) {
            received.add(new Call(n, method, params, Instant.now(), 200));
            return okFalse("channel_not_found");
          }
          String id = "1700000000." + String.format("%06d", ts.incrementAndGet());
          String thread = params.get("thread_ts");
          if (thread != null) {
            threads
                .computeIfAbsent(thread, t -> new CopyOnWriteArrayList<>())
                .add(params.get("text"));
            if ("true".equals(params.get("reply_broadcast"))) {
              broadcasts.add(params.get("text"));
            }
          } else {
            messages.put(id, params.get("text"));
          }
          params.put("__ts", id);
          json = "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + id + "\"}";
        }
        case "chat.update" -> {
          messages.put(params.get("ts"), params.get("text"));
          json =
              "{\"ok\":true,\"channel\":\""
                  + params.get("channel")
                  + "\",\"ts\":\""
                  + params.get("ts")
                  + "\"}";
        }
        default -> json = "{\"ok\":true}";
      }
      received.add(new Call(n, method, params, Instant.now(), 200));
      return aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(json)
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "fake-slack";
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return new LinkedHashMap<>(params);
  }
}
