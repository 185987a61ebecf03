package io.helmgate.bot.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.helmgate.bot.testsupport.MutableClock;
import io.helmgate.bot.testsupport.argocd.ArgoCdStandIn;
import io.helmgate.bot.testsupport.argocd.Outage;
import io.helmgate.bot.testsupport.argocd.StandInApp;
import io.helmgate.bot.testsupport.argocd.SyncWindow;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeployerException.Kind;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.port.SyncStart;
import io.helmgate.domain.port.SyncWindowVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The execution pipeline's calls ({@code facts}, {@code syncWindow}, {@code startSync}, {@code
 * observe}, {@code terminate}) against the stateful Argo CD stand-in: each behaviour of Argo CD the
 * pipeline relies on, observed over time through the adapter.
 */
class ArgoCdPipelineCallsTest {

  static final String VALUES_REPO = "https://git.example.org/ops/deploy-values.git";
  static final String MIRROR = "https://git-mirror.example.org/ops/deploy-values.git";
  static final String CHARTS = "https://charts.example.org/stable";
  static final String OLD = "4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";
  static final String NEW = "c0ffee1234567890abcdef1234567890abcdef12";
  static final String OTHER = "9b1f0c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
  static final String APP = "acme-payments-prod";
  static final Target TARGET = new Target("acme", "payments", "prod");
  static final RequestId R42 = new RequestId(42);
  static final UserRef OLGA = new UserRef("U04OPS0001", "Olga Ops");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T09:00:00Z"));
  private ArgoCdStandIn argo;
  private StandInApp app;
  private ArgoCdDeployer deployer;

  @BeforeEach
  void start() {
    argo = ArgoCdStandIn.start(clock);
    argo.repo(VALUES_REPO).branch("main", OLD);
    app =
        argo.app(APP)
            .project("payments")
            .multiSource(CHARTS, "payments-api", "2.7.1", VALUES_REPO, "main")
            .deployed(OLD);
    deployer = deployer(Map.of());
  }

  @AfterEach
  void stop() {
    argo.close();
  }

  private ArgoCdDeployer deployer(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("helmgate.argocd.url", argo.url());
    settings.put("helmgate.argocd.token", argo.token());
    settings.put("helmgate.argocd.project", "payments");
    settings.putAll(extra);
    ArgoCdProperties properties =
        new Binder(new MapConfigurationPropertySource(settings))
            .bindOrCreate("helmgate.argocd", ArgoCdProperties.class);
    return new ArgoCdDeployer(
        properties, clock, new ArgoCdTestSupport.RecordingSleeper(), new Random(7));
  }

  /** Helmgate's commit lands on the branch the app tracks. */
  private void pushNew() {
    argo.repo(VALUES_REPO).push("main", NEW);
  }

  private void later(int seconds) {
    clock.advance(Duration.ofSeconds(seconds));
  }

  private static SyncOrder order(String revision, boolean prune) {
    return new SyncOrder(R42, OLGA, Optional.ofNullable(revision), prune);
  }

  private AppObservation.Operation operation() {
    return deployer.observe(TARGET).operation().orElseThrow();
  }

  private DeployerException startFails(SyncOrder order) {
    return catchThrowableOfType(DeployerException.class, () -> deployer.startSync(TARGET, order));
  }

  // --- facts ------------------------------------------------------------------------------------

  @Test
  void factsOfAMultiSourceAppNameTheRefSourceItsValueFilesUseAndWhatItTracks() {
    ApplicationFacts facts = deployer.facts(TARGET);

    assertThat(facts.application()).isEqualTo(APP);
    assertThat(facts.autoSync()).isFalse();
    assertThat(facts.valuesSource())
        .contains(new ApplicationFacts.ValuesSource(2, VALUES_REPO, "main"));
  }

  @Test
  void factsOfASingleGitSourceAppTellItsPolicyAndTag() {
    argo.repo(VALUES_REPO).tag("prod-2026-03", OLD);
    app.singleSource(VALUES_REPO, "acme/payments/prod")
        .tracks("prod-2026-03")
        .autoSync(true)
        .autoPrune(true)
        .selfHeal(true);

    ApplicationFacts facts = deployer.facts(TARGET);

    assertThat(facts.autoSync()).isTrue();
    assertThat(facts.autoPrune()).isTrue();
    assertThat(facts.selfHeal()).isTrue();
    assertThat(facts.valuesSource())
        .contains(new ApplicationFacts.ValuesSource(0, VALUES_REPO, "prod-2026-03"));
  }

