package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.ApiClient;
import io.helmgate.bot.argocd.client.model.Application;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fixtures, settings and controllable time for the ArgoCD adapter's tests. */
final class ArgoCdTestSupport {

  static final String TOKEN = "argocd-test-not-a-token";
  static final String APP = "acme-payments-prod";
  static final String APP_PATH = "/api/v1/applications/" + APP;
  static final String NEW_SHA = "c0ffee1234567890abcdef1234567890abcdef12";
  static final Instant NOW = Instant.parse("2026-03-10T09:00:00Z");

  private ArgoCdTestSupport() {}

  /** A fixture file from this package's resources. */
  static String fixture(String name) {
    try (InputStream in = ArgoCdTestSupport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture read the way the generated client reads ArgoCD's answers. */
  static Application application(String name) {
    return ApiClient.createDefaultObjectMapper().readValue(fixture(name), Application.class);
  }

  /** Settings for tests: project {@code payments}, fast polls, default retry counts. */
  static ArgoCdProperties properties(String url) {
    return properties(url, Duration.ofSeconds(5), 3);
  }

  static ArgoCdProperties properties(String url, Duration requestTimeout, int transientRetries) {
    return new ArgoCdProperties(
        url,
        TOKEN,
        "payments",
        "{customer}-{product}-{env}",
        requestTimeout,
        Duration.ofMinutes(10),
        Duration.ofMillis(5),
        5,
        Duration.ofSeconds(3),
        transientRetries,
        Duration.ofSeconds(1),
        5,
        "",
        Map.of(),
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofHours(1),
        false,
        null,
        false);
  }

  /** Records the waits between retries instead of sleeping. */
  static final class RecordingSleeper implements ArgoCdCalls.Sleeper {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }
  }

  /** A clock that moves on by {@code step} each time it is read. */
  static final class SteppingClock extends Clock {
    private final Duration step;
    private Instant next;

    SteppingClock(Instant start, Duration step) {
      this.next = start;
      this.step = step;
    }

    @Override
    public synchronized Instant instant() {
      Instant now = next;
      next = next.plus(step);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
