package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.ExampleGroups;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.AuditEvent.Type;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Post-deploy edge verification and the maintenance drain, driven through the request service. */
class EdgeVerificationTest {

  static final Target STAGING = new Target("acme", "payments", "staging");
  static final Target PROD = new Target("acme", "payments", "prod");
  static final UserRef ALICE = new UserRef("U0ALICE", "alice");
  static final UserRef BOB = new UserRef("U0BOB", "bob");
  static final Instant DUE = Instant.parse("2026-12-01T21:00:00Z");

  Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-12-01T09:00:00Z"));
  Fakes.Values repo;
  Fakes.Argo argo = new Fakes.Argo(clock);
  Fakes.Groups groups = new Fakes.Groups();
  Fakes.Trail trail = new Fakes.Trail();
  Fakes.Requests requests = new Fakes.Requests(trail);
  Fakes.Thread thread = new Fakes.Thread();
  Fakes.Schedules schedules = new Fakes.Schedules();
  Edge edge = new Edge();
  Helmgate helmgate;

  /** An edge whose answers each test sets, and which remembers what it was asked to do. */
  static final class Edge implements EdgeVerifier {
    Report report = Report.notConfigured();
    RuntimeException verifyFault;
    boolean drains;
    Step drainAnswer = Step.done("pool /Prod/acme-payments: 2 members disabled");
    Step enableAnswer = Step.done("pool /Prod/acme-payments: 2 members enabled");
    final List<String> calls = new ArrayList<>();

    @Override
    public Report verify(Target target) {
      calls.add("verify " + target);
      if (verifyFault != null) {
        throw verifyFault;
      }
      return report;
    }

    @Override
    public boolean drainsForMaintenance(Target target) {
      return drains;
    }

    @Override
    public Step drain(Target target) {
      calls.add("drain " + target);
      return drainAnswer;
    }

    @Override
    public Step enable(Target target) {
      calls.add("enable " + target);
      return enableAnswer;
    }

    @Override
    public Step enable(Target target, List<String> members) {
      calls.add("enable " + target + " " + members);
      return enableAnswer;
    }
  }

  static String values(String tag) {
    return "image:\n  repository: registry.example.org/acme/payments\n  tag: " + tag + "\n";
  }

  @BeforeEach
  void setUp() {
    repo = new Fakes.Values(clock, Map.of(STAGING, values("1.4.2"), PROD, values("1.4.1")));
    groups.groups.put(ALICE.id(), Set.of("@ops-team"));
    groups.groups.put(BOB.id(), Set.of("@ops-team"));
    Ports ports =
        new Ports(
            repo,
            argo,
            new Fakes.Secrets(),
            groups,
            requests,
            trail,
            new Fakes.Locks(),
            schedules,
            thread,
            clock,
            Runnable::run,
            new Fakes.Artifacts(),
            edge,
            io.helmgate.domain.port.ExecutionClaims.inProcess());
    helmgate = new Helmgate(ports, new Policy(ExampleGroups.policy()), Redaction.defaults());
  }

  Request approvedDeploy(String extra) {
    Outcome outcome =
        helmgate.command(
            new Caller(ALICE, "C0OPS"),
            "/deploy",
            "acme/payments prod from=staging " + extra + "reason=\"CHG-1\"");
    Request r = ((Outcome.RequestOpened) outcome).request();
    helmgate.requests().posted(r.id(), Optional.of(new MessageRef("C0OPS", "1700000000.000100")));
    helmgate.requests().approve(r.id(), BOB);
    schedules.settle(clock, helmgate.requests()::resume, 100);
    return requests.find(r.id()).orElseThrow();
  }

  Request scheduledDeploy() {
    return approvedDeploy("at=2026-12-01T22:00+01:00 ");
  }

  Request fireOnTime(Request scheduled) {
    clock.now = DUE.plus(Duration.ofMinutes(1));
    helmgate.requests().fire(scheduled.id(), DUE, Duration.ofMinutes(30));
    schedules.settle(clock, helmgate.requests()::resume, 100);
    return requests.find(scheduled.id()).orElseThrow();
  }

  List<String> linesOf(Request r) {
    return thread.lines.stream().filter(l -> l.startsWith(r.id() + " ")).toList();
  }

  List<AuditEvent> eventsOf(Request r, Type type) {
    return trail.events.stream()
        .filter(e -> e.requestId().equals(Optional.of(r.id())) && e.type() == type)
        .toList();
  }

