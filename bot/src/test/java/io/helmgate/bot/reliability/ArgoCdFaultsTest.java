package io.helmgate.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helmgate.bot.testsupport.argocd.Outage;
import io.helmgate.bot.testsupport.argocd.StandInApp;
import io.helmgate.bot.testsupport.argocd.SyncWindow;
import io.helmgate.bot.testsupport.argocd.ValuesApps;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Argo CD misbehaving while a change is synced, through the running bot and the stateful Argo CD
 * stand-in: lost answers, outages of argocd-server and of the repo server, another operation in
 * progress, sync windows, an application that would not deploy Helmgate's commit. Each request ends
 * in a recorded state that says what happened, its values are committed at most once, Argo CD runs
 * at most one operation of it, and asking again afterwards works without a second commit.
 */
class ArgoCdFaultsTest extends ReliabilityApp {

  @AfterEach
  void defaultTimings() {
    argo.recover().refreshEvery(Duration.ofSeconds(120)).afterSyncRunFor(Duration.ofMillis(300));
    // Other test classes use these targets too, as apps that are not auto-synced.
    for (String app :
        List.of(
            "globex-portal-dev",
            "globex-portal-qa",
            "globex-portal-staging",
            "acme-checkout-dev")) {
      argo.app(app).autoSync(false);
    }
  }

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

  Request succeedsOnceCommitted(RequestId id, String app) {
    Request done = awaitEnd(id);
    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(done.commitId()).contains(commitOf(id));
    assertThat(argo.app(app).deployedValuesRevision()).contains(commitOf(id));
    assertThat(operationsOf(app, id)).as("operations marked " + id).isEqualTo(1);
    return done;
  }

  /** How many operations Argo CD ran for the app that carry the request's marker. */
  static long operationsOf(String app, RequestId id) {
    return argo.app(app).operations().stream()
        .filter(op -> op.marker().filter(id.toString()::equals).isPresent())
        .count();
  }

  @Test
  void aSyncWhoseAnswerIsLostIsAdoptedOnTheNextLookNotRequestedAgain() throws Exception {
    argoApp("globex/ledger dev");
    argo.loseNextSyncAnswer();

    RequestId id = deploy("globex/ledger dev", "7.0.1");

    succeedsOnceCommitted(id, "globex-ledger-dev");
    assertThat(syncRequestsOf("globex-ledger-dev", id)).isEqualTo(1);
  }

  @Test
  void argoCdDownForAMomentIsRetriedWithBackoffAndTheRequestSucceeds() throws Exception {
    argoApp("globex/ledger staging");
    argo.outage(Outage.API_SERVER, Duration.ofSeconds(2));

    RequestId id = deploy("globex/ledger staging", "7.0.2");

    succeedsOnceCommitted(id, "globex-ledger-staging");
    assertThat(syncRequestsOf("globex-ledger-staging", id)).isEqualTo(1);
  }

  @Test
  void anotherOperationInProgressIsWaitedOutAndTheRequestSucceeds() throws Exception {
    argoApp("acme/checkout qa").operationRunning("olga.ops", Duration.ofSeconds(2));

    RequestId id = deploy("acme/checkout qa", "7.0.3");

    succeedsOnceCommitted(id, "acme-checkout-qa");
    assertThat(slack.threadLines(id)).anyMatch(l -> l.contains("ArgoCD is busy with a sync by"));
  }

  @Test
  void looksThatFailWhileTheSyncRunsAreRetriedUntilArgoCdAnswersAndTheRequestSucceeds()
      throws Exception {
    argoApp("acme/payments dev");
    argo.afterSyncRunFor(Duration.ofSeconds(2));

    RequestId id = deploy("acme/payments dev", "7.0.4");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> syncRequestsOf("acme-payments-dev", id) == 1);
    argo.outage(Outage.CONNECTION, Duration.ofSeconds(1));