  @Test
  void factsOfAnAutoSyncedAppWithoutPruneOrSelfHealSayJustAutoSync() {
    app.autoSync(true);

    ApplicationFacts facts = deployer.facts(TARGET);

    assertThat(facts.autoSync()).isTrue();
    assertThat(facts.autoPrune()).isFalse();
    assertThat(facts.selfHeal()).isFalse();
  }

  @Test
  void factsOfAnAppOnAMirrorNameTheMirror() {
    app.valuesRepo(MIRROR);

    assertThat(deployer.facts(TARGET).valuesSource().orElseThrow().repoUrl()).isEqualTo(MIRROR);
  }

  @Test
  void factsOfAChartOnlyAppHaveNoValuesSource() {
    app.helmChartOnly(CHARTS, "payments-api", "2.7.1");

    assertThat(deployer.facts(TARGET).valuesSource()).isEmpty();
  }

  // --- sync windows -----------------------------------------------------------------------------

  @Test
  void anOpenDenyWindowMeansNoSyncAndIsNamed() {
    app.syncWindow(SyncWindow.denyNow("0 22 * * *", "1h"));

    SyncWindowVerdict verdict = deployer.syncWindow(TARGET);

    assertThat(verdict.canSync()).isFalse();
    assertThat(verdict.windows()).containsExactly("deny 0 22 * * * for 1h, active now");
  }

  @Test
  void aDenyWindowThatLetsManualSyncsThroughAllowsTheSync() {
    app.syncWindow(SyncWindow.denyNow("0 22 * * *", "1h").withManualSync());

    SyncWindowVerdict verdict = deployer.syncWindow(TARGET);

    assertThat(verdict.canSync()).isTrue();
    assertThat(verdict.windows()).containsExactly("deny 0 22 * * * for 1h (manual sync allowed)");
  }

  @Test
  void outsideEveryAllowWindowTheClosedAllowWindowsAreNamed() {
    app.syncWindow(SyncWindow.allowLater("0 6 * * 1-5", "2h"));

    SyncWindowVerdict verdict = deployer.syncWindow(TARGET);

    assertThat(verdict.canSync()).isFalse();
    assertThat(verdict.windows()).containsExactly("allow 0 6 * * 1-5 for 2h, not open now");
  }

  @Test
  void withoutWindowsASyncIsAllowed() {
    assertThat(deployer.syncWindow(TARGET)).isEqualTo(new SyncWindowVerdict(true, List.of()));
  }

  // --- starting a sync --------------------------------------------------------------------------

  @Test
  void syncOfAMultiSourceAppNamesTheRevisionAtItsOneBasedPositionAndCarriesTheMarker() {
    pushNew();

    SyncStart start = deployer.startSync(TARGET, order(NEW, false));

    assertThat(start).isEqualTo(new SyncStart.Started());
    JsonNode body = argo.syncRequests(APP).get(0);
    assertThat(body.path("project").asString()).isEqualTo("payments");
    assertThat(body.has("appNamespace")).isFalse();
    assertThat(body.path("revisions").get(0).asString()).isEqualTo(NEW);
    assertThat(body.path("sourcePositions").get(0).isIntegralNumber()).isTrue();
    assertThat(body.path("sourcePositions").get(0).asLong()).isEqualTo(2);
    assertThat(body.has("revision")).isFalse();
    assertThat(body.path("prune").isBoolean()).isTrue();
    assertThat(body.path("prune").asBoolean()).isFalse();
    assertThat(body.path("infos").toString())
        .isEqualTo(
            "[{\"name\":\"helmgate-request\",\"value\":\"R-42\"},"
                + "{\"name\":\"slack-user\",\"value\":\"Olga Ops <U04OPS0001>\"}]");
    assertThat(operation().marker()).contains("R-42");
  }

