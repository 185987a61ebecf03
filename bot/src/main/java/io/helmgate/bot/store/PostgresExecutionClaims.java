package io.helmgate.bot.store;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.ExecutionClaims;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution claims as PostgreSQL session-level advisory locks, all held on one connection of this
 * process. PostgreSQL releases a session's advisory locks when the session ends, so a replica that
 * dies (killed, its node lost, its connection cut) gives its claims up without anyone cleaning up,
 * and another replica can resume its requests; while it lives, nobody else can.
 *
 * <p>If the connection breaks, its locks are gone with it: the next call opens a new one and takes
 * back every claim this process still holds. A claim another process took in between is lost, and
 * said so in the log; the request's own optimistic locking and the commit trailer search still keep
 * it from being committed twice.
 */
final class PostgresExecutionClaims implements ExecutionClaims, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PostgresExecutionClaims.class);

  /**
   * The first key of the two-key advisory lock form ("HGAT"): Helmgate's claims live in a space of
   * their own, apart from locks other code takes on the same database with other keys.
   */
  static final int LOCK_SPACE = 0x48474154;

  private final DataSource dataSource;
  private final Set<RequestId> held = new HashSet<>();
  private Connection connection;

  PostgresExecutionClaims(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public synchronized boolean claim(RequestId id) {
    if (held.contains(id)) {
      return false;
    }
    // a second attempt on a new session, for a connection that broke since the last call
    for (int attempt = 1; ; attempt++) {
      try {
        boolean claimed = tryLock(session(), id);
        if (claimed) {
          held.add(id);
        }
        return claimed;
      } catch (SQLException e) {
        dropSession();
        if (attempt == 2) {
          log.warn("cannot claim {}: the database does not answer: {}", id, e.getMessage());
          return false;
        }
      }
    }
  }

  @Override
  public synchronized void release(RequestId id) {
    if (!held.remove(id)) {
      return;
    }
    try (PreparedStatement unlock = session().prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
      unlock.setInt(1, LOCK_SPACE);
      unlock.setInt(2, key(id));
      unlock.executeQuery().close();
    } catch (SQLException e) {
      // a broken session holds nothing any more
      dropSession();
    }
  }

  @Override
  public synchronized void close() {
    held.clear();
    dropSession();
  }

  /** The open session; a new one takes back every claim this process holds. */
  private Connection session() throws SQLException {
    if (connection != null) {
      return connection;
    }
    connection = dataSource.getConnection();
    connection.setAutoCommit(true);
    // A partition must not hang every claim and release (they are synchronized): give up on a
    // call after 10 s. And the server must notice a replica that vanished without closing its
    // socket in about a minute, not after the kernel's two hours, so that its claims come free.
    connection.setNetworkTimeout(Runnable::run, 10_000);
    try (java.sql.Statement keepalive = connection.createStatement()) {
      keepalive.execute(
          "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10;"
              + " SET tcp_keepalives_count = 3");
    }
    for (RequestId id : List.copyOf(held)) {
      if (!tryLock(connection, id)) {
        held.remove(id);
        log.warn(
            "the claim on {} was lost while the database connection was down, and another"
                + " process has taken it",
            id);
      }
    }
    return connection;
  }

  /**
   * Ends the session itself, not just hands the connection back: a pool would keep the physical
   * session, and with it every advisory lock on it, alive for its next borrower.
   */
  private void dropSession() {
    if (connection != null) {
      try {
        connection.abort(Runnable::run);
      } catch (SQLException | RuntimeException ignored) {
        // it is being thrown away
      }
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already aborted
      }
      connection = null;
    }
  }

  private static boolean tryLock(Connection session, RequestId id) throws SQLException {
    try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      lock.setInt(1, LOCK_SPACE);
      lock.setInt(2, key(id));
      try (ResultSet result = lock.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  /** Request numbers come from a sequence; past 2^31 they wrap, which no bank will live to see. */
  static int key(RequestId id) {
    return (int) Math.floorMod(id.number(), 1L << 31);
  }
}
