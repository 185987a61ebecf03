package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The append-only, hash-chained audit trail. Events tied to a request's state change are appended
 * by {@link RequestStore} in the same transaction; this port records the rest (refusals, faults,
 * locks) and reads the trail back.
 */
public interface AuditTrail {

  /** Appends events in order, each chained to the one before. */
  void append(List<AuditEvent> events);

  /** Entries matching the query, oldest first. */
  List<AuditEntry> entries(Query query);

  /** Walks the whole chain; reports the first entry whose hash or link does not match. */
  Verification verify();

  /** What to read: all fields optional; {@code targetPrefix} like {@code acme/payments}. */
  record Query(
      Optional<String> targetPrefix, Optional<RequestId> requestId, Optional<Instant> since) {
    public static Query all() {
      return new Query(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Query request(RequestId id) {
      return new Query(Optional.empty(), Optional.of(id), Optional.empty());
    }
  }

  /** A stored event with its place in the chain. */
  record AuditEntry(long seq, AuditEvent event, String previousHash, String hash) {}

  /** The result of walking the chain. */
  record Verification(long entriesChecked, Optional<Long> firstBrokenSeq, String message) {
    public boolean intact() {
      return firstBrokenSeq.isEmpty();
    }
  }
}
