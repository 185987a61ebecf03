package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.ExampleGroups;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.policy.PreflightSource;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import io.helmgate.domain.request.AuditEvent.Type;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.UndoneCommit;
import io.helmgate.domain.values.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whole requests driven through the application service against in-memory fakes of the ports. */
class RequestScenarioTest {

  static final Target STAGING = new Target("acme", "payments", "staging");
  static final Target PROD = new Target("acme", "payments", "prod");
  static final Target DEV = new Target("acme", "payments", "dev");
  static final UserRef ALICE = new UserRef("U0ALICE", "alice");
  static final UserRef BOB = new UserRef("U0BOB", "bob");
  static final UserRef DAVE = new UserRef("U0DAVE", "dave");

  static String values(String tag) {
    return """
        # payments service
        image:
          repository: registry.example.org/acme/payments
          tag: %s   # promoted by Helmgate
        replicaCount: 3
        env:
          DB_PASSWORD: <path:secret/data/acme/payments/prod#db-password>
        """
        .formatted(tag);
  }

  Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-12-01T09:00:00Z"));
  Fakes.Values repo;
  Fakes.Argo argo = new Fakes.Argo(clock);
  Fakes.Secrets secrets = new Fakes.Secrets();
  Fakes.Groups groups = new Fakes.Groups();
  Fakes.Trail trail = new Fakes.Trail();
  Fakes.Requests requests = new Fakes.Requests(trail);
  Fakes.Locks locks = new Fakes.Locks();
  Fakes.Schedules schedules = new Fakes.Schedules();
  Fakes.Thread thread = new Fakes.Thread();
  Fakes.Artifacts artifacts = new Fakes.Artifacts();
  Helmgate helmgate;

  @BeforeEach
  void setUp() {
    repo =
        new Fakes.Values(
            clock, Map.of(DEV, values("1.4.3"), STAGING, values("1.4.2"), PROD, values("1.4.1")));
    groups.groups.put(ALICE.id(), Set.of("@ops-team"));
    groups.groups.put(BOB.id(), Set.of("@ops-team"));
    groups.groups.put(DAVE.id(), Set.of("@dev-team"));
    helmgate = helmgate(environment -> false);
  }

  /** The application over this test's fakes; {@code secretsFailOpen} as in production wiring. */
  Helmgate helmgate(java.util.function.Predicate<String> secretsFailOpen) {
    return new Helmgate(
        ports(),
        new Policy(failingOpen(secretsFailOpen, PreflightSource.VAULT)),
        Redaction.defaults());
  }

  /**
   * The example policy with {@code source} failing open in the approval-free environments chosen.
   */
  static PolicyConfig failingOpen(
      java.util.function.Predicate<String> environments, PreflightSource source) {
    PolicyConfig config = ExampleGroups.policy();
    for (var entry : config.environments().entrySet()) {
      if (environments.test(entry.getKey()) && entry.getValue().approvals() == 0) {
        config =
            config.withEnvironment(
                entry.getKey(), entry.getValue().withFailOpenWhenUnavailable(Set.of(source)));
      }
    }
    return config;
  }

  /** The application where only {@code environments} have an approval channel configured. */
  Helmgate withApprovalChannels(Set<String> environments) {
    return new Helmgate(
        ports(),
        new Policy(ExampleGroups.policy()),
        Redaction.defaults(),
        Helmgate.Options.defaults().withApprovalChannels(environments));
  }

  Ports ports() {
    return new Ports(
        repo,
        argo,
        secrets,
        groups,
        requests,
        trail,
        locks,
        schedules,
        thread,
        clock,
        Runnable::run,
        artifacts,
        io.helmgate.domain.port.EdgeVerifier.NONE,
        io.helmgate.domain.port.ExecutionClaims.inProcess());
  }

  Outcome deploy(UserRef who, String text) {
    return helmgate.command(new Caller(who, "C0OPS"), "/deploy", text);
  }

