package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import io.helmgate.bot.testsupport.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * While the database cannot be reached, the replay guard still refuses a replay: it remembers the
 * signatures it accepted in this process.
 */
class ReplayGuardWithoutDatabaseTest {

  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  /** A database that is down: every connection attempt fails. */
  static final class Down extends AbstractDataSource {
    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("connection refused", "08001");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }
  }

  final ReplayGuard guard = new ReplayGuard(new JdbcTemplate(new Down()), new MutableClock(NOW));

  Response send(String signature) throws Exception {
    RequestHeaders headers =
        new RequestHeaders(
            Map.of(
                "X-Slack-Request-Timestamp", List.of(Long.toString(NOW.getEpochSecond())),
                "X-Slack-Signature", List.of(signature)));
    return guard.apply(
        new SlashCommandRequest("command=%2Fdeploy&text=help", headers),
        Response.ok(),
        req -> Response.ok());
  }

  @Test
  void aRequestIsAcceptedOnceAndItsReplayRefusedFromMemory() throws Exception {
    assertThat(send("v0=aa").getStatusCode()).isEqualTo(200);
    assertThat(send("v0=aa").getStatusCode()).isEqualTo(401);
    assertThat(send("v0=bb").getStatusCode()).isEqualTo(200);
  }
}
