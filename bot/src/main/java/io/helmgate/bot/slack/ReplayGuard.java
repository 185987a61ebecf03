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
 * Refuses a signed request seen before, and one stamped more than five minutes ahead. Bolt's own
 * check refuses signatures older than five minutes but accepts any from the future (Slack's rule is
 * "more than five minutes from local time", either way); this guard refuses those, and remembers
 * each signature until Bolt would refuse it as stale, so that a captured request cannot be replayed
 * while its timestamp is still accepted. Runs after Bolt's signature check.
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
    Instant stamped;
    try {
      stamped = Instant.ofEpochSecond(Long.parseLong(timestamp));
    } catch (RuntimeException unreadable) {
      return refuse("unreadable request timestamp");
    }
    if (stamped.isAfter(now.plus(WINDOW))) {
      return refuse("request timestamp in the future");
    }
    evictExpired(now);
    // Bolt refuses it once it is WINDOW old; until then (and a minute more for clock steps) a
    // second arrival is a replay.
    Instant forgetAfter = stamped.plus(WINDOW).plus(Duration.ofMinutes(1));
    if (seen.putIfAbsent(timestamp + ":" + signature, forgetAfter) != null) {
      return refuse("replayed request");
    }
    return chain.next(req);
  }

  private static Response refuse(String why) {
    return Response.builder()
        .statusCode(401)
        .contentType("application/json")
        .body("{\"error\":\"" + why + "\"}")
        .build();
  }

  private void evictExpired(Instant now) {
    for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().isBefore(now)) {
        it.remove();
      }
    }
  }
}
