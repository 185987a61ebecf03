package io.helmgate.bot.argocd;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.APP_PATH;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.NEW_SHA;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.NOW;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.SyncInfo;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sync from request to outcome: the deployer starts it, the watcher follows it in ArgoCD. */
class ArgoCdSyncWatchTest {

  private static final Target TARGET = new Target("acme", "payments", "prod");
  private static final SyncInfo REQUEST_42 =
      new SyncInfo(new RequestId(42), new UserRef("U04OPS0001", "Olga Ops"), NEW_SHA);

  private static WireMockServer argo;

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final RecordingListener listener = new RecordingListener();

  @BeforeAll
  static void startArgo() {
    argo = new WireMockServer(options().dynamicPort());
    argo.start();
  }

  @AfterAll
  static void stopArgo() {
    argo.stop();
  }

  @BeforeEach
  void reset() {
    argo.resetAll();
    argo.stubFor(
        post(urlPathEqualTo(APP_PATH + "/sync")).willReturn(okJson(fixture("sync-accepted.json"))));
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** GET answers the fixtures in turn, the last one from then on. */
  private static void applicationGoesThrough(List<String> fixtures) {
    String state = Scenario.STARTED;
    for (int i = 0; i < fixtures.size(); i++) {
      String next = i + 1 < fixtures.size() ? "look " + (i + 1) : state;
      argo.stubFor(
          get(urlPathEqualTo(APP_PATH))
              .withQueryParam("project", equalTo("payments"))
              .inScenario("sync")
              .whenScenarioStateIs(state)
              .willReturn(okJson(fixture(fixtures.get(i))))
              .willSetStateTo(next));
      state = next;
    }
  }

  private SyncTicket syncAndWatch(Clock clock) {
    ArgoCdDeployer deployer =
        new ArgoCdDeployer(
            ArgoCdTestSupport.properties(argo.baseUrl()),
            clock,
            new ArgoCdTestSupport.RecordingSleeper(),
            new Random(7));
    SyncTicket ticket = deployer.startSync(TARGET, REQUEST_42);
    new SyncWatcher(deployer, scheduler, clock, Duration.ofMillis(5), Duration.ofMinutes(10))
        .watch(ticket, listener);
    return ticket;
  }

  @Test
  void syncIsWatchedThroughRunningSucceededProgressingToHealthy() throws Exception {
    applicationGoesThrough(
        List.of(
            "app-multi-source.json", // read to pin the values revision
            "sync-accepted.json",
            "watch-running.json",
            "watch-running.json",
            "watch-succeeded.json",
            "watch-progressing.json",
            "watch-progressing.json",
            "watch-healthy.json"));

    syncAndWatch(Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(listener.awaitEnd()).isEqualTo(new SyncProgress.Healthy(NEW_SHA));
    assertThat(listener.phases)
        .extracting(p -> p.phase() + "/" + p.health())
        .containsExactly(
            "Pending/Healthy", "Running/Healthy", "Succeeded/Healthy", "Succeeded/Progressing");
    argo.verify(8, getRequestedFor(urlPathEqualTo(APP_PATH)));
  }

  @Test
  void syncThatLeavesTheAppDegradedEndsAsAFailedSync() throws Exception {
    applicationGoesThrough(
        List.of("app-multi-source.json", "watch-running.json", "watch-degraded.json"));

    syncAndWatch(Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(listener.awaitEnd())
        .isEqualTo(
            new SyncProgress.Failed(
                "Succeeded",
                "Degraded",
                "Deployment \"payments-api\" exceeded its progress deadline"));
  }

  @Test
  void syncThatNeverBecomesHealthyTimesOut() throws Exception {
    applicationGoesThrough(List.of("app-multi-source.json", "watch-progressing.json"));

    syncAndWatch(new ArgoCdTestSupport.SteppingClock(NOW, Duration.ofMinutes(1)));

    assertThat(listener.awaitEnd())
        .isEqualTo(
            new SyncProgress.Failed(
                "Succeeded",
                "Progressing",
                "timed out after 10m waiting for Healthy; last phase Succeeded, health Progressing:"
                    + " Waiting for rollout to finish: 1 old replicas are pending termination..."));
  }
}
