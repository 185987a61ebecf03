package io.helmgate.bot.store;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.request.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends audit events to the hash chain inside the caller's transaction. Each entry's hash covers
 * its own fields and the previous entry's hash; the single {@code audit_head} row is locked for the
 * append, so appends from several replicas form one chain.
 */
final class AuditChain {

  static final String GENESIS = "0".repeat(64);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

  private final JdbcTemplate jdbc;

  AuditChain(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Must run inside a transaction. */
  void append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    Map<String, Object> head =
        jdbc.queryForMap("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
    long seq = ((Number) head.get("seq")).longValue();
    String previous = ((String) head.get("hash")).trim();
    for (AuditEvent event : events) {
      seq++;
      AuditEvent stored = truncated(event);
      String hash = hash(seq, stored, previous);
      jdbc.update(
          "INSERT INTO audit_log (seq, occurred_at, request_id, actor_id, actor_name, event_type,"
              + " target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          seq,
          OffsetDateTime.ofInstant(stored.at(), ZoneOffset.UTC),
          stored.requestId().map(RequestId::number).orElse(null),
          stored.actor().map(UserRef::id).orElse(null),
          stored.actor().map(UserRef::name).orElse(null),
          stored.type().name(),
          stored.target().map(AuditChain::targetKey).orElse(null),
          JSON.writeValueAsString(stored.detail()),
          previous,
          hash);
      previous = hash;
    }
    jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, previous);
  }

  static String targetKey(Target target) {
    return target.app() + "/" + target.environment();
  }

  static Optional<Target> parseTarget(String key) {
    if (key == null) {
      return Optional.empty();
    }
    String[] parts = key.split("/");
    return Optional.of(new Target(parts[0], parts[1], parts[2]));
  }

  // Databases keep microseconds; hash what is stored, so verification recomputes the same value.
  private static AuditEvent truncated(AuditEvent e) {
    return new AuditEvent(
        e.type(),
        e.at().truncatedTo(ChronoUnit.MICROS),
        e.requestId(),
        e.actor(),
        e.target(),
        e.detail());
  }

  static String hash(long seq, AuditEvent e, String previous) {
    StringBuilder sb = new StringBuilder();
    field(sb, Long.toString(seq));
    field(sb, e.at().toString());
    field(sb, e.requestId().map(RequestId::toString).orElse(""));
    field(sb, e.actor().map(UserRef::id).orElse(""));
    field(sb, e.actor().map(UserRef::name).orElse(""));
    field(sb, e.type().name());
    field(sb, e.target().map(AuditChain::targetKey).orElse(""));
    field(sb, JSON.writeValueAsString(e.detail()));
    field(sb, previous);
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static void field(StringBuilder sb, String value) {
    sb.append(value.length()).append(':').append(value).append('|');
  }

  static final RowMapper<AuditEntry> ROWS =
      (ResultSet rs, int row) -> {
        String actorId = rs.getString("actor_id");
        Long requestId = (Long) rs.getObject("request_id", Long.class);
        AuditEvent event =
            new AuditEvent(
                AuditEvent.Type.valueOf(rs.getString("event_type")),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(requestId).map(RequestId::new),
                actorId == null
                    ? Optional.empty()
                    : Optional.of(new UserRef(actorId, rs.getString("actor_name"))),
                parseTarget(rs.getString("target")),
                readDetail(rs));
        return new AuditEntry(
            rs.getLong("seq"),
            event,
            rs.getString("prev_hash").trim(),
            rs.getString("hash").trim());
      };

  private static Map<String, String> readDetail(ResultSet rs) throws SQLException {
    return JSON.readValue(rs.getString("detail"), MAP);
  }
}
