package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.ExampleGroups;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several replicas over one store: a request is carried out by whichever replica runs its current
 * step, one at a time (the claim is held while a step runs); when the replica watching a sync dies,
 * another takes the next look at the sync it started, and nothing is committed or synced twice.
 */
class ReplicasTest {

  static final Target DEV = new Target("acme", "payments", "dev");
  static final UserRef ALICE = new UserRef("U0ALICE", "alice");

  final Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-12-01T09:00:00Z"));
  final Fakes.Argo argo = new Fakes.Argo(clock);
  final Fakes.Groups groups = new Fakes.Groups();
  final Fakes.Trail trail = new Fakes.Trail();
  final Fakes.Requests requests = new Fakes.Requests(trail);
  final Fakes.Thread thread = new Fakes.Thread();
  final Fakes.Claims claims = new Fakes.Claims();
  final Fakes.Schedules schedules = new Fakes.Schedules();
  Fakes.Values repo;

  @BeforeEach
  void setUp() {
    repo = new Fakes.Values(clock, Map.of(DEV, RequestScenarioTest.values("1.4.3")));
    groups.groups.put(ALICE.id(), Set.of("@ops-team"));
    // A sync that takes ten minutes: the request stays executing while the test looks at it.
    argo.fake.operationsRunFor(Duration.ofMinutes(10));
  }

  Helmgate replica(String name) {
    return replica(name, Runnable::run);
  }