  Request opened(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.RequestOpened.class);
    Request r = ((Outcome.RequestOpened) outcome).request();
    helmgate.requests().posted(r.id(), Optional.of(new MessageRef("C0OPS", "1700000000.000100")));
    return requests.find(r.id()).orElseThrow();
  }

  @Test
  void developerIsRefusedAndNothingIsRecordedButTheRefusal() {
    Outcome outcome = deploy(DAVE, "acme/payments prod from=staging reason=\"CHG-1\"");

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().message()).isNotBlank();
    assertThat(requests.rows).isEmpty();
    assertThat(trail.events).extracting(e -> e.type()).containsExactly(Type.REFUSED);
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void productionDeployNeedsFourEyesThenCommitsWithTrailersAndEndsHealthy() {
    argo.fake.app(PROD).healthAfterSync("Progressing", Duration.ofSeconds(20), "Healthy");

    Request request =
        opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1234 monthly\""));
    assertThat(request.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(request.change().summary()).isEqualTo("image.tag 1.4.1 → 1.4.2");
    assertThat(secrets.checked)
        .singleElement()
        .isEqualTo(List.of(new SecretReference("secret/data/acme/payments/prod", "db-password")));

    Outcome self = helmgate.requests().approve(request.id(), ALICE);
    assertThat(self).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) self).decision().message()).contains("four-eyes");

    Outcome dev = helmgate.requests().approve(request.id(), DAVE);
    assertThat(dev).isInstanceOf(Outcome.Denied.class);
    assertThat(repo.commits).hasSize(1);

    Outcome approved = helmgate.requests().approve(request.id(), BOB);
    assertThat(approved).isInstanceOf(Outcome.RequestUpdated.class);
    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.head().files().get(PROD.valuesPath())).isEqualTo(values("1.4.2"));
    assertThat(repo.head().message())
        .startsWith("deploy acme/payments prod: image.tag 1.4.1 → 1.4.2\n\n")
        .contains("Requested-by: alice U0ALICE\n")
        .contains("Approved-by: bob U0BOB\n")
        .contains("Helmgate-Request: " + request.id() + "\n");
    assertThat(done.commitId()).contains(repo.head().id());
    assertThat(argo.syncs())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.requestedBy()).isEqualTo(ALICE);
              assertThat(s.revision()).contains(repo.head().id());
            });
    assertThat(thread.lines).last().asString().contains("SUCCEEDED").contains("Healthy");
    assertThat(trail.typesFor(request.id()))
        .containsSubsequence(
            Type.REQUESTED,
            Type.DECIDED,
            Type.REFUSED,
            Type.REFUSED,
            Type.APPROVED,
            Type.TRANSITION,
            Type.TRANSITION,
            Type.COMMITTED,
            Type.SYNC_STARTED,
            Type.SYNC_PHASE,
            Type.SYNC_FINISHED,
            Type.TRANSITION);
  }

  @Test
  void doubleApproveBySecondOpsCountsOnceAndCommitsOnce() {
    Request request = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));

    helmgate.requests().approve(request.id(), BOB);
    Outcome again = helmgate.requests().approve(request.id(), BOB);

    assertThat(again).isInstanceOfAny(Outcome.Invalid.class, Outcome.Denied.class);
    assertThat(repo.commits).hasSize(2);
  }

  @Test
  void devDeployRunsAtOnceWithoutApproval() {
    Request request = opened(deploy(ALICE, "acme/payments dev image.tag=1.5.0"));

    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.head().files().get(DEV.valuesPath()))
        .contains("tag: 1.5.0   # promoted by Helmgate");
  }

  @Test
  void rejectionEndsTheRequestAndCommitsNothing() {
    Request request = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));

    Outcome rejected =
        helmgate.requests().reject(request.id(), BOB, Optional.of("not before the audit"));

    assertThat(rejected).isInstanceOf(Outcome.RequestUpdated.class);
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.REJECTED);
    assertThat(helmgate.requests().approve(request.id(), BOB))
        .isInstanceOfAny(Outcome.Invalid.class, Outcome.Denied.class);
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void fileChangedAfterApprovalRequestThenStaleAndNothingCommitted() {
    Request request = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));
    repo.externalChange(PROD, values("1.4.1").replace("replicaCount: 3", "replicaCount: 4"));

    helmgate.requests().approve(request.id(), BOB);

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.STALE);
    assertThat(after.outcome().orElseThrow()).contains("changed since this was approved");
    assertThat(repo.commits).hasSize(2);
  }

  @Test
  void missingSecretBlocksTheRequestWithTheList() {
    SecretReference missing = new SecretReference("secret/data/acme/payments/prod", "db-password");
    secrets.answer = new Preflight(Preflight.Status.MISSING, List.of(missing), "1 missing");

    Outcome outcome = deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\"");

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().message())
        .contains("secret/data/acme/payments/prod#db-password");
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void nothingToChangeIsReportedAndNoRequestIsMade() {
    Outcome outcome = deploy(ALICE, "acme/payments prod image.tag=1.4.1 reason=\"CHG-1\"");

    assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
    assertThat(((Outcome.Invalid) outcome).message()).contains("already has image.tag 1.4.1");
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void rollbackRestoresThePreviousValuesWithANewCommitAfterApproval() {
    Request deployed = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));
    helmgate.requests().approve(deployed.id(), BOB);
    String before = repo.commits.get(0).id();

    Outcome choices =
        helmgate.command(new Caller(ALICE, "C0OPS"), "/rollback", "acme/payments prod history");
    assertThat(choices).isInstanceOf(Outcome.RollbackChoices.class);
    assertThat(((Outcome.RollbackChoices) choices).changes()).hasSize(2);

    Request rollback =
        opened(
            helmgate.command(
                new Caller(ALICE, "C0OPS"),
                "/rollback",
                "acme/payments prod to=" + before + " reason=\"INC-7\""));
    assertThat(rollback.change().summary()).isEqualTo("image.tag 1.4.2 → 1.4.1");
    helmgate.requests().approve(rollback.id(), BOB);

    assertThat(requests.find(rollback.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.head().files().get(PROD.valuesPath())).isEqualTo(values("1.4.1"));
    assertThat(repo.commits).hasSize(3);
    assertThat(repo.head().message())
        .startsWith("rollback acme/payments prod to " + before.substring(0, 7));
  }

  @Test
  void rollbackWithoutToUndoesTheLatestChangeWithTheSameApprovals() {
    Request deployed =
        opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1 release\""));
    helmgate.requests().approve(deployed.id(), BOB);
    String before = repo.commits.get(0).id();
    String deployCommit = repo.head().id();

    Request rollback =
        opened(
            helmgate.command(
                new Caller(ALICE, "C0OPS"), "/rollback", "acme/payments prod reason=\"INC-7\""));

    assertThat(rollback.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(rollback.approvalsRequired()).isEqualTo(deployed.approvalsRequired());
    assertThat(rollback.restoreFrom()).contains(before);
    assertThat(rollback.change().summary()).isEqualTo("image.tag 1.4.2 → 1.4.1");
    UndoneCommit undone = UndoneCommit.in(rollback.bindings()).orElseThrow();
    assertThat(undone.commit()).isEqualTo(deployCommit);
    assertThat(undone.subject()).startsWith("deploy acme/payments prod: image.tag 1.4.1 → 1.4.2");
    assertThat(undone.author()).isEqualTo(ALICE.name() + " " + ALICE.id());
    assertThat(helmgate.requests().approve(rollback.id(), ALICE))
        .isInstanceOf(Outcome.Denied.class);
    assertThat(repo.commits).hasSize(2);

    helmgate.requests().approve(rollback.id(), BOB);

    assertThat(requests.find(rollback.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.head().files().get(PROD.valuesPath())).isEqualTo(values("1.4.1"));
    assertThat(repo.commits).hasSize(3);
    assertThat(repo.head().parent()).isEqualTo(deployCommit);
    assertThat(repo.head().message())
        .startsWith(
            "rollback acme/payments prod to "
                + before.substring(0, 7)
                + " (undoes "
                + deployCommit.substring(0, 7)
                + ")")
        .contains("Undoes " + deployCommit)
        .contains("Helmgate-Reason: INC-7");
  }

  @Test
  void rollbackFromAnEmptyStringBackToNullShowsThatChange() {
    repo.commit(
        new io.helmgate.domain.port.ValuesCommit(
            PROD, repo.lastChange(PROD), values("~"), "tag to null by hand", List.of()));
    repo.commit(
        new io.helmgate.domain.port.ValuesCommit(
            PROD, repo.lastChange(PROD), values("\"\""), "tag to empty by hand", List.of()));

    Request rollback =
        opened(
            helmgate.command(
                new Caller(ALICE, "C0OPS"), "/rollback", "acme/payments prod reason=\"INC-7\""));

    // the key view says null; the line diff shows the spelling the file had (`~`)
    assertThat(rollback.change().summary()).startsWith("image.tag \"\" → null");
  }

  @Test
  void rollbackWithoutToSaysSoWhenThereIsNoEarlierVersion() {
    Outcome outcome =
        helmgate.command(
            new Caller(ALICE, "C0OPS"), "/rollback", "acme/payments prod reason=\"INC-7\"");

    assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
    assertThat(((Outcome.Invalid) outcome).message())
        .contains("`acme/payments/prod/values.yaml` has no earlier version");
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void scheduledRequestWaitsForItsTimeThenRuns() {
    Request request =
        opened(
            deploy(
                ALICE,
                "acme/payments prod from=staging at=2026-12-01T22:00+01:00 reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);

    Request scheduled = requests.find(request.id()).orElseThrow();
    assertThat(scheduled.state()).isEqualTo(RequestState.SCHEDULED);
    assertThat(schedules.jobs).containsEntry(request.id(), Instant.parse("2026-12-01T21:00:00Z"));
    assertThat(repo.commits).hasSize(1);

    clock.advance(Duration.ofHours(12));
    helmgate.requests().execute(request.id());

    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.commits).hasSize(2);
  }

  @Test
  void cancelledScheduledRequestNeverRuns() {
    Request request =
        opened(
            deploy(
                ALICE,
                "acme/payments prod from=staging at=2026-12-01T22:00+01:00 reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);

    Outcome cancelled = deploy(ALICE, "cancel " + request.id());
    helmgate.requests().execute(request.id());

    assertThat(cancelled).isInstanceOf(Outcome.RequestUpdated.class);
    assertThat(schedules.jobs).isEmpty();
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.CANCELLED);
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void approverWhoLostTheRoleBeforeFireTimeStopsTheExecution() {
    Request request =
        opened(
            deploy(
                ALICE,
                "acme/payments prod from=staging at=2026-12-01T22:00+01:00 reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);
    groups.groups.put(BOB.id(), Set.of("@dev-team"));

    helmgate.requests().execute(request.id());

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.outcome().orElseThrow()).startsWith("Not executed:");
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void anApprovedRequestWhoseStartMeetsAnotherWriteStillRunsNowNotAtTheNextSweep() {
    Outcome outcome = deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\"");
    Request request = ((Outcome.RequestOpened) outcome).request();
    // The approval is stored; just as the execution begins, another writer (a fact noted on the
    // request) stores it first.
    requests.beforeNextUpdate =
        () ->
            requests.beforeNextUpdate =
                () -> {
                  Request now = requests.rows.get(request.id());
                  requests.rows.put(request.id(), now.withVersion(now.version() + 1));
                };

    helmgate.requests().approve(request.id(), BOB);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.commits).hasSize(2);
  }

  @Test
  void anApprovalThatMeetsTheMessageBeingStoredAtTheSameMomentStillCounts() {
    Outcome outcome = deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\"");
    Request request = ((Outcome.RequestOpened) outcome).request();
    // The message's place is stored (posted) just as Bob's click is being recorded.
    requests.beforeNextUpdate =
        () -> {
          Request now = requests.rows.get(request.id());
          requests.rows.put(
              request.id(),
              now.withMessage(new MessageRef("C0OPS", "1700000000.000100"))
                  .withVersion(now.version() + 1));
        };

    Outcome approved = helmgate.requests().approve(request.id(), BOB);

    assertThat(approved).isInstanceOf(Outcome.RequestUpdated.class);
    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.approvedBy()).hasSize(1);
  }

  @Test
  void anImmediateChangeAsksVaultOnceAndAChangeThatWaitedForApprovalAsksAgain() {
    Request dev = opened(deploy(ALICE, "acme/payments dev image.tag=1.5.0"));
    assertThat(requests.find(dev.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(secrets.checked).as("checked when requested, taken at once").hasSize(1);

    Request prod = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));
    helmgate.requests().approve(prod.id(), BOB);
    assertThat(requests.find(prod.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(secrets.checked).as("asked again after the approval").hasSize(3);
  }

  @Test
  void anImmediateChangeIsCheckedAgainWhenItsFirstAnswerIsOld() {
    Request request =
        ((Outcome.RequestOpened) deploy(ALICE, "acme/payments dev image.tag=1.5.0")).request();
    clock.advance(Duration.ofMinutes(1)); // its message took a minute to post
    helmgate.requests().posted(request.id(), Optional.empty());

    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(secrets.checked).hasSize(2);
  }

  @Test
  void degradedSyncFailsTheRequestAndOffersRollback() {
    argo.fake.app(DEV).healthAfterSync("Degraded");

    Request request = opened(deploy(ALICE, "acme/payments dev image.tag=1.5.0"));
    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.outcome().orElseThrow())
        .contains("Degraded")
        .contains("/rollback acme/payments dev");
    assertThat(after.commitId()).isPresent();
  }

  @Test
  void gitFailureDuringCommitEndsFailedWithNothingCommitted() {
    repo.failNextCommit =
        new io.helmgate.domain.port.ValuesRepositoryException("remote refused the push");

    Request request = opened(deploy(ALICE, "acme/payments dev image.tag=1.5.0"));

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.outcome().orElseThrow())
        .contains("remote refused the push")
        .contains("Nothing was committed");
    assertThat(argo.syncs()).isEmpty();
  }

  @Test
  void slackDownDuringNotificationsStillFinishesAndRecordsTheFailedNotifications() {
    thread.down = true;

    Request request = opened(deploy(ALICE, "acme/payments dev image.tag=1.5.0"));

    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(trail.typesFor(request.id())).contains(Type.NOTIFICATION_FAILED);
  }

  @Test
  void directoryDownRefusesWritesWithAClearMessage() {
    groups.down = true;

    Outcome outcome = deploy(ALICE, "acme/payments dev image.tag=1.5.0");

    assertThat(outcome).isInstanceOf(Outcome.Error.class);
    assertThat(((Outcome.Error) outcome).message()).contains("Slack is down");
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void lockedEnvironmentRefusesNewRequestsUntilUnlocked() {
    Outcome locked = deploy(BOB, "lock acme/payments prod for=2h reason=\"DB migration\"");
    assertThat(locked).isInstanceOf(Outcome.Locked.class);

    Outcome refused = deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\"");
    assertThat(refused).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) refused).decision().message()).contains("DB migration");

    assertThat(deploy(BOB, "unlock acme/payments prod")).isInstanceOf(Outcome.Unlocked.class);
    assertThat(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""))
        .isInstanceOf(Outcome.RequestOpened.class);
  }

  @Test
  void lockTakenByAnotherSinceTheCheckIsRefusedNamingTheHolderAndKeepsTheirLock() {
    assertThat(deploy(BOB, "lock acme/payments prod for=2h reason=\"DB migration\""))
        .isInstanceOf(Outcome.Locked.class);
    locks.staleReads = true;

    Outcome lost = deploy(ALICE, "lock acme/payments prod for=1h reason=\"hotfix\"");

    assertThat(lost).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) lost).decision().rule()).isEqualTo("already-locked");
    assertThat(((Outcome.Denied) lost).decision().message()).contains("bob", "DB migration");
    assertThat(locks.locks.get(PROD).owner()).isEqualTo(BOB);
    assertThat(trail.events).extracting(e -> e.type()).endsWith(Type.LOCKED, Type.REFUSED);
  }

  @Test
  void interruptedAfterCommitIsResumedNotCommittedTwice() {
    argo.configured = true;
    Request request = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));
    // the process dies right after the commit landed: simulate by committing and leaving EXECUTING
    helmgate.requests().approve(request.id(), BOB);
    Request done = requests.find(request.id()).orElseThrow();
    Request executingWithoutCommit =
        new Request(
            done.id(),
            done.kind(),
            done.target(),
            done.requester(),
            done.reason(),
            done.source(),
            done.restoreFrom(),
            done.change(),
            done.baseCommit(),
            done.scheduledAt(),
            done.breakGlass(),
            RequestState.EXECUTING,
            done.approvals(),
            done.approvalsRequired(),
            done.digest(),
            done.createdAt(),
            done.updatedAt(),
            done.expiresAt(),
            io.helmgate.domain.request.Execution.NOT_STARTED,
            Optional.empty(),
            done.message(),
            done.version(),
            done.bindings());
    requests.rows.put(done.id(), executingWithoutCommit);
    int commits = repo.commits.size();

    helmgate.requests().resumeInterrupted();

    Request resumed = requests.find(request.id()).orElseThrow();
    assertThat(resumed.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(resumed.commitId()).contains(repo.head().id());
    assertThat(repo.commits).hasSize(commits);
  }

  @Test
  void interruptedBeforeCommitIsFailedAndSaysNothingWasCommitted() {
    Request request = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));
    Request r = requests.find(request.id()).orElseThrow();
    requests.rows.put(
        r.id(),
        new Request(
            r.id(),
            r.kind(),
            r.target(),
            r.requester(),
            r.reason(),
            r.source(),
            r.restoreFrom(),
            r.change(),
            r.baseCommit(),
            r.scheduledAt(),
            r.breakGlass(),
            RequestState.EXECUTING,
            r.approvals(),
            r.approvalsRequired(),
            r.digest(),
            r.createdAt(),
            r.updatedAt(),
            r.expiresAt(),
            io.helmgate.domain.request.Execution.NOT_STARTED,
            Optional.empty(),
            r.message(),
            r.version(),
            r.bindings()));

    helmgate.requests().resumeInterrupted();

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.outcome().orElseThrow()).contains("nothing was committed");
  }

  @Test
  void approvedButNotStartedBeforeARestartRunsAtTheNextStartAndCommitsOnce() {
    // the process stopped after storing an approved request, before its execution began
    Outcome outcome = deploy(ALICE, "acme/payments dev image.tag=1.5.0");
    Request approved = ((Outcome.RequestOpened) outcome).request();
    assertThat(requests.find(approved.id()).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
    int commits = repo.commits.size();

    helmgate.requests().resumeInterrupted();

    assertThat(requests.find(approved.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.commits).hasSize(commits + 1);

    helmgate.requests().resumeInterrupted();

    assertThat(repo.commits).hasSize(commits + 1);
  }

  @Test
  void pendingRequestsExpireAfterTheirTtl() {
    Request request = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));

    clock.advance(Duration.ofHours(25));
    int expired = helmgate.requests().expireDue();

    assertThat(expired).isEqualTo(1);
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.EXPIRED);
  }

  @Test
  void approvedScheduledRequestLeftUnrunPastTheHorizonExpiresAndItsJobIsRemoved() {
    Request request =
        opened(
            deploy(
                ALICE,
                "acme/payments prod from=staging at=2026-12-14T22:00+01:00 reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SCHEDULED);

    // the horizon (14 days after the request) and a day's grace for a job that may still fire
    clock.advance(Duration.ofDays(15).minusMinutes(1));
    assertThat(helmgate.requests().expireDue()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(helmgate.requests().expireDue()).isEqualTo(1);

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(after.outcome().orElseThrow()).contains("approved but not run by");
    assertThat(schedules.jobs).doesNotContainKey(request.id());
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void scheduledRequestFiredPastTheHorizonExpiresEvenWithinAGenerousGrace() {
    Request request =
        opened(
            deploy(
                ALICE,
                "acme/payments prod from=staging at=2026-12-14T22:00+01:00 reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);
    Instant due = Instant.parse("2026-12-14T21:00:00Z");

    clock.now = Instant.parse("2026-12-16T10:00:00Z");
    helmgate.requests().fire(request.id(), due, Duration.ofDays(2));

    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.EXPIRED);
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void aChangeScheduledAtTheEdgeOfTheHorizonRunsWhenItFiresALittleLate() {
    Instant edge = clock.instant().plus(Duration.ofDays(14));
    Request request =
        opened(deploy(ALICE, "acme/payments prod from=staging at=" + edge + " reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SCHEDULED);

    clock.now = edge.plus(Duration.ofMinutes(2));
    helmgate.requests().fire(request.id(), edge, Duration.ofMinutes(30));

    assertThat(requests.find(request.id()).orElseThrow().state())
        .isNotEqualTo(RequestState.EXPIRED);
    assertThat(repo.commits).hasSize(2);
  }

  @Test
  void atFurtherThanTheHorizonIsRefusedNamingTheLimit() {
    Outcome outcome =
        deploy(ALICE, "acme/payments dev from=staging at=2026-12-16T10:00+01:00 reason=x");

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().rule()).isEqualTo("schedule-horizon");
    assertThat(((Outcome.Denied) outcome).decision().message()).contains("more than 14 days");
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void breakGlassWithAtIsRefusedAndNothingRuns() {
    Outcome outcome =
        deploy(
            ALICE,
            "acme/payments prod from=staging at=2026-12-01T22:00+01:00 reason=\"INC-9\""
                + " break-glass");

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().message())
        .contains("drop at= to run it now, or drop break-glass");
    assertThat(requests.rows).isEmpty();
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void absurdYearsGetAClearAnswerNeverAnException() {
    for (String at :
        List.of(
            "99999-01-01T00:00",
            "0000-01-01T00:00",
            "+99999-01-01T00:00Z",
            "+999999999-12-31T23:59+01:00",
            "+999999999-12-31T23:59:59-18:00",
            "-999999999-01-01T00:00+18:00",
            "9999-12-31T23:59")) {
      Outcome outcome = deploy(ALICE, "acme/payments dev from=staging at=" + at + " reason=x");

      assertThat(outcome).as(at).isInstanceOfAny(Outcome.Invalid.class, Outcome.Denied.class);
    }
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void gatedRequestTypedInADirectMessageWithoutAnApprovalChannelIsRefusedAndNotRecorded() {
    Helmgate noChannels = withApprovalChannels(Set.of());

    Outcome outcome =
        noChannels.command(
            new Caller(ALICE, "D0ALICE", true),
            "/deploy",
            "acme/payments prod from=staging reason=\"CHG-1\"");

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().rule()).isEqualTo("approval-channel");
    assertThat(((Outcome.Denied) outcome).decision().message())
        .contains("An administrator must configure an approval channel for prod");
    assertThat(requests.rows).isEmpty();
    assertThat(trail.events).extracting(e -> e.type()).containsExactly(Type.REFUSED);
  }

  @Test
  void gatedRequestTypedInADirectMessageOpensWhenItsEnvironmentHasAnApprovalChannel() {
    Outcome outcome =
        withApprovalChannels(Set.of("prod"))
            .command(
                new Caller(ALICE, "D0ALICE", true),
                "/deploy",
                "acme/payments prod from=staging reason=\"CHG-1\"");

    assertThat(outcome).isInstanceOf(Outcome.RequestOpened.class);
  }

  @Test
  void ungatedRequestTypedInADirectMessageNeedsNoApprovalChannel() {
    Outcome outcome =
        withApprovalChannels(Set.of())
            .command(
                new Caller(ALICE, "D0ALICE", true), "/deploy", "acme/payments dev from=staging");

    assertThat(outcome).isInstanceOf(Outcome.RequestOpened.class);
  }

  @Test
  void gatedRequestForAnEnvironmentLeftOutOfTheApprovalChannelsIsRefusedEvenFromAChannel() {
    // prod-eu is not named by the policy (production rules apply) and has no approval channel.
    Target prodEu = new Target("acme", "payments", "prod-eu");
    repo =
        new Fakes.Values(
            clock,
            Map.of(STAGING, values("1.4.2"), PROD, values("1.4.1"), prodEu, values("1.4.0")));

    Outcome outcome =
        withApprovalChannels(Set.of("prod"))
            .command(
                new Caller(ALICE, "C0PRIVATE"),
                "/deploy",
                "acme/payments prod-eu from=staging reason=\"CHG-1\"");

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().rule()).isEqualTo("approval-channel");
    assertThat(((Outcome.Denied) outcome).decision().message())
        .contains("An administrator must configure an approval channel for prod-eu")
        .contains("helmgate.slack.approval-channels.prod-eu");
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void gatedRequestTypedInAChannelWithoutAnyApprovalChannelsIsPostedThere() {
    Outcome outcome =
        withApprovalChannels(Set.of())
            .command(
                new Caller(ALICE, "C0OPS"),
                "/deploy",
                "acme/payments prod from=staging reason=\"CHG-1\"");

    assertThat(outcome).isInstanceOf(Outcome.RequestOpened.class);
  }

  @Test
  void breakGlassTypedInADirectMessageWithoutAnApprovalChannelIsRefused() {
    Outcome outcome =
        withApprovalChannels(Set.of())
            .command(
                new Caller(ALICE, "D0ALICE", true),
                "/deploy",
                "acme/payments prod from=staging reason=\"INC-99 outage\" break-glass");

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().rule()).isEqualTo("approval-channel");
    assertThat(requests.rows).isEmpty();
  }

  @Test
  void breakGlassTypedInADirectMessageOpensWhenItsEnvironmentHasAnApprovalChannel() {
    Outcome outcome =
        withApprovalChannels(Set.of("prod"))
            .command(
                new Caller(ALICE, "D0ALICE", true),
                "/deploy",
                "acme/payments prod from=staging reason=\"INC-99 outage\" break-glass");

    assertThat(outcome).isInstanceOf(Outcome.RequestOpened.class);
  }

  @Test
  void everyCommandHasARunner() {
    Set<Class<?>> withRunners = new java.util.HashSet<Class<?>>(helmgate.commandsWithRunners());
    assertThat(withRunners)
        .containsExactlyInAnyOrder(
            io.helmgate.domain.command.Command.class.getPermittedSubclasses());
  }

  @Test
  void breakGlassSkipsApprovalAndIsMarked() {
    Request request =
        opened(
            deploy(ALICE, "acme/payments prod from=staging reason=\"INC-99 outage\" break-glass"));

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(after.breakGlass()).isTrue();
    assertThat(repo.head().message()).contains("Helmgate-Break-Glass: true");
  }

  @Test
  void scheduledRequestFiredWithinGraceRunsAndSaysItRanLate() {
    Request request =
        opened(
            deploy(
                ALICE,
                "acme/payments prod from=staging at=2026-12-01T22:00+01:00 reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);
    Instant due = Instant.parse("2026-12-01T21:00:00Z");

    clock.now = due.plus(Duration.ofMinutes(10));
    helmgate.requests().fire(request.id(), due, Duration.ofMinutes(30));

    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(thread.lines).anyMatch(l -> l.contains("10 minutes late"));
  }

  @Test
  void scheduledRequestFiredAfterGraceIsMarkedMissedAndNeverRuns() {
    Request request =
        opened(
            deploy(
                ALICE,
                "acme/payments prod from=staging at=2026-12-01T22:00+01:00 reason=\"CHG-1\""));
    helmgate.requests().approve(request.id(), BOB);
    Instant due = Instant.parse("2026-12-01T21:00:00Z");

    clock.now = due.plus(Duration.ofHours(3));
    helmgate.requests().fire(request.id(), due, Duration.ofMinutes(30));

    Request after = requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.outcome().orElseThrow()).startsWith("Missed:");
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void pendingRequestIsRemindedOnceBeforeItExpires() {
    Request request = opened(deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\""));

    clock.advance(Duration.ofHours(22));
    assertThat(helmgate.requests().remindExpiring(Duration.ofHours(1))).isZero();
    clock.advance(Duration.ofMinutes(90));
    assertThat(helmgate.requests().remindExpiring(Duration.ofHours(1))).isEqualTo(1);
    assertThat(helmgate.requests().remindExpiring(Duration.ofHours(1))).isZero();

    assertThat(thread.lines).anyMatch(l -> l.contains("still needs 1 approval(s)"));
    assertThat(trail.typesFor(request.id())).containsOnlyOnce(Type.REMINDED);
  }

  @Test
  void unavailableVaultBlocksEveryEnvironmentUnlessConfiguredToFailOpen() {
    secrets.answer = new Preflight(Preflight.Status.UNAVAILABLE, List.of(), "Vault is sealed");

    Outcome prod = deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\"");
    Outcome dev = deploy(ALICE, "acme/payments dev image.tag=1.5.0");

    assertThat(prod).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) prod).decision().message())
        .contains("Vault is sealed")
        .contains("fails closed");
    assertThat(dev).isInstanceOf(Outcome.Denied.class);

    Helmgate failOpenInDev = helmgate(env -> env.equals("dev"));
    Outcome devAgain =
        failOpenInDev.command(
            new Caller(ALICE, "C0OPS"), "/deploy", "acme/payments dev image.tag=1.5.0");
    assertThat(devAgain).isInstanceOf(Outcome.RequestOpened.class);
  }

  @Test
  void anEnvironmentThatNeedsApprovalNeverGoesOnWithoutItsPreflightWhereverElseVaultFailsOpen() {
    secrets.answer = new Preflight(Preflight.Status.UNAVAILABLE, List.of(), "Vault is sealed");
    Helmgate failOpenEverywhere = helmgate(env -> true);

    Outcome prod =
        failOpenEverywhere.command(
            new Caller(ALICE, "C0OPS"),
            "/deploy",
            "acme/payments prod from=staging reason=\"CHG-1\"");
    Outcome dev =
        failOpenEverywhere.command(
            new Caller(ALICE, "C0OPS"), "/deploy", "acme/payments dev image.tag=1.5.0");

    assertThat(prod).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) prod).decision().message()).contains("fails closed");
    assertThat(dev).isInstanceOf(Outcome.RequestOpened.class);
  }

  @Test
  void rollbackThatRestoresOnlyAListIsShownAsALineDiffNotAsNoChange() {
    String before = repo.head().id();
    repo.externalChange(PROD, values("1.4.1") + "hosts:\n  - payments.acme.example.org\n");

    Request rollback =
        opened(
            helmgate.command(
                new Caller(ALICE, "C0OPS"),
                "/rollback",
                "acme/payments prod to=" + before + " reason=\"INC-8\""));

    assertThat(rollback.change().isEmpty()).isFalse();
    assertThat(rollback.change().changes()).isEmpty();
    assertThat(rollback.change().fileDiff()).contains("-hosts:", "-  - payments.acme.example.org");
    assertThat(rollback.change().fileDiff()).noneMatch(l -> l.contains("secret/data"));
  }
}
