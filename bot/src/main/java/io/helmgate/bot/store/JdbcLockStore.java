package io.helmgate.bot.store;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.port.LockStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Environment locks in the {@code locks} table, one row per target. */
class JdbcLockStore implements LockStore {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  JdbcLockStore(JdbcTemplate jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
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

  @Override
  public void put(Lock lock) {
    tx.executeWithoutResult(
        status -> {
          remove(lock.target());
          jdbc.update(
              "INSERT INTO locks (customer, product, environment, owner_id, owner_name, reason,"
                  + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              lock.target().customer(),
              lock.target().product(),
              lock.target().environment(),
              lock.owner().id(),
              lock.owner().name(),
              lock.reason(),
              OffsetDateTime.ofInstant(lock.expiresAt(), ZoneOffset.UTC));
        });
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