  @Test
  void syncOfASingleSourceAppNamesTheRevisionAndPrunesWhenAsked() {
    app.singleSource(VALUES_REPO, "acme/payments/prod");
    pushNew();

    deployer.startSync(TARGET, order(NEW, true));

    JsonNode body = argo.syncRequests(APP).get(0);
    assertThat(body.path("revision").asString()).isEqualTo(NEW);
    assertThat(body.has("revisions")).isFalse();
    assertThat(body.has("sourcePositions")).isFalse();
    assertThat(body.path("prune").asBoolean()).isTrue();
  }

  @Test
  void syncWithoutARevisionNamesNoneAndDoesNotReadTheAppFirst() {
    pushNew();

    deployer.startSync(TARGET, order(null, false));

    JsonNode body = argo.syncRequests(APP).get(0);
    assertThat(body.has("revision") || body.has("revisions")).isFalse();
    assertThat(argo.calls()).extracting(ArgoCdStandIn.Call::method).containsExactly("POST");
  }

  @Test
  void aRevisionForAnAppWithoutAGitValuesSourceIsRejectedBeforeAnySync() {
    app.helmChartOnly(CHARTS, "payments-api", "2.7.1");

    DeployerException e = startFails(order(NEW, false));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).contains("has no git source of its values");
    assertThat(argo.syncRequests(APP)).isEmpty();
  }

  @Test
  void whileAnotherOperationRunsTheSyncIsBusyWithThatOperationReadBack() {
    app.operationRunning("alice", Duration.ofSeconds(30));

    SyncStart start = deployer.startSync(TARGET, order(NEW, false));

    AppObservation.Operation current = ((SyncStart.Busy) start).current();
    assertThat(current.initiatedBy()).isEqualTo("alice");
    assertThat(current.automated()).isFalse();
    assertThat(current.marker()).isEmpty();
    assertThat(current.phase()).contains("Running");
  }

  @Test
  void anAutoSyncThatStartedBeforeOurSyncIsBusyWithTheAutomatedOperationAtOurCommit() {
    app.autoSync(true);
    pushNew();
    argo.webhook(VALUES_REPO); // Argo CD learns of the push before Helmgate asks

    SyncStart start = deployer.startSync(TARGET, order(null, false));

    AppObservation.Operation current = ((SyncStart.Busy) start).current();
    assertThat(current.automated()).isTrue();
    assertThat(current.initiatedBy()).isEqualTo("auto-sync");
    assertThat(current.marker()).isEmpty();
    assertThat(current.phase()).isEmpty(); // requested, not yet started by the controller
    assertThat(current.valuesRevision()).contains(NEW);
  }

  @Test
  void inAnOpenDenyWindowTheSyncIsBlockedNamingTheWindow() {
    app.syncWindow(SyncWindow.denyNow("0 22 * * *", "1h"));

    SyncStart start = deployer.startSync(TARGET, order(NEW, false));

    assertThat(start).isEqualTo(new SyncStart.Blocked("deny 0 22 * * * for 1h, active now"));
    assertThat(app.operations()).isEmpty();
  }

  @Test
  void aRevisionForAnAutoSyncedAppIsRefusedSayingTheAppIsAutoSynced() {
    app.autoSync(true);
    pushNew();

    DeployerException e = startFails(order(NEW, false));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage())
        .startsWith("ArgoCD application `acme-payments-prod` is auto-synced")
        .contains(
            "Cannot sync source "
                + VALUES_REPO
                + " to "
                + NEW
                + ": auto-sync currently set to main")
        .endsWith("Sync it without a revision, or turn auto-sync off");
  }

  @Test
  void aRepoServerOutageIsATransientFaultAndTheSyncIsTakenOnceItIsOver() {
    pushNew();
    argo.outage(Outage.REPO_SERVER, Duration.ofSeconds(30));

    DeployerException e = startFails(order(NEW, false));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage())
        .contains("its repo server or the git host did not answer")
        .contains("rpc error: code = Unavailable");

    later(31);
    assertThat(deployer.startSync(TARGET, order(NEW, false))).isEqualTo(new SyncStart.Started());
  }

  @Test
  void aGitHostOutageWhileResolvingTheTrackedBranchIsTransient() {
    app.singleSource(VALUES_REPO, "acme/payments/prod");
    argo.outage(Outage.GIT_HOST);

    DeployerException e = startFails(order(null, false));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("failed to list refs").contains("connection refused");
  }

  @Test
  void aTrackedBranchThatDoesNotExistIsRefusedNotRetried() {
    app.tracks("release-9");

    DeployerException e = startFails(order(null, false));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).contains("unable to resolve 'release-9' to a commit SHA");
  }

  @Test
  void aMissingSyncPermissionNamesThePolicyLineToAdd() {
    app.denies("sync");

    DeployerException e = startFails(order(NEW, false));

    assertThat(e.kind()).isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(e.getMessage())
        .endsWith(
            "add the RBAC policy line `p, helmgate, applications, sync,"
                + " payments/acme-payments-prod, allow`");
  }

  @Test
  void aMissingOverridePermissionForANamedRevisionNamesThatLine() {
    argo.requireOverridePrivilegeForRevisionSync(true);
    app.denies("override");
    pushNew();

    DeployerException e = startFails(order(NEW, false));

    assertThat(e.kind()).isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(e.getMessage())
        .contains("`applications, override`")
        .endsWith("`p, helmgate, applications, override, payments/acme-payments-prod, allow`");
  }

  @Test
  void aMissingAppIsNotFoundNamingTheSettingsThatFindIt() {
    DeployerException e =
        catchThrowableOfType(
            DeployerException.class,
            () -> deployer.observe(new Target("acme", "payments", "staging")));

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "no ArgoCD application `acme-payments-staging` in project `payments`;"
                + " check helmgate.argocd.app-name-template");
  }

  @Test
  void aTokenArgoCdDoesNotTakeIsUnauthenticated() {
    ArgoCdDeployer wrongToken = deployer(Map.of("helmgate.argocd.token", "not-the-token"));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> wrongToken.facts(TARGET));

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHENTICATED);
    assertThat(e.getMessage()).contains("token signature is invalid");
  }

  @Test
  void anApiServerDownBehindItsIngressIsTransientAndAskedOnce() {
    argo.outage(Outage.API_SERVER);

    DeployerException e = startFails(order(null, false));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("answered 503");
    assertThat(argo.calls()).hasSize(1);
  }

  @Test
  void aSyncWhoseAnswerWasLostStartedOurOperationAndObserveShowsOurMarker() {
    pushNew();
    argo.loseNextSyncAnswer();

    DeployerException e = startFails(order(NEW, false));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.isTransient()).isTrue();
    AppObservation seen = deployer.observe(TARGET);
    assertThat(seen.operationPending()).isTrue();
    assertThat(seen.operation().orElseThrow().marker()).contains("R-42");
    assertThat(argo.syncRequests(APP)).hasSize(1);
  }

  // --- watching it ------------------------------------------------------------------------------

  @Test
  void ourOperationIsSeenRequestedThenRunningThenSucceededThenSyncedAndHealthy() {
    // A previous operation left its state behind; the sync request clears it.
    app.operationRunning("alice", Duration.ofSeconds(5));
    later(10);
    pushNew();
    assertThat(operation().initiatedBy()).isEqualTo("alice");

    deployer.startSync(TARGET, order(NEW, false));

    AppObservation requested = deployer.observe(TARGET);
    assertThat(requested.operationPending()).isTrue();
    AppObservation.Operation op = requested.operation().orElseThrow();
    assertThat(op.marker()).contains("R-42");
    assertThat(op.phase()).isEmpty();
    assertThat(op.startedAt()).isEmpty();
    assertThat(op.valuesRevision()).contains(NEW);

    later(1);
    AppObservation.Operation running = operation();
    assertThat(running.phase()).contains("Running");
    assertThat(running.startedAt()).contains(clock.instant());
    assertThat(running.marker()).contains("R-42");
    assertThat(running.initiatedBy()).isEqualTo("helmgate");

    later(2);
    AppObservation done = deployer.observe(TARGET);
    assertThat(done.operationPending()).isFalse();
    AppObservation.Operation succeeded = done.operation().orElseThrow();
    assertThat(succeeded.phase()).contains("Succeeded");
    assertThat(succeeded.message()).isEqualTo("successfully synced (all tasks run)");
    assertThat(succeeded.finishedAt()).contains(clock.instant());
    assertThat(succeeded.valuesRevision()).contains(NEW);
    // Not compared since the operation ended: sync and health are from before it.
    assertThat(done.reconciledAt().orElseThrow()).isBefore(succeeded.finishedAt().orElseThrow());

    later(1);
    AppObservation compared = deployer.observe(TARGET);
    assertThat(compared.reconciledAt()).contains(clock.instant());
    assertThat(compared.syncStatus()).isEqualTo("Synced");
    assertThat(compared.valuesRevision()).contains(NEW);
    assertThat(compared.health()).isEqualTo("Progressing");

    later(2);
    AppObservation settled = deployer.observe(TARGET);
    assertThat(settled.health()).isEqualTo("Healthy");
    assertThat(settled.reconciledAt()).contains(clock.instant());
    assertThat(app.operations())
        .extracting(StandInApp.Operation::marker)
        .containsExactly(Optional.empty(), Optional.of("R-42"));
  }

  @Test
  void aControllerClockTenSecondsBehindStillShowsOurOperationByItsMarker() {
    argo.controllerClockOffset(Duration.ofSeconds(-10));
    pushNew();
    Instant askedAt = clock.instant();

    deployer.startSync(TARGET, order(NEW, false));
    later(1);

    AppObservation.Operation running = operation();
    assertThat(running.startedAt().orElseThrow()).isBefore(askedAt);
    assertThat(running.marker()).contains("R-42");
    later(2);
    AppObservation.Operation done = operation();
    assertThat(done.phase()).contains("Succeeded");
    assertThat(done.finishedAt().orElseThrow()).isBefore(clock.instant());
    later(1);
    assertThat(deployer.observe(TARGET).reconciledAt().orElseThrow())
        .isAfterOrEqualTo(done.finishedAt().orElseThrow());
  }

  @Test
  void aSelfHealOperationRightAfterOursTakesItsPlaceAndIsNotOurs() {
    app.autoSync(true).selfHeal(true).driftsAfterNextSync();
    pushNew();
    deployer.startSync(TARGET, order(null, false));
    later(3);
    assertThat(operation().phase()).contains("Succeeded");

    later(1); // compared: drifted, so self-heal syncs again at once
    AppObservation seen = deployer.observe(TARGET);

    assertThat(seen.operationPending()).isTrue();
    AppObservation.Operation next = seen.operation().orElseThrow();
    assertThat(next.automated()).isTrue();
    assertThat(next.marker()).isEmpty();
    assertThat(next.phase()).isEmpty();
    later(1);
    assertThat(operation().phase()).contains("Running");
    assertThat(operation().marker()).isEmpty();
  }

  @Test
  void anAutoSyncOfAnotherPushFollowsOursWhenArgoCdNextCompares() {
    app.autoSync(true);
    pushNew();
    deployer.startSync(TARGET, order(null, false));
    later(6);
    assertThat(operation().marker()).contains("R-42");
    argo.repo(VALUES_REPO).push("main", OTHER);

    later(120); // the periodic refresh sees the new commit

    AppObservation.Operation next = operation();
    assertThat(next.automated()).isTrue();
    assertThat(next.marker()).isEmpty();
    assertThat(next.valuesRevision()).contains(OTHER);
  }

  @Test
  void anAppTrackingAnotherBranchSyncsThatBranchAndSaysSo() {
    argo.repo(VALUES_REPO).branch("release", OTHER);
    app.tracks("release").autoSync(true);
    pushNew(); // to main, which the app does not track

    deployer.startSync(TARGET, order(null, false));
    later(4);

    AppObservation seen = deployer.observe(TARGET);
    assertThat(seen.operation().orElseThrow().valuesRevision()).contains(OTHER);
    assertThat(seen.valuesRevision()).contains(OTHER);
    assertThat(seen.syncStatus()).isEqualTo("Synced");
  }

  @Test
  void aNamedRevisionOffTheTrackedBranchIsDeployedButComparesOutOfSync() {
    argo.repo(VALUES_REPO).branch("release", OTHER);
    app.tracks("release");
    pushNew();

    deployer.startSync(TARGET, order(NEW, false));
    later(4);

    AppObservation seen = deployer.observe(TARGET);
    assertThat(seen.operation().orElseThrow().valuesRevision()).contains(NEW);
    assertThat(seen.valuesRevision()).contains(OTHER);
    assertThat(seen.syncStatus()).isEqualTo("OutOfSync");
  }

  @Test
  void anAppPinnedToACommitSyncsThatCommit() {
    app.tracks(OLD).autoSync(true);
    pushNew();

    deployer.startSync(TARGET, order(null, false));
    later(3);

    assertThat(operation().valuesRevision()).contains(OLD);
  }

  @Test
  void aMirrorThatLagsDeploysTheOldCommitOrFailsToCheckOutOurs() {
    argo.repo(MIRROR).branch("main", OLD);
    app.valuesRepo(MIRROR);
    pushNew(); // to the primary; the mirror has not caught up

    deployer.startSync(TARGET, order(null, false));
    later(3);
    assertThat(operation().valuesRevision()).contains(OLD);

    later(10);
    deployer.startSync(TARGET, order(NEW, false));
    later(3);
    AppObservation.Operation pinned = operation();
    assertThat(pinned.phase()).contains("Error");
    assertThat(pinned.message()).startsWith("ComparisonError:").contains("not our ref " + NEW);
  }

  @Test
  void resourcesASyncWithoutPruneLeavesAreCountedUntilASyncPrunesThem() {
    app.nextRevisionRemoves("ConfigMap", "payments-legacy");
    pushNew();

    deployer.startSync(TARGET, order(NEW, false));
    later(3);
    assertThat(deployer.observe(TARGET).awaitingPrune()).isEqualTo(1); // PruneSkipped
    later(1);
    AppObservation compared = deployer.observe(TARGET);
    assertThat(compared.awaitingPrune()).isEqualTo(1); // requiresPruning
    assertThat(compared.syncStatus()).isEqualTo("OutOfSync");

    later(10);
    deployer.startSync(TARGET, new SyncOrder(new RequestId(43), OLGA, Optional.of(NEW), true));
    later(4);
    AppObservation pruned = deployer.observe(TARGET);
    assertThat(pruned.awaitingPrune()).isZero();
    assertThat(pruned.syncStatus()).isEqualTo("Synced");
  }

  @Test
  void healthGoesProgressingThenDegradedWithItsMessage() {
    app.endsDegraded("Deployment \"payments-api\" exceeded its progress deadline");
    pushNew();

    deployer.startSync(TARGET, order(NEW, false));
    later(4);
    assertThat(deployer.observe(TARGET).health()).isEqualTo("Progressing");
    later(2);

    AppObservation seen = deployer.observe(TARGET);
    assertThat(seen.health()).isEqualTo("Degraded");
    assertThat(seen.healthMessage())
        .isEqualTo("Deployment \"payments-api\" exceeded its progress deadline");
  }

  @Test
  void aFailedOperationIsSeenWithArgoCdsMessage() {
    app.nextSyncFails("one or more objects failed to apply, reason: admission webhook denied");
    pushNew();

    deployer.startSync(TARGET, order(NEW, false));
    later(3);

    AppObservation.Operation failed = operation();
    assertThat(failed.phase()).contains("Failed");
    assertThat(failed.message()).contains("admission webhook denied");
  }

  @Test
  void aComparisonErrorDuringARepoServerOutageIsSeenAsACondition() {
    argo.outage(Outage.REPO_SERVER);
    argo.webhook(VALUES_REPO);

    AppObservation seen = deployer.observe(TARGET);

    assertThat(seen.syncStatus()).isEqualTo("Unknown");
    assertThat(seen.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo("ComparisonError");
              assertThat(c.message()).contains("rpc error: code = Unavailable");
            });
  }

  @Test
  void aPinnedSingleSourceSyncIsTakenDuringARepoServerOutageButItsOperationErrors() {
    app.singleSource(VALUES_REPO, "acme/payments/prod");
    pushNew();
    argo.outage(Outage.REPO_SERVER);

    assertThat(deployer.startSync(TARGET, order(NEW, false))).isEqualTo(new SyncStart.Started());
    later(3);

    AppObservation.Operation op = operation();
    assertThat(op.phase()).contains("Error");
    assertThat(op.message()).startsWith("ComparisonError: Failed to load target state");
  }

  @Test
  void aDenyWindowThatOpensOnARunningOperationKeepsItRunningAndSaysSo() {
    pushNew();
    deployer.startSync(TARGET, order(NEW, false));
    later(1);
    app.syncWindow(SyncWindow.denyNow("0 9 * * *", "1h"));

    later(2);

    AppObservation.Operation op = operation();
    assertThat(op.phase()).contains("Running");
    assertThat(op.message()).isEqualTo("Sync operation blocked by sync window");
  }

  // --- terminating ------------------------------------------------------------------------------

  @Test
  void ourRunningOperationIsTerminatedAndEndsFailed() {
    pushNew();
    deployer.startSync(TARGET, order(NEW, false));
    later(1);

    assertThat(deployer.terminate(TARGET, R42)).isTrue();

    assertThat(operation().phase()).contains("Terminating");
    later(1);
    AppObservation.Operation ended = operation();
    assertThat(ended.phase()).contains("Failed");
    assertThat(ended.message()).isEqualTo("Operation terminated");
  }

  @Test
  void anotherOperationIsNeverTerminated() {
    app.operationRunning(null, Duration.ofSeconds(30));

    assertThat(deployer.terminate(TARGET, R42)).isFalse();

    assertThat(argo.calls()).extracting(ArgoCdStandIn.Call::method).doesNotContain("DELETE");
    assertThat(operation().phase()).contains("Running");
  }

  @Test
  void withNothingRunningThereIsNothingToTerminate() {
    assertThat(deployer.terminate(TARGET, R42)).isFalse();
  }

  @Test
  void ourOperationThatTheControllerHasNotStartedCannotBeTerminatedYet() {
    pushNew();
    deployer.startSync(TARGET, order(NEW, false));

    DeployerException e =
        catchThrowableOfType(DeployerException.class, () -> deployer.terminate(TARGET, R42));

    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("has not been started by Argo CD's application controller");
    later(1);
    assertThat(deployer.terminate(TARGET, R42)).isTrue();
  }

  // --- addressing -------------------------------------------------------------------------------

  @Test
  void everyCallNamesTheEnvironmentsProjectAndAppNamespace() {
    argo.app("payments-acme-live")
        .project("payments-prod")
        .namespace("apps-prod")
        .multiSource(CHARTS, "payments-api", "2.7.1", VALUES_REPO, "main")
        .deployed(OLD);
    ArgoCdDeployer addressed =
        deployer(
            Map.of(
                "helmgate.argocd.environments.prod.project", "payments-prod",
                "helmgate.argocd.environments.prod.app-namespace", "apps-prod",
                "helmgate.argocd.environments.prod.app-name-template",
                    "{product}-{customer}-live"));
    pushNew();

    assertThat(addressed.facts(TARGET).application()).isEqualTo("apps-prod/payments-acme-live");
    assertThat(addressed.syncWindow(TARGET).canSync()).isTrue();
    assertThat(addressed.startSync(TARGET, order(NEW, false))).isEqualTo(new SyncStart.Started());
    later(1);
    assertThat(addressed.observe(TARGET).operation().orElseThrow().marker()).contains("R-42");
    assertThat(addressed.terminate(TARGET, R42)).isTrue();

    assertThat(argo.calls())
        .allSatisfy(
            call -> {
              assertThat(call.path()).startsWith("/api/v1/applications/payments-acme-live");
              if (call.method().equals("POST")) {
                assertThat(call.body())
                    .contains("\"project\":\"payments-prod\"")
                    .contains("\"appNamespace\":\"apps-prod\"");
              } else {
                assertThat(call.param("project")).contains("payments-prod");
                assertThat(call.param("appNamespace")).contains("apps-prod");
              }
            });
  }

  @Test
  void anAppInAnotherNamespaceIsNotFoundWithoutItsNamespaceAndItsRbacLineNamesIt() {
    app.namespace("apps-prod");

    DeployerException missing =
        catchThrowableOfType(DeployerException.class, () -> deployer.facts(TARGET));
    assertThat(missing.kind()).isEqualTo(Kind.NOT_FOUND);

    app.denies("sync");
    ArgoCdDeployer namespaced = deployer(Map.of("helmgate.argocd.app-namespace", "apps-prod"));
    DeployerException denied =
        catchThrowableOfType(
            DeployerException.class, () -> namespaced.startSync(TARGET, order(null, false)));
    assertThat(denied.kind()).isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(denied.getMessage())
        .endsWith(
            "`p, helmgate, applications, sync, payments/apps-prod/acme-payments-prod, allow`");
  }
}
