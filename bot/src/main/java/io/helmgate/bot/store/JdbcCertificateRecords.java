package io.helmgate.bot.store;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CertificateCheck;
import io.helmgate.domain.port.CertificateInspector.Served;
import io.helmgate.domain.port.CertificateInspector.Unreachable;
import io.helmgate.domain.port.CertificateRecords;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Certificate checks in {@code certificate_checks} (the last one per environment) and the notices
 * sent in {@code certificate_notices} (V4__certificate_notices.sql).
 */
class JdbcCertificateRecords implements CertificateRecords {

  private static final String SERVED = "SERVED";
  private static final String UNREACHABLE = "UNREACHABLE";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  JdbcCertificateRecords(JdbcTemplate jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public void save(CertificateCheck check) {
    Target t = check.target();
    tx.executeWithoutResult(
        status -> {
          jdbc.update(
              "DELETE FROM certificate_checks WHERE customer = ? AND product = ? AND environment = ?",
              t.customer(),
              t.product(),
              t.environment());
          if (check.inspection() instanceof Served s) {
            jdbc.update(
                "INSERT INTO certificate_checks (customer, product, environment, host, checked_at,"
                    + " outcome, not_after, issuer, subject, names, chain_trusted, matches_host,"
                    + " problem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.customer(),
                t.product(),
                t.environment(),
                check.host(),
                utc(check.checkedAt()),
                SERVED,
                utc(s.notAfter()),
                cut(s.issuer(), 1000),
                cut(s.subject(), 1000),
                cut(String.join("\n", s.names()), 4000),
                s.chainTrusted(),
                s.matchesHost(),
                s.problem().map(p -> cut(p, 2000)).orElse(null));
          } else {
            jdbc.update(
                "INSERT INTO certificate_checks (customer, product, environment, host, checked_at,"
                    + " outcome, problem) VALUES (?, ?, ?, ?, ?, ?, ?)",
                t.customer(),
                t.product(),
                t.environment(),
                check.host(),
                utc(check.checkedAt()),
                UNREACHABLE,
                cut(((Unreachable) check.inspection()).reason(), 2000));
          }
        });
  }

  @Override
  public Optional<CertificateCheck> last(Target target) {
    return jdbc
        .query(
            "SELECT * FROM certificate_checks WHERE customer = ? AND product = ? AND environment = ?",
            JdbcCertificateRecords::row,
            target.customer(),
            target.product(),
            target.environment())
        .stream()
        .findFirst();
  }

  @Override
  public boolean notified(Target target, Instant notAfter, String notice) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM certificate_notices WHERE customer = ? AND product = ? AND"
                + " environment = ? AND not_after = ? AND notice = ?",
            Integer.class,
            target.customer(),
            target.product(),
            target.environment(),
            utc(notAfter),
            notice);
    return n != null && n > 0;
  }

  @Override
  public void recordNotice(Target target, Instant notAfter, String notice, Instant at) {
    try {
      jdbc.update(
          "INSERT INTO certificate_notices (customer, product, environment, not_after, notice,"
              + " notified_at) VALUES (?, ?, ?, ?, ?, ?)",
          target.customer(),
          target.product(),
          target.environment(),
          utc(notAfter),
          notice,
          utc(at));
    } catch (DuplicateKeyException e) {
      // recorded already (another replica, or a run that was retried): once is what counts
    }
  }

  @Override
  public void forgetNotice(Target target, String notice) {
    jdbc.update(
        "DELETE FROM certificate_notices WHERE customer = ? AND product = ? AND environment = ?"
            + " AND notice = ?",
        target.customer(),
        target.product(),
        target.environment(),
        notice);
  }

  private static CertificateCheck row(ResultSet rs, int n) throws SQLException {
    Target target =
        new Target(rs.getString("customer"), rs.getString("product"), rs.getString("environment"));
    Instant checkedAt = rs.getObject("checked_at", OffsetDateTime.class).toInstant();
    if (SERVED.equals(rs.getString("outcome"))) {
      String names = rs.getString("names");
      List<String> list =
          names == null || names.isEmpty() ? List.of() : Arrays.asList(names.split("\n"));
      return new CertificateCheck(
          target,
          rs.getString("host"),
          checkedAt,
          new Served(
              rs.getObject("not_after", OffsetDateTime.class).toInstant(),
              rs.getString("issuer"),
              rs.getString("subject"),
              list,
              rs.getBoolean("chain_trusted"),
              rs.getBoolean("matches_host"),
              Optional.ofNullable(rs.getString("problem"))));
    }
    return new CertificateCheck(
        target,
        rs.getString("host"),
        checkedAt,
        new Unreachable(Optional.ofNullable(rs.getString("problem")).orElse("unreachable")));
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
