package io.helmgate.bot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refuses a signed request seen before, and one stamped more than five minutes ahead. Bolt's own
 * check refuses signatures older than five minutes but accepts any from the future (Slack's rule is
 * "more than five minutes from local time", either way); this guard refuses those, and remembers
 * each signature until Bolt would refuse it as stale, so that a captured request cannot be replayed
 * while its timestamp is still accepted. Runs after Bolt's signature check, so only verified
 * signatures are remembered.
 *
 * <p>Signatures are remembered in the database ({@code slack_signatures}), so that a replay is
 * refused by every replica and after a restart: the first insert of a signature wins, a second one
 * breaks the primary key. While the database cannot be reached the guard remembers in this process
 * only; nothing a replay could change can be changed without the database either.
 */
final class ReplayGuard implements Middleware {

  private static final Logger log = LoggerFactory.getLogger(ReplayGuard.class);

  static final Duration WINDOW = Duration.ofMinutes(5);

  /**
   * How often expired rows are deleted: rarely enough that one request in many pays for it, often
   * enough that the table holds a few minutes of traffic at most.
   */
  static final Duration FORGET_EVERY = Duration.ofSeconds(30);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final InProcess fallback;
  private final AtomicReference<Instant> nextForget;

  ReplayGuard(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.fallback = new InProcess();
    this.nextForget = new AtomicReference<>(Instant.MIN);
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
    // Bolt refuses it once it is WINDOW old; until then (and a minute more for clock steps) a
    // second arrival is a replay.
    Instant forgetAfter = stamped.plus(WINDOW).plus(Duration.ofMinutes(1));
    if (!firstSighting(key(timestamp, signature), forgetAfter, now)) {
      return refuse("replayed request");
    }
    return chain.next(req);
  }

  private boolean firstSighting(String key, Instant forgetAfter, Instant now) {
    try {
      forgetExpired(now);
      jdbc.update(
          "INSERT INTO slack_signatures (signature_hash, forget_after) VALUES (?, ?)",
          key,
          OffsetDateTime.ofInstant(forgetAfter, ZoneOffset.UTC));
      return fallback.add(key, forgetAfter, now);
    } catch (DuplicateKeyException seen) {
      return false;
    } catch (DataAccessException unavailable) {
      log.warn(
          "cannot remember a Slack signature in the database ({}); remembering it in this"
              + " process only",
          unavailable.getMostSpecificCause().getMessage());
      return fallback.add(key, forgetAfter, now);
    }
  }

  /** Deletes expired rows, at most once per {@link #FORGET_EVERY} in this process. */
  private void forgetExpired(Instant now) {
    Instant due = nextForget.get();
    if (now.isBefore(due) || !nextForget.compareAndSet(due, now.plus(FORGET_EVERY))) {
      return;
    }
    jdbc.update(
        "DELETE FROM slack_signatures WHERE forget_after < ?",
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
  }

  /**
   * The key a signature is remembered by: a hash, so that the table holds no signature that could
   * be sent again, and of fixed length whatever a sender puts in the header.
   */
  static String key(String timestamp, String signature) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest((timestamp + ":" + signature).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static Response refuse(String why) {
    return Response.builder()
        .statusCode(401)
        .contentType("application/json")
        .body("{\"error\":\"" + why + "\"}")
        .build();
  }

  /**
   * Signatures remembered in this process, ordered by when they may be forgotten so that forgetting
   * costs only what has expired. Also fed while the database answers, so that a replay to this
   * replica during an outage is still refused.
   */
  private static final class InProcess {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ConcurrentSkipListSet<Remembered> byExpiry = new ConcurrentSkipListSet<>();

    private record Remembered(Instant forgetAfter, String key) implements Comparable<Remembered> {
      @Override
      public int compareTo(Remembered other) {
        int byTime = forgetAfter.compareTo(other.forgetAfter);
        return byTime != 0 ? byTime : key.compareTo(other.key);
      }
    }

    boolean add(String key, Instant forgetAfter, Instant now) {
      evictExpired(now);
      if (!seen.add(key)) {
        return false;
      }
      byExpiry.add(new Remembered(forgetAfter, key));
      return true;
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
  }
}
