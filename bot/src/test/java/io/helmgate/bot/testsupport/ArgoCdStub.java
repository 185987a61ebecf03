package io.helmgate.bot.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * WireMock answers of ArgoCD's API, built from the JSON fixtures under {@code
 * /io/helmgate/bot/argocd/} (real shapes of ArgoCD's answers) with the application renamed.
 */
public final class ArgoCdStub {

  private static final String DATE = "\"20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"";
  private static final String FIXTURE_APP = "acme-payments-prod";

  private ArgoCdStub() {}

  /** A fixture's text, as stored. */
  public static String fixture(String name) {
    try (InputStream in = ArgoCdStub.class.getResourceAsStream("/io/helmgate/bot/argocd/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no ArgoCD fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fixture whose timestamps are a second from now: the watcher ignores operations older than the
   * sync it started, so these ones count as current if the sync starts within a few seconds.
   */
  public static String current(String fixture) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
    return fixture(fixture).replaceAll(DATE, "\"" + now + "\"");
  }

  /**
   * An answer whose timestamps are the moment WireMock sends it (response templating), for an
   * application named {@code app}: current however late the sync starts.
   */
  public static ResponseDefinitionBuilder live(String fixture, String app) {
    return okJson(fixture(fixture).replaceAll(DATE, "\"{{now}}\"").replace(FIXTURE_APP, app))
        .withTransformers("response-template");
  }

  /**
   * ArgoCD knows the bot's token: {@code session/userinfo} says {@code loggedIn}, so readiness
   * (which asks it) is UP.
   */
  public static void knowsTheToken(WireMockServer argo) {
    argo.stubFor(
        get(urlPathEqualTo("/api/v1/session/userinfo"))
            .willReturn(
                okJson("{\"loggedIn\":true,\"username\":\"helmgate\",\"iss\":\"argocd\"}")));
  }

  /** The path of one application in ArgoCD's API. */
  public static String path(String app) {
    return "/api/v1/applications/" + app;
  }

  /** The sync is accepted and every look at the application afterwards shows Synced, Healthy. */
  public static void healthyAfterSync(WireMockServer argo, String app) {
    syncAnswers(argo, app, List.of());
  }

  /**
   * The sync is answered by {@code firstAnswers} one after another, then accepted; looks at the
   * application show Synced, Healthy, as of the moment of each look.
   */
  public static void syncAnswers(
      WireMockServer argo, String app, List<ResponseDefinitionBuilder> firstAnswers) {
    String scenario = "sync of " + app;
    String state = Scenario.STARTED;
    for (int i = 0; i < firstAnswers.size(); i++) {
      String next = "answer " + (i + 1);
      argo.stubFor(
          post(urlPathEqualTo(path(app) + "/sync"))
              .inScenario(scenario)
              .whenScenarioStateIs(state)
              .willReturn(firstAnswers.get(i))
              .willSetStateTo(next));
      state = next;
    }
    argo.stubFor(
        post(urlPathEqualTo(path(app) + "/sync"))
            .inScenario(scenario)
            .whenScenarioStateIs(state)
            .willReturn(okJson(fixture("sync-accepted.json").replace(FIXTURE_APP, app))));
    argo.stubFor(get(urlPathEqualTo(path(app))).willReturn(live("watch-healthy.json", app)));
  }

  /** Every sync request always gets {@code answer}. */
  public static void syncAlways(WireMockServer argo, String app, ResponseDefinitionBuilder answer) {
    argo.stubFor(post(urlPathEqualTo(path(app) + "/sync")).willReturn(answer));
    argo.stubFor(get(urlPathEqualTo(path(app))).willReturn(live("watch-healthy.json", app)));
  }

  /** ArgoCD's error answer with the fixture's JSON body. */
  public static ResponseDefinitionBuilder error(int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(fixture));
  }

  /** How many sync requests ArgoCD received for {@code app}. */
  public static int syncCalls(WireMockServer argo, String app) {
    return argo.findAll(postRequestedFor(urlPathEqualTo(path(app) + "/sync"))).size();
  }

  /**
   * The sync runs and becomes Healthy: three looks (Running, Succeeded, Healthy) as ArgoCD shows
   * them during a real sync, then Healthy for good.
   */
  public static void syncsThroughToHealthy(WireMockServer argo, String app) {
    argo.resetAll();
    String path = path(app);
    argo.stubFor(
        post(urlPathEqualTo(path + "/sync"))
            .willReturn(okJson(current("sync-accepted.json").replace(FIXTURE_APP, app))));
    List<String> looks =
        List.of("watch-running.json", "watch-succeeded.json", "watch-healthy.json");
    String state = Scenario.STARTED;
    for (int i = 0; i < looks.size(); i++) {
      String next = "look " + (i + 1);
      argo.stubFor(
          get(urlPathEqualTo(path))
              .inScenario("sync")
              .whenScenarioStateIs(state)
              .willReturn(okJson(current(looks.get(i)).replace(FIXTURE_APP, app)))
              .willSetStateTo(i + 1 < looks.size() ? next : state));
      state = i + 1 < looks.size() ? next : state;
    }
  }
}
