package io.helmgate.bot.slack.outbox;

import com.google.gson.Gson;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import io.helmgate.bot.slack.render.Rendered;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.MessageRef;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where Helmgate puts every message it wants Slack to show: a row in {@code slack_outbox}, which
 * the {@link OutboxSender} delivers until Slack has it. Rows are written through the application's
 * {@link JdbcTemplate}, so a caller inside a Spring transaction writes them in that transaction
 * (with the state change they report) and they are sent only once it commits.
 */
public final class Outbox {

  /** Serialises blocks and views exactly as the Slack SDK sends them. */
  static final Gson JSON = GsonFactory.createSnakeCase();

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private volatile Consumer<String> kick = stream -> {};

  public Outbox(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * What runs once a row is stored (after the commit, inside a transaction): the sender delivers
   * the stream at once, so that people see a message as soon as it is written, not at the next
   * poll.
   */
  void onEnqueued(Consumer<String> kick) {
    this.kick = kick;
  }

  /** The stream of one request: its message, its updates and its thread, in order. */
  public static String requestStream(RequestId id) {
    return id.toString();
  }

  /**
   * A request's new message in {@code channel}, then {@code thread} in its thread (the whole change
   * when the message had to cut it); {@code requester} is told if the message cannot go. All rows
   * are stored before any is sent, so that nothing the request does later comes between them.
   */
  public void postRequest(
      RequestId id, String channel, Rendered message, String requester, List<Rendered> thread) {
    String stream = requestStream(id);
    store(
        stream,
        Kind.REQUEST_POST,
        id,
        channel,
        null,
        message.text(),
        blocks(message),
        false,
        requester);
    for (Rendered part : thread) {
      store(stream, Kind.THREAD, id, null, null, part.text(), blocks(part), false, null);
    }
    kickAfterCommit(stream);
  }

  /**
   * The request's message shows {@code message} from now on. An older state not yet sent is
   * dropped: only the newest state matters, so the message converges to the request's real one.
   */
  public void updateRequest(RequestId id, Optional<MessageRef> where, Rendered message) {
    String stream = requestStream(id);
    supersede(stream, Kind.REQUEST_UPDATE);
    insert(
        stream,
        Kind.REQUEST_UPDATE,
        id,
        where.map(MessageRef::conversation).orElse(null),
        where.map(MessageRef::id).orElse(null),
        message.text(),
        blocks(message),
        false,
        null);
  }

  /** A line in the request's thread; {@code broadcast} shows it in the channel too. */
  public void thread(RequestId id, Optional<MessageRef> where, Rendered line, boolean broadcast) {
    insert(
        requestStream(id),
        Kind.THREAD,
        id,
        where.map(MessageRef::conversation).orElse(null),
        where.map(MessageRef::id).orElse(null),
        line.text(),
        blocks(line),
        broadcast,
        null);
  }

  /** A direct message to a person ({@code U…}): Slack opens the conversation with them. */
  public void directMessage(String userId, Rendered message) {
    insert(
        "dm:" + userId,
        Kind.MESSAGE,
        null,
        userId,
        null,
        message.text(),
        blocks(message),
        false,
        null);
  }

  /** A notice in a channel, outside any request's thread. */
  public void channelMessage(String channel, Rendered message) {
    insert(
        "channel:" + channel,
        Kind.MESSAGE,
        null,
        channel,
        null,
        message.text(),
        blocks(message),
        false,
        null);
  }

  /** A person's App Home tab; like a request's message, only the newest view is sent. */
  public void home(String userId, View view) {
    String stream = "home:" + userId;
    supersede(stream, Kind.HOME);
    insert(stream, Kind.HOME, null, userId, null, "home", JSON.toJson(view), false, null);
  }

  private static String blocks(Rendered message) {
    return message.blocks().isEmpty() ? null : JSON.toJson(message.blocks());
  }

  /** Drops unsent, unclaimed rows of {@code kind} in {@code stream}: a newer one replaces them. */
  private void supersede(String stream, Kind kind) {
    OffsetDateTime now = now();
    jdbc.update(
        "UPDATE slack_outbox SET state = 'SUPERSEDED', done_at = ? WHERE stream = ? AND kind = ?"
            + " AND state = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)",
        now,
        stream,
        kind.name(),
        now);
  }

  private void insert(
      String stream,
      Kind kind,
      RequestId id,
      String channel,
      String messageTs,
      String text,
      String blocks,
      boolean broadcast,
      String requester) {
    store(stream, kind, id, channel, messageTs, text, blocks, broadcast, requester);
    kickAfterCommit(stream);
  }

  private void store(
      String stream,
      Kind kind,
      RequestId id,
      String channel,
      String messageTs,
      String text,
      String blocks,
      boolean broadcast,
      String requester) {
    OffsetDateTime now = now();
    jdbc.update(
        "INSERT INTO slack_outbox (stream, kind, request_id, channel, message_ts, text, blocks,"
            + " broadcast, requester_id, state, attempts, next_attempt_at, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)",
        stream,
        kind.name(),
        id == null ? null : id.number(),
        channel,
        messageTs,
        text,
        blocks,
        broadcast,
        requester,
        now,
        now);
  }

  private void kickAfterCommit(String stream) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              kick.accept(stream);
            }
          });
    } else {
      kick.accept(stream);
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** What a row asks Slack to do. */
  enum Kind {
    /** {@code chat.postMessage}: a request's message; its ts is kept for the rest. */
    REQUEST_POST,
    /** {@code chat.update} of the request's message. */
    REQUEST_UPDATE,
    /** {@code chat.postMessage} in the request's thread. */
    THREAD,
    /** {@code chat.postMessage}: a direct message or a channel notice. */
    MESSAGE,
    /** {@code views.publish}: a person's App Home. */
    HOME
  }
}