    succeedsOnceCommitted(id, "acme-payments-dev");
  }

  @Test
  void argoCdUnavailableThroughoutStopsTheRequestBeforeTheCommitAndAskingAgainWorks()
      throws Exception {
    // Changed by issue 16: Argo CD is asked before the commit, and a passing fault is retried
    // with backoff until giveUpAfter (6 s here); nothing lands that Argo CD could not deploy.
    argoApp("globex/ledger qa");
    String headBefore = head();
    argo.outage(Outage.API_SERVER);

    RequestId id = deploy("globex/ledger qa", "7.0.5");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.outcome().orElseThrow()).startsWith("Stopped by an error: ").contains("503");
    assertThat(failed.commitId()).isEmpty();
    assertThat(commitsOf(id)).isZero();
    assertThat(head()).isEqualTo(headBefore);
    assertThat(syncRequestsOf("globex-ledger-qa", id)).isZero();

    argo.recover();
    RequestId again = deploy("globex/ledger qa", "7.0.5");
    succeedsOnceCommitted(again, "globex-ledger-qa");
  }

  @Test
  void anotherOperationThatDoesNotEndFailsTheRequestSayingSoAndASyncAgainWorks() throws Exception {
    // busy-timeout is 5 s here; the other operation runs for 8.
    StandInApp app = argoApp("acme/checkout staging");
    int before = app.operations().size();
    app.operationRunning("olga.ops", Duration.ofSeconds(8));

    RequestId id = deploy("acme/checkout staging", "7.0.7");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("but Argo CD stayed busy with a sync by olga.ops");
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(operationsOf("acme-checkout-staging", id)).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !app.operations().get(before).phase().equals("Running"));
    retryingTheSyncWorksWithoutASecondCommit(
        "acme/checkout staging", "acme-checkout-staging", failed.commitId().orElseThrow());
  }

  @Test
  void anAppThatTracksAnotherBranchFailsTheRequestSayingArgoCdDidNotDeployHelmgatesCommit()
      throws Exception {
    // Argo CD's copy of the values repository has HEAD on `release`, which Helmgate never pushes:
    // auto-synced, the app takes no named revision, so the sync deploys release's head.
    String mirror = ValuesApps.url(remote) + "#release";
    String before = head();
    argo.repo(mirror).resolvedBy(r -> java.util.Optional.of(before)).defaultBranch("release");
    argo.repo(mirror).branch("release", before);
    argoApp("globex/portal dev").valuesRepo(mirror).autoSync(true).deployed(before);

    RequestId id = deploy("globex/portal dev", "7.0.8");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("Argo CD deployed " + before.substring(0, 7))
        .contains("not Helmgate's commit " + commitOf(id).substring(0, 7));
    assertThat(commitsOf(id)).isEqualTo(1);
  }

  @Test
  void anAutoSyncedAppPinnedToAnotherRevisionIsRefusedBeforeAnythingIsCommitted() throws Exception {
    String headBefore = head();
    argoApp("globex/portal qa").tracks(headBefore).autoSync(true);

    RequestId id = deploy("globex/portal qa", "7.0.9");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("is pinned to commit " + headBefore.substring(0, 7))
        .contains("nothing was committed");
    assertThat(head()).isEqualTo(headBefore);
    assertThat(syncRequestsOf("globex-portal-qa", id)).isZero();
  }

  @Test
  void anAutoSyncThatStartsBeforeHelmgatesSyncIsAdoptedAndArgoCdRunsOneOperation()
      throws Exception {
    // Argo CD notices the push at once (a webhook): its auto-sync of the commit starts before
    // Helmgate would ask.
    argoApp("globex/portal staging").autoSync(true);
    int before = argo.app("globex-portal-staging").operations().size();
    argo.refreshEvery(Duration.ofMillis(20));

    RequestId id = deploy("globex/portal staging", "7.1.0");

    Request done = awaitEnd(id);
    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    List<StandInApp.Operation> ran = argo.app("globex-portal-staging").operations();
    assertThat(ran).hasSize(before + 1);
    assertThat(ran.get(before).automated()).isTrue();
    assertThat(syncRequestsOf("globex-portal-staging", id)).isZero();
    assertThat(argo.app("globex-portal-staging").deployedValuesRevision()).contains(commitOf(id));
    assertThat(slack.threadLines(id)).anyMatch(l -> l.contains("already syncing the commit"));
  }

  @Test
  void aDenyWindowRefusesAnImmediateRequestAndNothingIsCommitted() throws Exception {
    String headBefore = head();
    argoApp("acme/payments staging").syncWindow(SyncWindow.denyNow("0 22 * * *", "8h"));

    RequestId id = deploy("acme/payments staging", "7.1.1");

    Request failed = awaitEnd(id);
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("Argo CD's sync windows do not allow syncing `acme-payments-staging` now")
        .contains("nothing was committed");
    assertThat(head()).isEqualTo(headBefore);
    assertThat(syncRequestsOf("acme-payments-staging", id)).isZero();
    argo.app("acme-payments-staging").noSyncWindows();
  }

  @Test
  void aRepoServerOutageWhileTheSyncIsAskedIsRetriedAndArgoCdRunsOneSync() throws Exception {
    // Auto-synced, the app takes no named revision: Argo CD resolves its branch through the repo
    // server, which is down for the first seconds.
    argoApp("acme/checkout dev").autoSync(true);
    int before = argo.app("acme-checkout-dev").operations().size();
    argo.outage(Outage.REPO_SERVER, Duration.ofSeconds(3));

    RequestId id = deploy("acme/checkout dev", "7.1.2");

    succeedsOnceCommitted(id, "acme-checkout-dev");
    assertThat(syncRequestsOf("acme-checkout-dev", id)).isGreaterThan(1);
    assertThat(argo.app("acme-checkout-dev").operations()).hasSize(before + 1);
  }

  void retryingTheSyncWorksWithoutASecondCommit(String target, String app, String committed)
      throws Exception {
    String headBefore = head();

    RequestId retry = syncAgain(target);

    Request done = awaitEnd(retry);
    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.commitId()).isEmpty();
    assertThat(head()).isEqualTo(headBefore);
    assertThat(lastChangeOf(target)).isEqualTo(committed);
    assertThat(operationsOf(app, retry)).isEqualTo(1);
  }
}