  Helmgate replica(String name, java.util.concurrent.Executor executor) {
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
            executor,
            new Fakes.Artifacts(),
            EdgeVerifier.NONE,
            claims.of(name));
    return new Helmgate(ports, new Policy(ExampleGroups.policy()), Redaction.defaults());
  }

  Request executingOn(Helmgate replica) {
    Outcome outcome =
        replica.command(new Caller(ALICE, "C0OPS"), "/deploy", "acme/payments dev image.tag=1.5.0");
    Request opened = ((Outcome.RequestOpened) outcome).request();
    replica.requests().posted(opened.id(), java.util.Optional.empty());
    Request executing = requests.find(opened.id()).orElseThrow();
    assertThat(executing.state()).isEqualTo(RequestState.EXECUTING);
    assertThat(executing.execution().step()).isEqualTo("await-deployed");
    return executing;
  }

  @Test
  void aStepAnotherReplicaIsRunningIsLeftAloneByStartAndSweeps() {
    Helmgate a = replica("A");
    Request executing = executingOn(a);
    int commits = repo.commits.size();
    // Replica A is in the middle of a step of this request: it holds the claim.
    assertThat(claims.of("A").claim(executing.id())).isTrue();
    List<String> linesBefore = List.copyOf(thread.lines);

    clock.advance(Duration.ofMinutes(3));
    Helmgate b = replica("B");
    b.requests().resumeInterrupted();
    b.requests().resumeAbandoned();

    Request after = requests.find(executing.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.EXECUTING);
    assertThat(after.version()).as("B stored nothing").isEqualTo(executing.version());
    assertThat(argo.syncs()).hasSize(1);
    assertThat(repo.commits).hasSize(commits);
    assertThat(thread.lines).isEqualTo(linesBefore);
    assertThat(claims.owners).containsEntry(executing.id(), "A");
  }

  @Test
  void whenTheReplicaWatchingASyncDiesAnotherTakesTheNextLookAndNothingIsDoneTwice() {
    Request executing = executingOn(replica("A"));
    int commits = repo.commits.size();

    claims.dies("A");
    schedules.resumes.clear(); // A's resume was lost with it
    clock.advance(Duration.ofMinutes(11));
    Helmgate b = replica("B");
    b.requests().resumeAbandoned();
    schedules.settle(clock, b.requests()::resume, 100);

    Request done = requests.find(executing.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(argo.syncs()).as("the sync A started is watched, not started again").hasSize(1);
    assertThat(repo.commits)
        .as("the landed commit is synced again, not made again")
        .hasSize(commits);
    assertThat(thread.lines)
        .anySatisfy(
            line -> assertThat(line).contains("Resumed: the process carrying it out had stopped"));
    assertThat(claims.owners).isEmpty();
  }

  @Test
  void aReplicaGivesTheClaimBackBetweenStepsAndWhenTheRequestEnds() {
    Helmgate a = replica("A");
    Request executing = executingOn(a);
    assertThat(claims.owners).as("nobody holds a request between two looks").isEmpty();

    clock.advance(Duration.ofMinutes(11));
    schedules.settle(clock, a.requests()::resume, 100);

    assertThat(requests.find(executing.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(claims.owners).isEmpty();
  }

  @Test
  void whenRecordingAStepFailsTheClaimIsGivenUpAndASweepFinishesTheRequest() {
    Helmgate a = replica("A");
    Request executing = executingOn(a);
    clock.advance(Duration.ofMinutes(11));

    requests.failUpdates = true;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.requests().resume(executing.id()))
        .hasMessageContaining("database");
    assertThat(claims.owners).as("not held by a process that lost track of it").isEmpty();

    requests.failUpdates = false;
    schedules.resumes.clear();
    clock.advance(Duration.ofMinutes(3));
    a.requests().resumeAbandoned();
    schedules.settle(clock, a.requests()::resume, 100);

    assertThat(requests.find(executing.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(argo.syncs()).hasSize(1);
  }

  /**
   * Quartz may fire a resume the moment it is stored: the run that stored it must have given the
   * claim back by then, or the resume finds the request claimed, does nothing, and the request
   * waits minutes for a sweep.
   */
  @Test
  void aResumeThatFiresAtOnceFindsTheRequestFreeToRun() {
    argo.fake.operationsRunFor(Duration.ofSeconds(2));
    Helmgate[] a = new Helmgate[1];
    List<io.helmgate.domain.RequestId> resumed = new java.util.ArrayList<>();
    io.helmgate.domain.port.Scheduler eager =
        new io.helmgate.domain.port.Scheduler() {
          @Override
          public void schedule(io.helmgate.domain.RequestId id, Instant at) {}

          @Override
          public void resume(io.helmgate.domain.RequestId id, Instant at) {
            resumed.add(id);
            if (resumed.size() < 50) {
              clock.now = at.isAfter(clock.now) ? at : clock.now;
              a[0].requests().resume(id); // fires at once, as a busy Quartz may
            }
          }

          @Override
          public void cancel(io.helmgate.domain.RequestId id) {}

          @Override
          public List<io.helmgate.domain.RequestId> pending() {
            return List.of();
          }
        };
    a[0] =
        new Helmgate(
            new Ports(
                repo,
                argo,
                new Fakes.Secrets(),
                groups,
                requests,
                trail,
                new Fakes.Locks(),
                eager,
                thread,
                clock,
                Runnable::run,
                new Fakes.Artifacts(),
                EdgeVerifier.NONE,
                claims.of("A")),
            new Policy(ExampleGroups.policy()),
            Redaction.defaults());

    Outcome outcome =
        a[0].command(new Caller(ALICE, "C0OPS"), "/deploy", "acme/payments dev image.tag=1.5.0");
    Request opened = ((Outcome.RequestOpened) outcome).request();
    a[0].requests().posted(opened.id(), java.util.Optional.empty());

    assertThat(requests.find(opened.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
  }

  @Test
  void anApprovalThatFindsTheQueueFullIsStartedByALaterSweep() {
    UserRef bob = new UserRef("U0BOB", "bob");
    groups.groups.put(bob.id(), Set.of("@ops-team"));
    repo =
        new Fakes.Values(
            clock,
            Map.of(
                DEV,
                RequestScenarioTest.values("1.4.3"),
                RequestScenarioTest.PROD,
                RequestScenarioTest.values("1.4.1")));
    java.util.concurrent.atomic.AtomicBoolean full =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.Executor queue =
        task -> {
          if (full.get()) {
            throw new java.util.concurrent.RejectedExecutionException("queue full");
          }
          task.run();
        };
    Helmgate a = replica("A", queue);
    Outcome opened =
        a.command(
            new Caller(ALICE, "C0OPS"),
            "/deploy",
            "acme/payments prod image.tag=1.5.0 reason=\"CHG-9\"");
    Request request = ((Outcome.RequestOpened) opened).request();
    a.requests().posted(request.id(), java.util.Optional.empty());

    a.requests().approve(request.id(), bob);

    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
    assertThat(thread.lines).anySatisfy(l -> assertThat(l).contains("too much queued"));

    full.set(false);
    a.requests().resumeAbandoned();
    assertThat(requests.find(request.id()).orElseThrow().state())
        .as("not before it has waited")
        .isEqualTo(RequestState.APPROVED);

    clock.advance(java.time.Duration.ofMinutes(3));
    a.requests().resumeAbandoned();
    clock.advance(Duration.ofMinutes(11));
    schedules.settle(clock, a.requests()::resume, 100);
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
  }
}
