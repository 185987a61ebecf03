package io.helmgate.bot.store;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.port.LockStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Environment locks in the {@code locks} table, one row per target. */
class JdbcLockStore implements LockStore {

  /** Each retry follows a lock that expired or was lifted between two statements. */
  private static final int ATTEMPTS = 5;

  private final JdbcTemplate jdbc;

  JdbcLockStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Lock> find(Target target) {
    return jdbc
        .query(
            "SELECT * FROM locks WHERE customer = ? AND product = ? AND environment = ?",
            JdbcLockStore::row,
            target.customer(),
            target.product(),
            target.environment())
        .stream()
        .findFirst();
  }

  /**
   * Two statements, each atomic on its own, and no delete: the UPDATE takes over an expired or own
   * lock under the row's lock (PostgreSQL and H2 both re-check its WHERE after waiting for a
   * concurrent writer), and the INSERT of a missing row fails on the primary key when someone else
   * inserted first. Deleting and re-inserting in one transaction let two lockers each delete
   * nothing, insert, and both be told they hold the lock. Each statement commits on its own: a
   * failed INSERT would abort a PostgreSQL transaction around it.
   */
  @Override
  public Optional<Lock> acquire(Lock lock, Instant now) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (takeOver(lock, now) == 1) {
        return Optional.empty();
      }
      try {
        insert(lock);
        return Optional.empty();
      } catch (DuplicateKeyException e) {
        // Someone else inserted the row since our UPDATE found none or found it held.
      }
      Optional<Lock> holder = find(lock.target()).filter(other -> heldAgainst(other, lock, now));
      if (holder.isPresent()) {
        return holder;
      }
      // The lock that beat us expired or was lifted in between: try again.
    }
    throw new IllegalStateException(
        "could not take the lock on " + lock.target() + " after " + ATTEMPTS + " attempts");
  }

  private int takeOver(Lock lock, Instant now) {
    return jdbc.update(
        "UPDATE locks SET owner_id = ?, owner_name = ?, reason = ?, expires_at = ?"
            + " WHERE customer = ? AND product = ? AND environment = ?"
            + " AND (expires_at <= ? OR owner_id = ?)",
        lock.owner().id(),
        lock.owner().name(),
        lock.reason(),
        utc(lock.expiresAt()),
        lock.target().customer(),
        lock.target().product(),
        lock.target().environment(),
        utc(now),
        lock.owner().id());
  }

  private void insert(Lock lock) {
    jdbc.update(
        "INSERT INTO locks (customer, product, environment, owner_id, owner_name, reason,"
            + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        lock.target().customer(),
        lock.target().product(),
        lock.target().environment(),
        lock.owner().id(),
        lock.owner().name(),
        lock.reason(),
        utc(lock.expiresAt()));
  }

  private static boolean heldAgainst(Lock other, Lock wanted, Instant now) {
    return other.activeAt(now) && !other.owner().id().equals(wanted.owner().id());
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  public void remove(Target target) {
    jdbc.update(
        "DELETE FROM locks WHERE customer = ? AND product = ? AND environment = ?",
        target.customer(),
        target.product(),
        target.environment());
  }

  @Override
  public List<Lock> all() {
    return jdbc.query(
        "SELECT * FROM locks ORDER BY customer, product, environment", JdbcLockStore::row);
  }

  private static Lock row(ResultSet rs, int n) throws SQLException {
    return new Lock(
        new Target(rs.getString("customer"), rs.getString("product"), rs.getString("environment")),
        new UserRef(rs.getString("owner_id"), rs.getString("owner_name")),
        rs.getString("reason"),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant());
  }
}
