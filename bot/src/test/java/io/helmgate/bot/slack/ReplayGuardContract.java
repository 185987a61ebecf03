package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import io.helmgate.bot.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replay guard remembers accepted signatures in the database: refused by any replica that
 * shares it, after a restart, and until the signature's own timestamp is stale. Run on H2 (the
 * embedded default) and PostgreSQL.
 */
abstract class ReplayGuardContract {

  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  final MutableClock clock = new MutableClock(NOW);
  final JdbcTemplate jdbc;
  final ReplayGuard guard;

  ReplayGuardContract(DataSource database) {
    this.jdbc = new JdbcTemplate(database);
    this.guard = new ReplayGuard(jdbc, clock);
  }

  Response send(ReplayGuard to, Instant stamped, String signature) throws Exception {
    RequestHeaders headers =
        new RequestHeaders(
            Map.of(
                "X-Slack-Request-Timestamp", List.of(Long.toString(stamped.getEpochSecond())),
                "X-Slack-Signature", List.of(signature)));
    SlashCommandRequest request = new SlashCommandRequest("command=%2Fdeploy&text=help", headers);
    return to.apply(request, Response.ok(), req -> Response.ok());
  }

  Response send(Instant stamped, String signature) throws Exception {
    return send(guard, stamped, signature);
  }

  int remembered() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM slack_signatures", Integer.class);
  }

  @Test
  void aSignatureSeenBeforeIsRefused() throws Exception {
    assertThat(send(NOW, "v0=aa").getStatusCode()).isEqualTo(200);
    assertThat(send(NOW, "v0=aa").getStatusCode()).isEqualTo(401);
    assertThat(send(NOW, "v0=bb").getStatusCode()).isEqualTo(200);
  }

  @Test
  void aSignatureAcceptedBeforeARestartIsRefusedAfterIt() throws Exception {
    assertThat(send(NOW, "v0=aa").getStatusCode()).isEqualTo(200);

    ReplayGuard restarted = new ReplayGuard(jdbc, clock);
    clock.advance(Duration.ofMinutes(2));

    assertThat(send(restarted, NOW, "v0=aa").getStatusCode()).isEqualTo(401);
  }

  @Test
  void aSignatureAcceptedByOneReplicaIsRefusedByAnother() throws Exception {
    ReplayGuard other = new ReplayGuard(jdbc, clock);

    assertThat(send(guard, NOW, "v0=aa").getStatusCode()).isEqualTo(200);
    assertThat(send(other, NOW, "v0=aa").getStatusCode()).isEqualTo(401);
    assertThat(send(other, NOW, "v0=bb").getStatusCode()).isEqualTo(200);
    assertThat(send(guard, NOW, "v0=bb").getStatusCode()).isEqualTo(401);
  }

  @Test
  void theSameSignatureArrivingAtTwoReplicasAtOnceIsAcceptedOnce() throws Exception {
    ReplayGuard other = new ReplayGuard(jdbc, clock);
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 50; i++) {
        String signature = "v0=race" + i;
        Callable<Integer> a = () -> send(guard, NOW, signature).getStatusCode();
        Callable<Integer> b = () -> send(other, NOW, signature).getStatusCode();
        Future<Integer> first = replicas.submit(a);
        Future<Integer> second = replicas.submit(b);
        assertThat(List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS)))
            .as(signature)
            .containsExactlyInAnyOrder(200, 401);
      }
    } finally {
      replicas.shutdownNow();
    }
  }

  @Test
  void aTimestampMoreThanTheWindowAheadIsRefusedThoughBoltAcceptsIt() throws Exception {
    assertThat(send(NOW.plus(Duration.ofMinutes(5)), "v0=aa").getStatusCode()).isEqualTo(200);
    assertThat(send(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), "v0=bb").getStatusCode())
        .isEqualTo(401);
    assertThat(send(NOW.plus(Duration.ofDays(30)), "v0=cc").getStatusCode()).isEqualTo(401);
  }

  @Test
  void aSignatureIsRememberedUntilItsOwnTimestampIsStaleNotJustFiveMinutesAfterItCame()
      throws Exception {
    Instant ahead = NOW.plus(Duration.ofMinutes(4));
    assertThat(send(ahead, "v0=aa").getStatusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(8)); // Bolt still accepts it: 4 minutes old
    assertThat(send(new ReplayGuard(jdbc, clock), ahead, "v0=aa").getStatusCode()).isEqualTo(401);
  }

  @Test
  void signaturesAreForgottenOnceStaleAndOnlyThoseThatAre() throws Exception {
    for (int i = 0; i < 300; i++) {
      send(NOW.minusSeconds(i), "v0=" + i);
    }
    assertThat(remembered()).isEqualTo(300);

    // each is remembered until 6 minutes after its stamp: at NOW + 261 s, stamps older than
    // NOW - 99 s are forgotten, the rest are not
    clock.advance(Duration.ofMinutes(6).minusSeconds(99));
    send(NOW.plus(Duration.ofMinutes(1)), "v0=fresh");

    assertThat(remembered()).isEqualTo(100 + 1);
    assertThat(send(new ReplayGuard(jdbc, clock), NOW, "v0=0").getStatusCode())
        .as("still remembered")
        .isEqualTo(401);
  }

  @Test
  void theTableHoldsAHashNotTheSignature() throws Exception {
    send(NOW, "v0=0123456789abcdef");

    assertThat(jdbc.queryForList("SELECT signature_hash FROM slack_signatures", String.class))
        .singleElement()
        .asString()
        .hasSize(64)
        .doesNotContain("0123456789abcdef");
  }
}