  @Test
  void environmentWithoutKongOrF5SucceedsAsBeforeWithoutEdgeLines() {
    Request done = approvedDeploy("");

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.outcome().orElseThrow()).startsWith("Synced and Healthy.");
    assertThat(linesOf(done)).noneMatch(l -> l.contains("Check"));
    assertThat(trail.typesFor(done.id())).doesNotContain(Type.EDGE_CHECKED);
  }

  @Test
  void allChecksPassedThenEachIsShownAndAuditedAndTheRequestSucceeds() {
    edge.report =
        EdgeVerifier.Report.of(
            List.of(
                new EdgeVerifier.Check("Kong route acme-payments", true, "exists"),
                new EdgeVerifier.Check("F5 pool /Prod/acme-payments", true, "2 of 2 members up")));

    Request done = approvedDeploy("");

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.outcome().orElseThrow()).contains("2 edge check(s) passed");
    assertThat(linesOf(done))
        .anyMatch(l -> l.contains("Check passed: Kong route acme-payments — exists"))
        .anyMatch(l -> l.contains("Check passed: F5 pool /Prod/acme-payments — 2 of 2 members up"));
    assertThat(eventsOf(done, Type.EDGE_CHECKED))
        .extracting(e -> e.detail().get("check") + "=" + e.detail().get("passed"))
        .containsExactly("Kong route acme-payments=true", "F5 pool /Prod/acme-payments=true");
    assertThat(trail.typesFor(done.id()))
        .containsSubsequence(Type.SYNC_FINISHED, Type.EDGE_CHECKED, Type.TRANSITION);
  }

  @Test
  void failedCheckMarksTheRequestFailedWithTheReasonAndTheRollbackCommand() {
    edge.report =
        EdgeVerifier.Report.of(
            List.of(
                new EdgeVerifier.Check("Kong route acme-payments", true, "exists"),
                new EdgeVerifier.Check(
                    "Kong upstream acme-payments",
                    false,
                    "1 of 2 targets UNHEALTHY: 10.0.0.2:8080")));

    Request done = approvedDeploy("");

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.commitId()).isPresent();
    assertThat(done.outcome().orElseThrow())
        .contains("post-deploy verification failed")
        .contains("Kong upstream acme-payments: 1 of 2 targets UNHEALTHY: 10.0.0.2:8080")
        .doesNotContain("Kong route acme-payments: exists")
        .contains("`/rollback acme/payments prod`");
    assertThat(linesOf(done))
        .anyMatch(l -> l.contains("Check FAILED: Kong upstream acme-payments"))
        .last()
        .asString()
        .contains("FAILED");
  }

  @Test
  void verifierThatThrowsIsAFailedVerificationWithItsMessage() {
    edge.verifyFault = new IllegalStateException("Kong Admin API unreachable: connection refused");

    Request done = approvedDeploy("");

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome().orElseThrow())
        .contains("edge verification: could not run: Kong Admin API unreachable");
    assertThat(eventsOf(done, Type.EDGE_CHECKED))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).containsEntry("passed", "false"));
  }

  @Test
  void degradedSyncIsNotVerified() {
    argo.fake.app(PROD).healthAfterSync("Degraded");

    Request done = approvedDeploy("");

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(edge.calls).isEmpty();
  }

  @Test
  void scheduledChangeDrainsAtItsWindowThenVerifiesThenReEnables() {
    edge.drains = true;
    edge.report =
        EdgeVerifier.Report.of(List.of(new EdgeVerifier.Check("F5 pool", true, "2 of 2 up")));
    Request scheduled = scheduledDeploy();
    assertThat(edge.calls).isEmpty();

    Request done = fireOnTime(scheduled);

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(edge.calls)
        .containsExactly(
            "drain acme/payments prod", "verify acme/payments prod", "enable acme/payments prod");
    assertThat(trail.typesFor(done.id()))
        .containsSubsequence(
            Type.EDGE_DRAINED,
            Type.COMMITTED,
            Type.SYNC_FINISHED,
            Type.EDGE_CHECKED,
            Type.EDGE_ENABLED,
            Type.TRANSITION);
    assertThat(linesOf(done))
        .anyMatch(l -> l.contains("Drained: pool /Prod/acme-payments: 2 members disabled"))
        .anyMatch(l -> l.contains("Re-enabled: pool /Prod/acme-payments: 2 members enabled"));
  }

  @Test
  void immediateChangeNeverDrains() {
    edge.drains = true;

    Request done = approvedDeploy("");

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(edge.calls).containsExactly("verify acme/payments prod");
  }

  @Test
  void failedScheduledChangeIsReEnabledAfterItsFailure() {
    edge.drains = true;
    argo.fake.app(PROD).operationsEnd("Failed", "image pull back-off");
    Request scheduled = scheduledDeploy();

    Request done = fireOnTime(scheduled);

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(edge.calls).containsExactly("drain acme/payments prod", "enable acme/payments prod");
    assertThat(eventsOf(done, Type.EDGE_ENABLED))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).containsEntry("result", "DONE"));
  }

  @Test
  void failedVerificationOfAScheduledChangeStillReEnablesThePool() {
    edge.drains = true;
    edge.report =
        EdgeVerifier.Report.of(List.of(new EdgeVerifier.Check("Kong probe", false, "HTTP 503")));

    Request done = fireOnTime(scheduledDeploy());

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(edge.calls).last().isEqualTo("enable acme/payments prod");
  }

  @Test
  void scheduledChangeFoundStaleAtItsWindowNeverDrains() {
    edge.drains = true;
    Request scheduled = scheduledDeploy();
    repo.externalChange(PROD, values("9.9.9"));

    Request done = fireOnTime(scheduled);

    assertThat(done.state()).isEqualTo(RequestState.STALE);
    assertThat(edge.calls).as("a change that cannot run drains nothing").isEmpty();
  }

  @Test
  void failedDrainStopsTheChangeBeforeAnyCommitAndGivesBackWhatItDrained() {
    edge.drains = true;
    edge.drainAnswer = EdgeVerifier.Step.failed("BIG-IP answered 401 for user chatops");
    Request scheduled = scheduledDeploy();
    int commitsBefore = repo.commits.size();

    Request done = fireOnTime(scheduled);

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome().orElseThrow())
        .startsWith("Not executed:")
        .contains("BIG-IP answered 401 for user chatops");
    assertThat(repo.commits).hasSize(commitsBefore);
    assertThat(argo.syncs()).isEmpty();
    assertThat(edge.calls).containsExactly("drain acme/payments prod", "enable acme/payments prod");
  }

  @Test
  void reEnableThatFailsIsSaidLoudlyAndAuditedForAPerson() {
    edge.drains = true;
    edge.enableAnswer = EdgeVerifier.Step.failed("BIG-IP unreachable: connect timed out");

    Request done = fireOnTime(scheduledDeploy());

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.outcome().orElseThrow()).contains("STILL DRAINED");
    assertThat(linesOf(done))
        .anyMatch(
            l ->
                l.contains("NEEDS A PERSON")
                    && l.contains("still drained")
                    && l.contains("connect timed out"));
    assertThat(eventsOf(done, Type.EDGE_ATTENTION)).hasSize(1);
  }

  @Test
  void aDrainedWindowWhoseProcessDiedIsReEnabledWhenTheResumedRequestEnds() {
    edge.drains = true;
    Request scheduled = scheduledDeploy();
    // The process drained the pool at the window, stored that it did and where the execution was
    // (about to commit), and died.
    Request executing =
        io.helmgate.domain.request.RequestLifecycle.begin(scheduled, "commit", DUE).requireMoved();
    executing =
        io.helmgate.domain.request.RequestLifecycle.step(
                executing,
                new io.helmgate.domain.request.Execution(
                    "commit",
                    0,
                    DUE,
                    Map.of(
                        io.helmgate.domain.execution.ArgoOutputs.APPLICATION,
                        "acme-payments-prod",
                        io.helmgate.domain.execution.ArgoOutputs.AUTO_SYNC,
                        "false",
                        io.helmgate.domain.execution.ArgoOutputs.VALUES_POSITION,
                        "0",
                        io.helmgate.domain.execution.Drain.DRAINED,
                        "*")),
                List.of(),
                DUE)
            .requireMoved();
    requests.rows.put(executing.id(), executing.withVersion(scheduled.version() + 1));
    clock.now = DUE.plus(Duration.ofMinutes(2));

    helmgate.requests().resumeInterrupted();
    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(scheduled.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.commits).hasSize(2);
    assertThat(edge.calls)
        .containsExactly("verify acme/payments prod", "enable acme/payments prod");
    assertThat(linesOf(done)).anyMatch(l -> l.contains("Re-enabled"));
  }

  @Test
  void onlyTheMembersTheDrainChangedAreReEnabled() {
    edge.drains = true;
    edge.drainAnswer = EdgeVerifier.Step.done("1 member disabled", List.of("/Prod/10.1.0.11:8080"));
    Request scheduled = scheduledDeploy();

    Request done = fireOnTime(scheduled);

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(edge.calls)
        .containsExactly(
            "drain acme/payments prod",
            "verify acme/payments prod",
            "enable acme/payments prod [/Prod/10.1.0.11:8080]");
  }
}
