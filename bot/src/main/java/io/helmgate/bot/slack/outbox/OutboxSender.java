package io.helmgate.bot.slack.outbox;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import io.helmgate.bot.slack.outbox.Outbox.Kind;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.MessageRef;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Delivers the {@link Outbox}: each stream's rows in order, one replica per row (a row is claimed
 * with a lease in the database before it is sent), at Slack's pace. A failure Slack may get over
 * (429 with its {@code Retry-After}, a timeout, a 5xx, {@code internal_error}) is tried again
 * later; a refusal that will not change ({@code channel_not_found}, {@code not_in_channel}, {@code
 * is_archived}) ends the row and, for a request's message, goes to {@link Deliveries#refused}. What
 * Slack accepted is stored (its ts) before anything else, so nothing is sent twice by Helmgate.
 */
public final class OutboxSender implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  /** Refusals that mean the bot cannot post there at all, whatever it sends. */
  static final Set<String> UNREACHABLE_CHANNEL =
      Set.of("channel_not_found", "not_in_channel", "is_archived");

  /** {@code ok:false} answers that say Slack could not do it now, not that it never will. */
  static final Set<String> TRANSIENT =
      Set.of(
          "ratelimited",
          "internal_error",
          "fatal_error",
          "service_unavailable",
          "request_timeout",
          "timeout");

  /** Appended to a text Slack refused as too long, so a reader knows it was cut. */
  static final String SHORTENED = "\n_(shortened: Slack refused the full text)_";

  /** Slack's limit on a message's top-level text is 40,000 characters; this stays well below. */
  static final int SHORT_TEXT = 3000;

  private final JdbcTemplate jdbc;
  private final MethodsClient slack;
  private final Clock clock;
  private final OutboxProperties properties;
  private final Deliveries deliveries;
  private final String owner;
  private final Pacing pacing;
  private volatile ScheduledExecutorService poller;

  /**
   * What Slack accepted but the database could not record yet (it went away during the call), by
   * row: recorded before anything else is sent, so that the row is not sent again meanwhile.
   */
  private final Map<Long, Runnable> unrecorded = new ConcurrentHashMap<>();

  public OutboxSender(
      JdbcTemplate jdbc,
      MethodsClient slack,
      Clock clock,
      OutboxProperties properties,
      Deliveries deliveries,
      String owner) {
    this.jdbc = jdbc;
    this.slack = slack;
    this.clock = clock;
    this.properties = properties;
    this.deliveries = deliveries;
    this.owner = owner;
    this.pacing = new Pacing(properties.channelInterval(), properties.channelBurst());
  }

  /** Makes {@code outbox} deliver each new row at once, on the thread that wrote it. */
  public OutboxSender sendingFor(Outbox outbox) {
    outbox.onEnqueued(this::deliverQuietly);
    return this;
  }

  /**
   * How long a new row is left to the thread that wrote it: that thread sends it at once, so that a
   * notification goes out before the change it reports moves on, as a direct call would. The poller
   * takes it over after this (paced, or the writer died).
   */
  static final Duration FRESH = Duration.ofSeconds(2);

  /** Delivers what is due in every stream; returns how many rows it finished. */
  public int deliverDue() {
    Instant now = now();
    List<String> streams =
        jdbc.queryForList(
            "SELECT DISTINCT stream FROM slack_outbox WHERE state IN ('PENDING', 'POSTED')"
                + " AND next_attempt_at <= ? AND (attempts > 0 OR created_at < ?)",
            String.class,
            at(now),
            at(now.minus(FRESH)));
    int done = 0;
    for (String stream : streams) {
      done += deliver(stream);
    }
    return done;
  }

  /** How many rows are not yet delivered (nor given up on). */
  public int undelivered() {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM slack_outbox WHERE state IN ('PENDING', 'POSTED')",
            Integer.class);
    return n == null ? 0 : n;
  }

  private void deliverQuietly(String stream) {
    try {
      deliver(stream);
    } catch (RuntimeException e) {
      // The row is stored; the poller sends it. The caller's change must not fail for this.
      log.warn("delivering {} now failed, the poller tries again: {}", stream, e.toString());
    }
  }

  /**
   * Delivers {@code stream}'s rows in order until one must wait (not due, paced, claimed by another
   * sender, or failed for now); returns how many it finished.
   */
  public int deliver(String stream) {
    recordWhatSlackAccepted();
    int done = 0;
    while (true) {
      List<Row> open =
          jdbc.query(
              "SELECT * FROM slack_outbox WHERE stream = ? AND state IN ('PENDING', 'POSTED')"
                  + " ORDER BY id",
              OutboxSender::row,
              stream);
      boolean again = false;
      for (Row row : open) {
        Instant now = now();
        boolean free = row.leaseUntil == null || row.leaseUntil.isBefore(now);
        boolean due = !row.nextAttemptAt.isAfter(now);
        if (row.state.equals("POSTED")) {
          if (free && due && claim(row, now)) {
            tellPosted(row, new MessageRef(row.resultChannel, row.resultTs));
          }
          continue; // its ts is known: the rest of the stream may go
        }
        if (!free || !due) {
          return done;
        }
        Step step = attempt(row, now);
        if (step == Step.DONE) {
          done++;
          again = true;
          break;
        }
        return done;
      }
      if (!again) {
        return done;
      }
    }
  }

  private void recordWhatSlackAccepted() {
    for (Map.Entry<Long, Runnable> entry : unrecorded.entrySet()) {
      entry.getValue().run(); // throws while the database is still away
      unrecorded.remove(entry.getKey());
    }
  }

  /** Runs {@code record}; if the database is away, keeps it to run before anything else. */
  private void record(Row row, Runnable record) {
    try {
      record.run();
    } catch (DataAccessException e) {
      unrecorded.put(row.id, record);
      throw e;
    }
  }

  private enum Step {
    DONE,
    WAIT
  }

  private Step attempt(Row row, Instant now) {
    Target target;
    try {
      target = target(row);
    } catch (Unsendable e) {
      if (!claim(row, now)) {
        return Step.WAIT;
      }
      log.warn("{} #{} cannot be sent: {}", row.stream, row.id, e.getMessage());
      finish(row, "FAILED", null, null, e.getMessage());
      return Step.DONE;
    }
    String method = row.kind == Kind.REQUEST_UPDATE ? "chat.update" : "chat.postMessage";
    if (row.kind == Kind.HOME) {
      method = "views.publish";
    }
    boolean post = method.equals("chat.postMessage");
    String lane = post ? method + ":" + target.channel : method;
    Result result;
    Instant after;
    // One call at a time per lane in this replica: a 429 then holds back every call after it,
    // not only those that had not yet passed the pace check.
    synchronized (pacing.lane(lane)) {
      if (!pacing.take(lane, post, now())) {
        return Step.WAIT;
      }
      if (!claim(row, now)) {
        return Step.WAIT;
      }
      result = call(row, target);
      after = now();
      if (result instanceof Result.Retry retry && retry.rateLimited) {
        pacing.pause(lane, after.plus(retry.after), after);
      }
    }
    if (result instanceof Result.Sent sent) {
      if (row.kind == Kind.REQUEST_POST) {
        // Stored before the domain is told: whatever happens next, this message is not posted
        // again, and the ts is what its updates and thread use.
        record(
            row,
            () ->
                jdbc.update(
                    "UPDATE slack_outbox SET state = 'POSTED', result_channel = ?, result_ts = ?,"
                        + " attempts = attempts + 1 WHERE id = ?",
                    sent.channel,
                    sent.ts,
                    row.id));
        tellPosted(row, new MessageRef(sent.channel, sent.ts));
      } else {
        record(row, () -> finish(row, "SENT", sent.channel, sent.ts, null));
      }
      return Step.DONE;
    }
    if (result instanceof Result.Retry retry) {
      if (row.attempts + 1 >= properties.maxAttempts()) {
        return givenUp(row, target, retry.error + " (after " + (row.attempts + 1) + " attempts)");
      }
      release(row, after.plus(retry.after), retry.error);
      return Step.WAIT;
    }
    if (result instanceof Result.TooLong && !row.text.endsWith(SHORTENED)) {
      String cut = row.text.substring(0, Math.min(row.text.length(), SHORT_TEXT)) + SHORTENED;
      jdbc.update(
          "UPDATE slack_outbox SET text = ?, attempts = attempts + 1, claimed_by = NULL,"
              + " lease_until = NULL, last_error = 'msg_too_long' WHERE id = ? AND claimed_by = ?",
          cut,
          row.id,
          owner);
      return Step.DONE; // sent again at once, shortened
    }
    String error = result instanceof Result.Refused refused ? refused.error : "msg_too_long";
    return givenUp(row, target, error);
  }

  /** Ends a row Slack will not take; a request's message goes to the person who asked. */
  private Step givenUp(Row row, Target target, String error) {
    log.warn("{} #{} ({}) refused by Slack: {}", row.stream, row.id, row.kind, error);
    if (row.kind == Kind.REQUEST_POST) {
      try {
        deliveries.refused(new RequestId(row.requestId), target.channel, row.requesterId, error);
      } catch (RuntimeException e) {
        // Nobody was told yet: try the whole row again later rather than end it silently.
        log.warn("telling about {} failed: {}", row.stream, e.toString());
        release(row, now().plus(backoff(row.attempts)), error);
        return Step.WAIT;
      }
    }
    finish(row, "FAILED", null, null, error);
    return Step.DONE;
  }

  private void tellPosted(Row row, MessageRef where) {
    try {
      deliveries.posted(new RequestId(row.requestId), where);
      finish(row, "SENT", where.conversation(), where.id(), null);
    } catch (RuntimeException e) {
      log.warn(
          "{} was posted; telling the domain failed, tried again: {}", row.stream, e.toString());
      jdbc.update(
          "UPDATE slack_outbox SET claimed_by = NULL, lease_until = NULL, next_attempt_at = ?,"
              + " last_error = ? WHERE id = ? AND claimed_by = ?",
          at(now().plus(backoff(row.attempts))),
          cap(e.toString()),
          row.id,
          owner);
    }
  }

  /** Where a row goes: a request's update and thread follow the request's posted message. */
  private Target target(Row row) throws Unsendable {
    if (row.kind != Kind.REQUEST_UPDATE && row.kind != Kind.THREAD) {
      return new Target(row.channel, null);
    }
    List<Row> posts =
        jdbc.query(
            "SELECT * FROM slack_outbox WHERE stream = ? AND kind = 'REQUEST_POST' AND id < ?"
                + " ORDER BY id DESC",
            OutboxSender::row,
            row.stream,
            row.id);
    for (Row post : posts) {
      if (post.resultTs != null) {
        return new Target(post.resultChannel, post.resultTs);
      }
    }
    if (row.channel != null && row.messageTs != null) {
      return new Target(row.channel, row.messageTs);
    }
    throw new Unsendable(
        posts.isEmpty()
            ? "the request has no message to update or reply to"
            : "the request's message was never posted (" + posts.get(0).lastError + ")");
  }

  private Result call(Row row, Target target) {
    try {
      SlackApiTextResponse answer =
          switch (row.kind) {
            case REQUEST_UPDATE ->
                slack.chatUpdate(
                    r -> {
                      r.channel(target.channel).ts(target.ts).text(row.text);
                      if (row.blocks != null) {
                        r.blocksAsString(row.blocks);
                      }
                      return r;
                    });
            case HOME -> slack.viewsPublish(r -> r.userId(target.channel).viewAsString(row.blocks));
            case REQUEST_POST, THREAD, MESSAGE ->
                slack.chatPostMessage(
                    r -> {
                      r.channel(target.channel).text(row.text);
                      if (row.blocks != null) {
                        r.blocksAsString(row.blocks);
                      } else {
                        r.mrkdwn(true);
                      }
                      if (target.ts != null) {
                        r.threadTs(target.ts);
                        r.replyBroadcast(row.broadcast);
                      }
                      return r;
                    });
          };
      if (answer == null) {
        return new Result.Retry(backoff(row.attempts), "no answer", false);
      }
      if (answer.isOk()) {
        if (answer instanceof ChatPostMessageResponse p) {
          return new Result.Sent(p.getChannel(), p.getTs());
        }
        if (answer instanceof ChatUpdateResponse u) {
          return new Result.Sent(u.getChannel(), u.getTs());
        }
        return new Result.Sent(target.channel, null);
      }
      String error = String.valueOf(answer.getError());
      if (error.equals("msg_too_long")) {
        return new Result.TooLong();
      }
      if (TRANSIENT.contains(error)) {
        return new Result.Retry(backoff(row.attempts), error, error.equals("ratelimited"));
      }
      return new Result.Refused(error);
    } catch (SlackApiException e) {
      int code = e.getResponse().code();
      if (code == 429) {
        return new Result.Retry(retryAfter(e), "HTTP 429 (rate limited)", true);
      }
      if (code >= 500 || code == 408) {
        return new Result.Retry(backoff(row.attempts), "HTTP " + code, false);
      }
      return new Result.Refused("HTTP " + code);
    } catch (IOException e) {
      // A timeout may hide a message Slack did post; Slack has no idempotency key to ask with,
      // so the row is tried again: a rare duplicate beats a message that never arrives.
      return new Result.Retry(backoff(row.attempts), "unreachable: " + e, false);
    } catch (RuntimeException e) {
      return new Result.Retry(backoff(row.attempts), e.toString(), false);
    }
  }

  private Duration retryAfter(SlackApiException e) {
    String header = e.getResponse().header("Retry-After");
    try {
      if (header != null) {
        return Duration.ofSeconds(Math.max(1, Long.parseLong(header.strip())));
      }
    } catch (NumberFormatException unreadable) {
      // Slack sends whole seconds; anything else falls back to the backoff below.
    }
    return properties.firstRetry();
  }

  private Duration backoff(int attempts) {
    Duration wait = properties.firstRetry().multipliedBy(1L << Math.min(attempts, 20));
    return wait.compareTo(properties.maxRetry()) > 0 ? properties.maxRetry() : wait;
  }

  private boolean claim(Row row, Instant now) {
    return jdbc.update(
            "UPDATE slack_outbox SET claimed_by = ?, lease_until = ? WHERE id = ? AND state = ?"
                + " AND (lease_until IS NULL OR lease_until < ?)",
            owner,
            at(now.plus(properties.lease())),
            row.id,
            row.state,
            at(now))
        == 1;
  }

  private void release(Row row, Instant next, String error) {
    jdbc.update(
        "UPDATE slack_outbox SET claimed_by = NULL, lease_until = NULL, attempts = attempts + 1,"
            + " next_attempt_at = ?, last_error = ? WHERE id = ? AND claimed_by = ?",
        at(next),
        cap(error),
        row.id,
        owner);
  }

  private void finish(Row row, String state, String channel, String ts, String error) {
    jdbc.update(
        "UPDATE slack_outbox SET state = ?, result_channel = COALESCE(?, result_channel),"
            + " result_ts = COALESCE(?, result_ts), last_error = ?, claimed_by = NULL,"
            + " lease_until = NULL, done_at = ? WHERE id = ? AND claimed_by = ?",
        state,
        channel,
        ts,
        cap(error),
        at(now()),
        row.id,
        owner);
  }

  private static String cap(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
  }

  private Instant now() {
    return clock.instant();
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  public void start() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "helmgate-slack-outbox");
              t.setDaemon(true);
              return t;
            });
    long every = properties.pollInterval().toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            deliverDue();
          } catch (RuntimeException e) {
            // The database or Slack is away: the rows wait, the next round tries again.
            log.warn("the Slack outbox could not deliver: {}", e.toString());
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
    poller = executor;
  }

  @Override
  public void stop() {
    ScheduledExecutorService executor = poller;
    poller = null;
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    long requestId = rs.getLong("request_id");
    boolean noRequest = rs.wasNull();
    return new Row(
        rs.getLong("id"),
        rs.getString("stream"),
        Kind.valueOf(rs.getString("kind")),
        noRequest ? 0 : requestId,
        rs.getString("channel"),
        rs.getString("message_ts"),
        rs.getString("text"),
        rs.getString("blocks"),
        rs.getBoolean("broadcast"),
        rs.getString("requester_id"),
        rs.getString("state"),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        instant(rs, "lease_until"),
        rs.getString("result_channel"),
        rs.getString("result_ts"),
        rs.getString("last_error"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private record Row(
      long id,
      String stream,
      Kind kind,
      long requestId,
      String channel,
      String messageTs,
      String text,
      String blocks,
      boolean broadcast,
      String requesterId,
      String state,
      int attempts,
      Instant nextAttemptAt,
      Instant leaseUntil,
      String resultChannel,
      String resultTs,
      String lastError) {}

  private record Target(String channel, String ts) {}

  private static final class Unsendable extends Exception {
    Unsendable(String message) {
      super(message);
    }
  }

  private sealed interface Result {
    record Sent(String channel, String ts) implements Result {}

    record Retry(Duration after, String error, boolean rateLimited) implements Result {}

    record TooLong() implements Result {}

    record Refused(String error) implements Result {}
  }
}
