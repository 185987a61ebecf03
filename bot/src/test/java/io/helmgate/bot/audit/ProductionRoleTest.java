package io.helmgate.bot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.bot.store.StoreConfiguration;
import io.helmgate.bot.testsupport.Databases;
import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.NewRequest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.Transition;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The grants documented in {@code docs/audit.md}, run as written on a real PostgreSQL: the
 * application works as that role, and the role cannot change or remove audit entries.
 */
class ProductionRoleTest {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final Pattern GRANTS =
      Pattern.compile(
          "<!-- production-role:begin[^>]*-->\\s*```sql\\n(.*?)```\\s*<!-- production-role:end -->",
          Pattern.DOTALL);
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private DataSource owner;
  private DataSource app;
  private String role;

  @BeforeEach
  void grantTheDocumentedPrivilegesToAFreshRole() throws Exception {
    owner = Databases.postgres();
    role = "helmgate_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String database =
        new JdbcTemplate(owner).queryForObject("SELECT current_database()", String.class);
    String script =
        documentedGrants()
            .replaceAll("\\bhelmgate_app\\b", role)
            .replaceAll("DATABASE helmgate\\b", "DATABASE " + database);
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute(script);
    }
    app = new DriverManagerDataSource(Databases.jdbcUrl(owner), role, "");
  }

  @AfterEach
  void dropTheRole() throws SQLException {
    // Roles belong to the whole server, which the other PostgreSQL tests share.
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP OWNED BY " + role);
      s.execute("DROP ROLE " + role);
    }
  }

  static String documentedGrants() throws IOException {
    Path doc = findUp(Path.of("docs", "audit.md"));
    Matcher m = GRANTS.matcher(Files.readString(doc, StandardCharsets.UTF_8));
    assertThat(m.find()).as("the production-role SQL block in %s", doc).isTrue();
    return m.group(1);
  }

  private static Path findUp(Path relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void theApplicationRunsItsRequestsAndTrailAsTheProductionRole() {
    StoreConfiguration.Stores stores =
        StoreConfiguration.create(app, new DataSourceTransactionManager(app));
    NewRequest spec =
        new NewRequest(
            stores.requests().nextId(),
            RequestKind.DEPLOY,
            new Target("acme", "payments", "prod"),
            new UserRef("U0ALICE", "Alice Ops"),
            Optional.of("CHG-1"),
            Optional.empty(),
            Optional.empty(),
            new ChangeSet(List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.2"))),
            "0123456789abcdef0123456789abcdef01234567",
            Optional.empty(),
            false,
            List.of());
    Transition.Moved opened = RequestLifecycle.open(spec, 1, Duration.ofHours(1), T0);
    Request stored = stores.requests().insert(opened.request(), opened.events());
    Transition.Moved approved =
        (Transition.Moved)
            RequestLifecycle.approve(
                stored, new UserRef("U0BOB", "Bob Ops"), Set.of(Role.OPS), T0.plusSeconds(5));
    stores
        .requests()
        .update(approved.request().withMessage(new MessageRef("C1", "1.2")), approved.events());
    stores
        .audit()
        .append(
            List.of(
                new AuditEvent(
                    AuditEvent.Type.REFUSED,
                    T0.plusSeconds(6),
                    Optional.empty(),
                    Optional.of(new UserRef("U0DEV", "Dana")),
                    Optional.empty(),
                    Map.of("rule", "developers-read-only"))));

    assertThat(stores.audit().entries(AuditTrail.Query.all())).hasSize(4);
    assertThat(stores.audit().verify().intact()).isTrue();
    assertThat(stores.requests().find(stored.id()).orElseThrow().approvedBy()).hasSize(1);
  }

  @Test
  void theProductionRoleCannotUpdateDeleteOrTruncateTheTrail() {
    appendOneEntryAsTheApplication();

    assertRefused("UPDATE audit_log SET actor_name = 'Mallory'");
    assertRefused("DELETE FROM audit_log");
    assertRefused("TRUNCATE audit_log");
    assertRefused("DELETE FROM audit_head");
    assertRefused("UPDATE audit_head SET id = 2");
    assertRefused("INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')");
  }

  @Test
  void theProductionRoleCannotRewriteWhoAskedForWhatOrAnApproval() {
    appendOneEntryAsTheApplication();

    assertRefused("UPDATE requests SET requester_id = 'U0MALLORY'");
    assertRefused("UPDATE requests SET change_json = '[]'");
    assertRefused("UPDATE requests SET digest = 'x'");
    assertRefused("DELETE FROM requests");
    assertRefused("UPDATE approvals SET approver_id = 'U0MALLORY'");
    assertRefused("DELETE FROM approvals");
    assertRefused("CREATE TABLE shadow (id INT)");
  }

  @Test
  void whatTheProductionRoleMayChangeInTheHeadIsCaughtByVerification() {
    AuditTrail trail = appendOneEntryAsTheApplication();

    new JdbcTemplate(app).update("UPDATE audit_head SET hash = ? WHERE id = 1", "f".repeat(64));

    AuditTrail.Verification v = trail.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.message()).contains("chain head does not match");
  }

  private AuditTrail appendOneEntryAsTheApplication() {
    AuditTrail trail =
        StoreConfiguration.create(app, new DataSourceTransactionManager(app)).audit();
    trail.append(
        List.of(
            new AuditEvent(
                AuditEvent.Type.FAULT,
                T0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of("what", "test"))));
    assertThat(trail.verify().intact()).isTrue();
    return trail;
  }

  private void assertRefused(String sql) {
    assertThatThrownBy(
            () -> {
              try (Connection c = app.getConnection();
                  Statement s = c.createStatement()) {
                s.execute(sql);
              }
            })
        .as(sql)
        .isInstanceOf(SQLException.class)
        .satisfies(
            e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
  }
}
