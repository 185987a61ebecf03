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
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  final MutableClock clock = new MutableClock(NOW);
  final ReplayGuard guard = new ReplayGuard(clock);

  Response send(Instant stamped, String signature) throws Exception {
    RequestHeaders headers =
        new RequestHeaders(
            Map.of(
                "X-Slack-Request-Timestamp", List.of(Long.toString(stamped.getEpochSecond())),
                "X-Slack-Signature", List.of(signature)));
    SlashCommandRequest request = new SlashCommandRequest("command=%2Fdeploy&text=help", headers);
    return guard.apply(request, Response.ok(), req -> Response.ok());
  }

  @Test
  void aSignatureSeenBeforeIsRefused() throws Exception {
    assertThat(send(NOW, "v0=aa").getStatusCode()).isEqualTo(200);
    assertThat(send(NOW, "v0=aa").getStatusCode()).isEqualTo(401);
    assertThat(send(NOW, "v0=bb").getStatusCode()).isEqualTo(200);
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
    assertThat(send(ahead, "v0=aa").getStatusCode()).isEqualTo(401);
  }

  @Test
  void signaturesAreForgottenOnceStaleAndOnlyThoseThatAre() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      send(NOW.minusSeconds(i % 300), "v0=" + i);
    }
    assertThat(guard.remembered()).isEqualTo(1_000);

    // each is remembered until 6 minutes after its stamp: at NOW + 261 s, stamps older than
    // NOW - 99 s are forgotten, the rest are not
    clock.advance(Duration.ofMinutes(6).minusSeconds(99));
    send(NOW.plus(Duration.ofMinutes(1)), "v0=fresh");

    long expected = java.util.stream.IntStream.range(0, 1_000).filter(i -> i % 300 <= 99).count();
    assertThat(guard.remembered()).isEqualTo(expected + 1);
    assertThat(send(NOW, "v0=0").getStatusCode()).as("still remembered").isEqualTo(401);
  }
}
