package io.helmgate.bot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a signed request seen before. Bolt's own check refuses signatures older than five
 * minutes; this remembers the signatures of the last five minutes, so a captured request cannot be
 * replayed inside that window either. Runs after Bolt's signature check.
 */
final class ReplayGuard implements Middleware {

  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  ReplayGuard(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
    String signature =
        req.getHeaders() == null ? null : req.getHeaders().getFirstValue("X-Slack-Signature");
    if (signature == null || signature.isEmpty()) {
      return chain.next(req); // Socket Mode: no signature, the WebSocket is authenticated instead
    }
    String timestamp = req.getHeaders().getFirstValue("X-Slack-Request-Timestamp");
    Instant now = clock.instant();
    evictOlderThan(now.minus(WINDOW.plusMinutes(1)));
    if (seen.putIfAbsent(timestamp + ":" + signature, now) != null) {
      return Response.builder()
          .statusCode(401)
          .contentType("application/json")
          .body("{\"error\":\"replayed request\"}")
          .build();
    }
    return chain.next(req);
  }

  private void evictOlderThan(Instant cutoff) {
    for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().isBefore(cutoff)) {
        it.remove();
      }
    }
  }
}
