package io.helmgate.bot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

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
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /**
   * The same signatures ordered by when they may be forgotten, so that forgetting costs only what
   * has expired: at a few thousand requests a second, scanning every remembered signature on each
   * request would cost more than the request.
   */
  private final ConcurrentSkipListSet<Remembered> byExpiry = new ConcurrentSkipListSet<>();

  private record Remembered(Instant forgetAfter, String key) implements Comparable<Remembered> {
    @Override
    public int compareTo(Remembered other) {
      int byTime = forgetAfter.compareTo(other.forgetAfter);
      return byTime != 0 ? byTime : key.compareTo(other.key);
    }
  }

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
    String key = timestamp + ":" + signature;
    if (!seen.add(key)) {
      return refuse("replayed request");
    }
    byExpiry.add(new Remembered(forgetAfter, key));
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
    while (!byExpiry.isEmpty()) {
      Remembered oldest;
      try {
        oldest = byExpiry.first();
      } catch (java.util.NoSuchElementException emptied) {
        return; // another request forgot the last one
      }
      if (!oldest.forgetAfter().isBefore(now)) {
        return;
      }
      if (byExpiry.remove(oldest)) {
        seen.remove(oldest.key());
      }
    }
  }

  /** How many signatures are remembered; for tests. */
  int remembered() {
    return seen.size();
  }
}
