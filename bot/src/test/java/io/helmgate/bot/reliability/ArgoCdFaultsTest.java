package io.helmgate.bot.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.helmgate.bot.testsupport.ArgoCdStub;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ArgoCD misbehaving while a change is synced: connections reset, 503s, answers slower than the
 * client's timeout, "another operation is already in progress". Each request ends in a recorded
 * state that says what happened (Succeeded after retries, or Failed naming the cause), its values
 * are committed exactly once, and asking again afterwards works without a second commit.
 */
class ArgoCdFaultsTest extends ReliabilityApp {

  static final String RESET = "reset";

  /**
   * Deploys {@code image.tag=tag} to an environment that needs no approval; returns the request.
   */
  RequestId deploy(String target, String tag) throws Exception {
    String t = tag("argo");
    signed().command("U0ALICE", "alice", "/deploy", target + " image.tag=" + tag, t);
    return openedBy(t);
  }

  /** Syncs an environment as it is: the retry a person makes after a failed sync. */
  RequestId syncAgain(String target) throws Exception {
    String t = tag("argo-retry");
    signed().command("U0ALICE", "alice", "/deploy", target + " reason=\"retry\"", t);
    return openedBy(t);
  }

  static ResponseDefinitionBuilder reset() {
    return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
  }

  static ResponseDefinitionBuilder unavailable() {
    return ArgoCdStub.error(503, "error-unavailable.json");
  }

  static ResponseDefinitionBuilder busy() {
    return ArgoCdStub.error(400, "error-another-operation.json");
  }

  static ResponseDefinitionBuilder tooSlow(String app) {
    return okJson(ArgoCdStub.fixture("sync-accepted.json").replace("acme-payments-prod", app))
        .withFixedDelay((int) ARGO_TIMEOUT.toMillis() * 2);
  }

  Request succeedsOnceCommitted(RequestId id) {
    Request done = awaitEnd(id);
    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.outcome()).contains("Synced and Healthy.");
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(done.commitId()).contains(commitOf(id));
    return done;
  }

  @Test
  void connectionsResetDuringTheSyncRequestAreRetriedAndTheRequestSucceeds() throws Exception {
    ArgoCdStub.syncAnswers(argo, "globex-ledger-dev", List.of(reset(), reset()));

    RequestId id = deploy("globex/ledger dev", "7.0.1");

    succeedsOnceCommitted(id);
    assertThat(ArgoCdStub.syncCalls(argo, "globex-ledger-dev")).isEqualTo(3);
  }

  @Test
  void answersSlowerThanTheTimeoutAreRetriedAndTheRequestSucceeds() throws Exception {
    ArgoCdStub.syncAnswers(
        argo,
        "globex-ledger-staging",
        List.of(tooSlow("globex-ledger-staging"), tooSlow("globex-ledger-staging")));

    RequestId id = deploy("globex/ledger staging", "7.0.2");

    succeedsOnceCommitted(id);
  }

  @Test
  void anotherOperationInProgressIsWaitedOutAndTheRequestSucceeds() throws Exception {
    ArgoCdStub.syncAnswers(argo, "acme-checkout-qa", List.of(busy(), busy(), busy()));

    RequestId id = deploy("acme/checkout qa", "7.0.3");

    succeedsOnceCommitted(id);
    assertThat(ArgoCdStub.syncCalls(argo, "acme-checkout-qa")).isEqualTo(4);
  }

  @Test
  void pollsThatFailAreRetriedUntilArgoCdAnswersAndTheRequestSucceeds() throws Exception {
    ArgoCdStub.healthyAfterSync(argo, "acme-payments-dev");
    String path = ArgoCdStub.path("acme-payments-dev");
    List<ResponseDefinitionBuilder> faults = List.of(unavailable(), reset(), unavailable());
    String state = Scenario.STARTED;
    for (int i = 0; i < faults.size(); i++) {
      argo.stubFor(
          get(urlPathEqualTo(path))
              .inScenario("polls")
              .whenScenarioStateIs(state)
              .willReturn(faults.get(i))
              .willSetStateTo("poll " + (i + 1)));
      state = "poll " + (i + 1);
    }
    argo.stubFor(
        get(urlPathEqualTo(path))
            .inScenario("polls")
            .whenScenarioStateIs(state)
            .willReturn(ArgoCdStub.live("watch-healthy.json", "acme-payments-dev")));

    RequestId id = deploy("acme/payments dev", "7.0.4");

    succeedsOnceCommitted(id);
  }

  @Test
  void argoCdUnavailableThroughoutFailsTheRequestNamingTheCauseAndASyncAgainWorks()
      throws Exception {
    ArgoCdStub.syncAlways(argo, "globex-ledger-qa", unavailable());

    RequestId id = deploy("globex/ledger qa", "7.0.5");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    String commit = failed.commitId().orElseThrow();
    assertThat(failed.outcome().orElseThrow())
        .contains("Committed " + commit.substring(0, 7) + ", but the sync could not start")
        .contains("answered 503")
        .contains("tried 3 times");
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(ArgoCdStub.syncCalls(argo, "globex-ledger-qa")).isEqualTo(3);

    retryingTheSyncWorksWithoutASecondCommit("globex/ledger qa", "globex-ledger-qa", commit);
  }

  @Test
  void argoCdTooSlowThroughoutFailsTheRequestNamingTheTimeoutAndASyncAgainWorks() throws Exception {
    ArgoCdStub.syncAlways(argo, "acme-checkout-dev", tooSlow("acme-checkout-dev"));

    RequestId id = deploy("acme/checkout dev", "7.0.6");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("but the sync could not start")
        .contains("did not answer within " + ARGO_TIMEOUT.toMillis() + " ms")
        .contains("helmgate.argocd.request-timeout");
    assertThat(commitsOf(id)).isEqualTo(1);

    retryingTheSyncWorksWithoutASecondCommit(
        "acme/checkout dev", "acme-checkout-dev", failed.commitId().orElseThrow());
  }

  @Test
  void anotherOperationThatNeverEndsFailsTheRequestSayingSoAndASyncAgainWorks() throws Exception {
    ArgoCdStub.syncAlways(argo, "acme-checkout-staging", busy());

    RequestId id = deploy("acme/checkout staging", "7.0.7");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains(
            "another operation is still running on ArgoCD application `acme-checkout-staging`")
        .contains("after 4 retries");
    assertThat(commitsOf(id)).isEqualTo(1);

    retryingTheSyncWorksWithoutASecondCommit(
        "acme/checkout staging", "acme-checkout-staging", failed.commitId().orElseThrow());
  }

  void retryingTheSyncWorksWithoutASecondCommit(String target, String app, String committed)
      throws Exception {
    String headBefore = head();
    argo.resetAll();
    ArgoCdStub.healthyAfterSync(argo, app);

    RequestId retry = syncAgain(target);

    Request done = awaitEnd(retry);
    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.commitId()).isEmpty();
    assertThat(head()).isEqualTo(headBefore);
    assertThat(lastChangeOf(target)).isEqualTo(committed);
  }
}
