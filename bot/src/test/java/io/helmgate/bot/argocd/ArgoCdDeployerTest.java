package io.helmgate.bot.argocd;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.APP;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.APP_PATH;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.NOW;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.TOKEN;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeployerException.Kind;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SyncOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The ArgoCD deployer against a WireMock ArgoCD that answers with ArgoCD's real JSON: the status
 * read (which retries), and how every call maps Argo CD's errors. The pipeline's calls against a
 * stateful Argo CD are in {@link ArgoCdPipelineCallsTest}.
 */
class ArgoCdDeployerTest {

  private static final Target TARGET = new Target("acme", "payments", "prod");
  private static final UserRef OLGA = new UserRef("U04OPS0001", "Olga Ops");
  private static final SyncOrder REQUEST_42 =
      new SyncOrder(new RequestId(42), OLGA, Optional.empty(), false);
  private static final String SYNC_PATH = APP_PATH + "/sync";
  private static final String WINDOWS_PATH = APP_PATH + "/syncwindows";

  private static WireMockServer argo;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private ArgoCdTestSupport.RecordingSleeper sleeper;
  private ArgoCdDeployer deployer;

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
    sleeper = new ArgoCdTestSupport.RecordingSleeper();
    deployer = deployer(ArgoCdTestSupport.properties(argo.baseUrl()));
  }

  private ArgoCdDeployer deployer(ArgoCdProperties properties) {
    return new ArgoCdDeployer(properties, clock, sleeper, new Random(7));
  }

  private static void stubApp(String fixture) {
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH))
            .withQueryParam("project", equalTo("payments"))
            .willReturn(okJson(fixture(fixture))));
  }

  private static void stubWindows(String fixture) {
    argo.stubFor(
        get(urlPathEqualTo(WINDOWS_PATH))
            .withQueryParam("project", equalTo("payments"))
            .willReturn(okJson(fixture(fixture))));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(fixture));
  }

  // --- status ---------------------------------------------------------------------------------

  @Test
  void statusOfMultiSourceAppReadsRevisionsNewestHistoryFirstAndActiveWindows() {
    stubApp("app-multi-source.json");
    stubWindows("syncwindows-deny-manual-allowed.json");

    DeploymentStatus status = deployer.status(TARGET);

    assertThat(status.application()).isEqualTo(APP);
    assertThat(status.syncStatus()).isEqualTo("Synced");
    assertThat(status.health()).isEqualTo("Healthy");
    assertThat(status.revisions())
        .containsExactly("2.7.1", "6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192");
    assertThat(status.operationPhase()).isEqualTo("Succeeded");
    assertThat(status.operationMessage()).isEqualTo("successfully synced (all tasks run)");
    assertThat(status.history())
        .extracting(DeploymentStatus.Deployment::id)
        .containsExactly(12L, 11L, 10L, 9L, 8L);
    DeploymentStatus.Deployment newest = status.history().get(0);
    assertThat(newest.revisions())
        .containsExactly("2.7.1", "6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192");
    assertThat(newest.deployedAt()).isEqualTo(Instant.parse("2026-03-06T09:15:40Z"));
    assertThat(newest.initiatedBy()).isEqualTo("helmgate-bot");
    assertThat(status.canSync()).isTrue();
    assertThat(status.activeWindows())
        .containsExactly("deny 0 22 * * * for 1h (manual sync allowed)");
  }

  @Test
  void statusOfSingleSourceAppReadsItsOneRevisionAndNoActiveWindow() {
    stubApp("app-single-source.json");
    stubWindows("syncwindows-none-active.json");

    DeploymentStatus status = deployer.status(TARGET);

    assertThat(status.syncStatus()).isEqualTo("OutOfSync");
    assertThat(status.revisions()).containsExactly("8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b");
    assertThat(status.history())
        .extracting(DeploymentStatus.Deployment::revisions)
        .containsExactly(
            List.of("7f6e5d4c3b2a19080f7e6d5c4b3a291807f6e5d4"),
            List.of("0a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4"));
    assertThat(status.activeWindows()).isEmpty();
    assertThat(status.canSync()).isTrue();
  }

  @Test
  void historyShowsAutoSyncForEntriesTheControllerStarted() {
    stubApp("app-multi-source.json");
    stubWindows("syncwindows-none-active.json");
    ArgoCdProperties longHistory =
        new ArgoCdProperties(
            argo.baseUrl(),
            TOKEN,
            "payments",
            "{customer}-{product}-{env}",
            Duration.ofSeconds(5),
            Duration.ofMinutes(10),
            Duration.ofMillis(5),
            5,
            Duration.ofSeconds(3),
            3,
            Duration.ofSeconds(1),
            10,
            "",
            java.util.Map.of(),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            Duration.ofHours(1),
            false,
            null,
            false);

    DeploymentStatus status = deployer(longHistory).status(TARGET);

    assertThat(status.history()).hasSize(6);
    assertThat(status.history().get(5).initiatedBy()).isEqualTo("auto-sync");
  }

  // --- sync request ---------------------------------------------------------------------------

  @Test
  void statusRightAfterASyncRequestShowsThePendingOperation() {
    stubApp("sync-accepted.json");
    stubWindows("syncwindows-none-active.json");

    assertThat(deployer.status(TARGET).operationPhase()).isEqualTo("Pending");
  }

  // --- error mapping --------------------------------------------------------------------------

  @Test
  void syncWithoutRbacPermissionNamesTheMissingSyncAction() {
    argo.stubFor(
        post(urlPathEqualTo(SYNC_PATH)).willReturn(error(403, "error-permission-denied.json")));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.startSync(TARGET, REQUEST_42));

    assertThat(e.kind()).isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(e.getMessage())
        .isEqualTo(
            "ArgoCD denied Helmgate's account `applications, sync` on `acme-payments-prod` in"
                + " project `payments`; add the RBAC policy line"
                + " `p, helmgate-bot, applications, sync, payments/acme-payments-prod, allow`");
  }

  @Test
  void statusWithoutRbacPermissionNamesTheMissingGetAction() {
    // With `project` given, a missing `get` is Argo CD's plain "permission denied"
    // (server/application/application.go getAppEnforceRBAC): the call's own action fills in.
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH)).willReturn(error(403, "error-permission-denied-plain.json")));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.status(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(e.getMessage())
        .contains("`applications, get`")
        .contains("project `payments`")
        .endsWith(
            "`p, <Helmgate's subject>, applications, get, payments/acme-payments-prod, allow`");
  }

  @Test
  void missingApplicationIsNotFoundPointingAtTheNameTemplate() {
    argo.stubFor(get(urlPathEqualTo(APP_PATH)).willReturn(error(404, "error-not-found.json")));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.status(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "no ArgoCD application `acme-payments-prod` in project `payments`;"
                + " check helmgate.argocd.app-name-template");
    argo.verify(
        1,
        getRequestedFor(urlPathEqualTo(APP_PATH)).withQueryParam("project", equalTo("payments")));
  }

  @Test
  void expiredTokenIsUnauthenticatedPointingAtTheTokenSetting() {
    argo.stubFor(
        post(urlPathEqualTo(SYNC_PATH)).willReturn(error(401, "error-unauthenticated.json")));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.startSync(TARGET, REQUEST_42));

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHENTICATED);
    assertThat(e.getMessage())
        .contains("token is expired")
        .contains("helmgate.argocd.token")
        .doesNotContain(TOKEN);
  }

  @Test
  void syncToARevisionOfAnAutoSyncedAppIsRejectedSayingItIsAutoSynced() {
    stubApp("app-single-source.json");
    argo.stubFor(
        post(urlPathEqualTo(SYNC_PATH)).willReturn(error(400, "error-auto-sync-revision.json")));

    DeployerException e =
        catchThrowableOfType(
            DeployerException.class,
            () ->
                deployer.startSync(
                    TARGET,
                    new SyncOrder(
                        new RequestId(42), OLGA, Optional.of(ArgoCdTestSupport.NEW_SHA), false)));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage())
        .isEqualTo(
            "ArgoCD application `acme-payments-prod` is auto-synced (spec.syncPolicy.automated),"
                + " and Argo CD syncs an auto-synced application only to its target revision,"
                + " never to a named one: Cannot sync to"
                + " c0ffee1234567890abcdef1234567890abcdef12: auto-sync currently set to main."
                + " Sync it without a revision, or turn auto-sync off");
    argo.verify(1, postRequestedFor(urlPathEqualTo(SYNC_PATH)));
  }

  @Test
  void serverErrorIsRetriedWithGrowingJitteredBackoffThenSucceeds() {
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(503, "error-unavailable.json"))
            .willSetStateTo("again"));
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("again")
            .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"))
            .willSetStateTo("up"));
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(okJson(fixture("app-multi-source.json"))));
    stubWindows("syncwindows-none-active.json");

    DeploymentStatus status = deployer.status(TARGET);

    assertThat(status.health()).isEqualTo("Healthy");
    argo.verify(3, getRequestedFor(urlPathEqualTo(APP_PATH)));
    assertThat(sleeper.sleeps).hasSize(2);
    assertThat(sleeper.sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(sleeper.sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void serverErrorThatPersistsIsUnavailableAfterTheBoundedRetries() {
    argo.stubFor(get(urlPathEqualTo(APP_PATH)).willReturn(error(503, "error-unavailable.json")));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.status(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith("ArgoCD at " + argo.baseUrl() + " is unavailable: it answered 503")
        .contains("argocd-repo-server: no such host")
        .endsWith("(tried 4 times)");
    argo.verify(4, getRequestedFor(urlPathEqualTo(APP_PATH)));
    assertThat(sleeper.sleeps).hasSize(3);
    assertThat(sleeper.sleeps.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void droppedConnectionIsRetriedThenUnavailable() {
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.status(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("ArgoCD at " + argo.baseUrl()).endsWith("(tried 4 times)");
    argo.verify(4, getRequestedFor(urlPathEqualTo(APP_PATH)));
  }

  @Test
  void answerSlowerThanTheRequestTimeoutIsUnavailable() {
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH))
            .willReturn(okJson(fixture("app-multi-source.json")).withFixedDelay(3_000)));
    ArgoCdDeployer impatient =
        deployer(ArgoCdTestSupport.properties(argo.baseUrl(), Duration.ofMillis(200), 0));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> impatient.status(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo(
            "ArgoCD at "
                + argo.baseUrl()
                + " did not answer within 200 ms (helmgate.argocd.request-timeout)");
  }

  @Test
  void answerThatIsNotArgoCdJsonPointsAtTheUrlSetting() {
    argo.stubFor(
        get(urlPathEqualTo(APP_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Sign in with SSO</body></html>")));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.status(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("not ArgoCD's JSON").endsWith("check helmgate.argocd.url");
    argo.verify(1, getRequestedFor(urlPathEqualTo(APP_PATH)));
  }

  @Test
  void observeLooksOnceAndLeavesRetriesToThePipeline() {
    argo.stubFor(get(urlPathEqualTo(APP_PATH)).willReturn(error(503, "error-unavailable.json")));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.observe(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.isTransient()).isTrue();
    argo.verify(1, getRequestedFor(urlPathEqualTo(APP_PATH)));
    assertThat(sleeper.sleeps).isEmpty();
  }

  // --- terminate ------------------------------------------------------------------------------

  @Test
  void terminateOfAnOperationThatEndedJustBeforeIsFalse() {
    // Our operation was running at the look; Argo CD found none when the DELETE arrived.
    stubApp("watch-running.json");
    argo.stubFor(
        delete(urlPathEqualTo(APP_PATH + "/operation"))
            .withQueryParam("project", equalTo("payments"))
            .willReturn(error(400, "error-no-operation.json")));

    assertThat(deployer.terminate(TARGET, new RequestId(42))).isFalse();
    argo.verify(1, deleteRequestedFor(urlPathEqualTo(APP_PATH + "/operation")));
  }

  // --- token ----------------------------------------------------------------------------------

  @Test
  void everyCallCarriesTheBearerTokenAndNoLogLineOrMessageContainsIt() {
    Logger logger = (Logger) LoggerFactory.getLogger("io.helmgate");
    Level level = logger.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    logger.setLevel(Level.TRACE);
    try {
      stubApp("app-multi-source.json");
      stubWindows("syncwindows-none-active.json");
      deployer.status(TARGET);
      argo.stubFor(
          post(urlPathEqualTo(SYNC_PATH)).willReturn(error(403, "error-permission-denied.json")));
      DeployerException busy =
          catchThrowableOfType(
              DeployerException.class, () -> deployer.startSync(TARGET, REQUEST_42));
      argo.stubFor(get(urlPathEqualTo(APP_PATH)).willReturn(error(503, "error-unavailable.json")));
      DeployerException down =
          catchThrowableOfType(DeployerException.class, () -> deployer.status(TARGET));
      argo.stubFor(
          get(urlPathEqualTo(APP_PATH)).willReturn(error(401, "error-unauthenticated.json")));
      DeployerException unauthenticated =
          catchThrowableOfType(DeployerException.class, () -> deployer.status(TARGET));

      assertThat(argo.getAllServeEvents())
          .isNotEmpty()
          .allSatisfy(
              event ->
                  assertThat(event.getRequest().getHeader("Authorization"))
                      .isEqualTo("Bearer " + TOKEN));
      assertThat(logs.list).isNotEmpty();
      assertThat(logs.list)
          .allSatisfy(
              event -> {
                assertThat(event.getFormattedMessage()).doesNotContain(TOKEN);
                if (event.getThrowableProxy() != null) {
                  assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                      .doesNotContain(TOKEN);
                }
              });
      for (DeployerException e : List.of(busy, down, unauthenticated)) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
        }
      }
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(level);
    }
  }

  // --- not configured -------------------------------------------------------------------------

  @Test
  void withoutUrlNothingIsCalledAndEachOperationSaysArgoCdIsNotConfigured() {
    ArgoCdDeployer unconfigured = deployer(ArgoCdTestSupport.properties(""));

    assertThat(unconfigured.isConfigured()).isFalse();
    for (Runnable call :
        List.<Runnable>of(
            () -> unconfigured.status(TARGET),
            () -> unconfigured.facts(TARGET),
            () -> unconfigured.syncWindow(TARGET),
            () -> unconfigured.startSync(TARGET, REQUEST_42),
            () -> unconfigured.observe(TARGET),
            () -> unconfigured.terminate(TARGET, new RequestId(42)))) {
      DeployerException e = catchThrowableOfType(DeployerException.class, call::run);
      assertThat(e.kind()).isEqualTo(Kind.NOT_CONFIGURED);
      assertThat(e.getMessage())
          .isEqualTo(
              "ArgoCD is not configured (helmgate.argocd.url); the commit landed and auto-sync"
                  + " environments will pick it up");
    }
    assertThat(argo.getAllServeEvents()).isEmpty();
  }

  // --- readiness ------------------------------------------------------------------------------

  private static final String USERINFO = "/api/v1/session/userinfo";

  @Test
  void readyWhenArgoCdKnowsTheToken() {
    argo.stubFor(
        get(urlPathEqualTo(USERINFO))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(
                okJson("{\"loggedIn\":true,\"username\":\"helmgate\"," + "\"iss\":\"argocd\"}")));

    assertThat(deployer.readinessProblem()).isEmpty();
  }

  @Test
  void notReadyWhenArgoCdAnswersButDoesNotTakeTheToken() {
    // ArgoCD answers userinfo without a valid token too; omitempty leaves loggedIn out
    argo.stubFor(get(urlPathEqualTo(USERINFO)).willReturn(okJson("{}")));

    assertThat(deployer.readinessProblem())
        .contains("ArgoCD does not accept helmgate.argocd.token");
  }

  @Test
  void notReadyWhenArgoCdFailsOrIsGone() {
    argo.stubFor(get(urlPathEqualTo(USERINFO)).willReturn(error(503, "error-unavailable.json")));
    assertThat(deployer.readinessProblem()).hasValueSatisfying(p -> assertThat(p).contains("503"));

    argo.stubFor(
        get(urlPathEqualTo(USERINFO))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(deployer.readinessProblem())
        .hasValueSatisfying(p -> assertThat(p).contains("does not answer"));
    assertThat(argo.findAll(getRequestedFor(urlPathEqualTo(USERINFO)))).hasSize(2);
  }
}
