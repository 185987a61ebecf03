package io.helmgate.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.testsupport.Databases;
import io.helmgate.domain.RequestId;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas' claims on one real PostgreSQL: exclusive while held, free once a holder is gone.
 */
class PostgresExecutionClaimsTest {

  final DataSource database = Databases.emptyPostgres();
  final PostgresExecutionClaims replicaA = new PostgresExecutionClaims(database);
  final PostgresExecutionClaims replicaB = new PostgresExecutionClaims(database);

  @AfterEach
  void close() {
    replicaA.close();
    replicaB.close();
  }

  @Test
  void aClaimIsExclusiveUntilItsHolderReleasesIt() {
    RequestId id = new RequestId(41);

    assertThat(replicaA.claim(id)).isTrue();
    assertThat(replicaA.claim(id)).as("not twice, not even by its holder").isFalse();
    assertThat(replicaB.claim(id)).isFalse();
    assertThat(replicaB.claim(new RequestId(42))).isTrue();

    replicaA.release(id);
    assertThat(replicaB.claim(id)).isTrue();
  }

  @Test
  void aReplicaThatDiesGivesUpItsClaimsWithItsSession() {
    RequestId id = new RequestId(43);
    assertThat(replicaA.claim(id)).isTrue();

    replicaA.close(); // the process is gone: PostgreSQL ends its session and its locks

    assertThat(replicaB.claim(id)).isTrue();
  }

  @Test
  void afterALostConnectionTheHolderTakesItsClaimsBack() {
    RequestId kept = new RequestId(44);
    assertThat(replicaA.claim(kept)).isTrue();

    // the database ends A's session under it (a restart, a network cut, an admin)
    java.util.List<Boolean> terminated =
        new JdbcTemplate(database)
            .queryForList(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND classid = ? AND objid = ?",
                Boolean.class,
                PostgresExecutionClaims.LOCK_SPACE,
                44);
    assertThat(terminated).containsExactly(true);

    assertThat(replicaA.claim(new RequestId(45))).as("A reconnects").isTrue();
    assertThat(replicaB.claim(kept)).as("and took its claim back").isFalse();
  }
}
