package io.helmgate.bot.store;

import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.request.AuditEvent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit trail in the {@code audit_log} table: append-only, hash-chained, verifiable. */
class JdbcAuditTrail implements AuditTrail {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final AuditChain chain;

  JdbcAuditTrail(JdbcTemplate jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.chain = new AuditChain(jdbc);
  }

  @Override
  public void append(List<AuditEvent> events) {
    tx.executeWithoutResult(status -> chain.append(events));
  }

  @Override
  public List<AuditEntry> entries(Query query) {
    StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    query
        .targetPrefix()
        .ifPresent(
            prefix -> {
              sql.append(" AND (target = ? OR target LIKE ?)");
              args.add(prefix);
              args.add(prefix.replace("%", "").replace("_", "\\_") + "/%");
            });
    query
        .requestId()
        .ifPresent(
            id -> {
              sql.append(" AND request_id = ?");
              args.add(id.number());
            });
    query
        .since()
        .ifPresent(
            since -> {
              sql.append(" AND occurred_at >= ?");
              args.add(OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            });
    sql.append(" ORDER BY seq");
    return jdbc.query(sql.toString(), AuditChain.ROWS, args.toArray());
  }

  @Override
  public Verification verify() {
    String previous = AuditChain.GENESIS;
    long checked = 0;
    long expectedSeq = 1;
    for (AuditEntry entry : jdbc.query("SELECT * FROM audit_log ORDER BY seq", AuditChain.ROWS)) {
      checked++;
      if (entry.seq() != expectedSeq) {
        return broken(checked, entry.seq(), "entry " + expectedSeq + " is missing");
      }
      if (!entry.previousHash().equals(previous)) {
        return broken(
            checked, entry.seq(), "entry " + entry.seq() + " does not link to the one before");
      }
      String recomputed = AuditChain.hash(entry.seq(), entry.event(), previous);
      if (!recomputed.equals(entry.hash())) {
        return broken(
            checked, entry.seq(), "entry " + entry.seq() + " was altered after it was written");
      }
      previous = entry.hash();
      expectedSeq++;
    }
    String head =
        jdbc.queryForObject("SELECT hash FROM audit_head WHERE id = 1", String.class).trim();
    if (!head.equals(previous)) {
      return broken(
          checked, expectedSeq, "the newest entries were removed: the chain head does not match");
    }
    return new Verification(checked, Optional.empty(), "all " + checked + " entries intact");
  }

  private static Verification broken(long checked, long seq, String message) {
    return new Verification(checked, Optional.of(seq), message);
  }
}
