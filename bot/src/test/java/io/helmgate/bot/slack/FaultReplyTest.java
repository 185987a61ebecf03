package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** What a person is told when their command or click fails on a database fault. */
class FaultReplyTest {

  @Test
  void theDatabasesOwnTextReachesThePersonAsOneSafeCappedLine() {
    SQLException driver =
        new SQLException(
            "duplicate key value violates unique constraint\n"
                + "DETAIL: Key (reason)=(<!channel> click <https://evil.example|here>) already exists."
                + " password=hunter2 "
                + "x".repeat(500));

    String told =
        SlackListeners.unfinished(new DataIntegrityViolationException("insert failed", driver));

    assertThat(told)
        .startsWith("Helmgate could not finish this: its database failed (duplicate key value")
        .doesNotContain("\n", "<!channel>", "<https://", "hunter2")
        .endsWith(
            ". Nothing was committed; `/deploy pending` shows whether a request was recorded.");
    assertThat(told.length()).isLessThan(300);
  }
}
