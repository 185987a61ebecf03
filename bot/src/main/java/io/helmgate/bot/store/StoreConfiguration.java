package io.helmgate.bot.store;

import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.CertificateRecords;
import io.helmgate.domain.port.ExecutionClaims;
import io.helmgate.domain.port.LockStore;
import io.helmgate.domain.port.RequestStore;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the JDBC request store and audit trail; the schema comes from Flyway. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

  @Bean
  RequestStore requestStore(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, DataSource dataSource) {
    return new JdbcRequestStore(
        jdbc, new TransactionTemplate(transactions), isPostgres(dataSource));
  }

  /**
   * Which replica carries out which request: PostgreSQL advisory locks when several replicas may
   * share the database, in memory on the embedded H2 default (one process by construction).
   */
  @Bean
  ExecutionClaims executionClaims(DataSource dataSource) {
    return isPostgres(dataSource)
        ? new PostgresExecutionClaims(dataSource)
        : ExecutionClaims.inProcess();
  }

  @Bean
  LockStore lockStore(JdbcTemplate jdbc) {
    return new JdbcLockStore(jdbc);
  }

  @Bean
  AuditTrail auditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    return new JdbcAuditTrail(jdbc, new TransactionTemplate(transactions));
  }

  @Bean
  CertificateRecords certificateRecords(
      JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    return new JdbcCertificateRecords(jdbc, new TransactionTemplate(transactions));
  }

  /** The certificate records over one data source, for tests that run without Spring. */
  public static CertificateRecords certificateRecords(
      DataSource dataSource, PlatformTransactionManager transactions) {
    return new JdbcCertificateRecords(
        new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
  }

  /** Both stores over one data source, for tests and tools that run without Spring. */
  public static Stores create(DataSource dataSource, PlatformTransactionManager transactions) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    TransactionTemplate tx = new TransactionTemplate(transactions);
    return new Stores(
        new JdbcRequestStore(jdbc, tx, isPostgres(dataSource)), new JdbcAuditTrail(jdbc, tx));
  }

  /** The two stores. */
  public record Stores(RequestStore requests, AuditTrail audit) {}

  static boolean isPostgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
    }
  }
}
