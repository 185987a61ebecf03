package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.ExampleGroups;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.port.SyncMonitor;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.Redaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas over one store: a request one of them is carrying out is never resumed by the other
 * (at its start or by its periodic sweep), and is resumed, committed once, as soon as its executor
 * is gone.
 */
class ReplicasTest {

  static final Target DEV = new Target("acme", "payments", "dev");
  static final UserRef ALICE = new UserRef("U0ALICE", "alice");

  final Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-12-01T09:00:00Z"));
  final Fakes.Argo argo = new Fakes.Argo();
  final Fakes.Groups groups = new Fakes.Groups();
  final Fakes.Trail trail = new Fakes.Trail();
  final Fakes.Requests requests = new Fakes.Requests(trail);
  final Fakes.Thread thread = new Fakes.Thread();
  final Fakes.Claims claims = new Fakes.Claims();
  Fakes.Values repo;

  /** A sync watch that stays open until the test ends it, as a real one does for minutes. */
  static final class OpenWatch implements SyncMonitor {
    final List<RequestId> watching = new ArrayList<>();
    final List<Listener> listeners = new ArrayList<>();

    @Override
    public void watch(RequestId requestId, SyncTicket ticket, Listener listener) {
      watching.add(requestId);
      listeners.add(listener);
    }
  }

  @BeforeEach
  void setUp() {
    repo = new Fakes.Values(clock, Map.of(DEV, RequestScenarioTest.values("1.4.3")));
    groups.groups.put(ALICE.id(), Set.of("@ops-team"));
  }

  Helmgate replica(String name, SyncMonitor monitor) {
    return replica(name, monitor, Runnable::run);
  }

  Helmgate replica(String name, SyncMonitor monitor, java.util.concurrent.Executor executor) {
    Ports ports =
        new Ports(
            repo,
            argo,
            new Fakes.Secrets(),
            groups,
            requests,
            trail,
            new Fakes.Locks(),
            new Fakes.Schedules(),
            thread,
            clock,
            executor,
            new Fakes.Artifacts(),
            EdgeVerifier.NONE,
            claims.of(name));
    return new Helmgate(ports, new Policy(ExampleGroups.policy()), monitor, Redaction.defaults());
  }

  Request executingOn(Helmgate replica) {
    Outcome outcome =
        replica.command(new Caller(ALICE, "C0OPS"), "/deploy", "acme/payments dev image.tag=1.5.0");
    Request opened = ((Outcome.RequestOpened) outcome).request();
    replica.requests().posted(opened.id(), java.util.Optional.empty());
    Request executing = requests.find(opened.id()).orElseThrow();
    assertThat(executing.state()).isEqualTo(RequestState.EXECUTING);
    return executing;
  }

  @Test
  void aRequestAnotherReplicaIsCarryingOutIsLeftAloneAtStartAndBySweeps() {
    OpenWatch watchA = new OpenWatch();
    Helmgate a = replica("A", watchA);
    Request executing = executingOn(a);
    int commits = repo.commits.size();
    List<String> linesBefore = List.copyOf(thread.lines);

    Helmgate b = replica("B", new OpenWatch());
    b.requests().resumeInterrupted();
    b.requests().resumeAbandoned();

    assertThat(requests.find(executing.id()).orElseThrow().state())
        .isEqualTo(RequestState.EXECUTING);
    assertThat(argo.syncs).hasSize(1);
    assertThat(repo.commits).hasSize(commits);
    assertThat(thread.lines).isEqualTo(linesBefore);
    assertThat(claims.owners).containsEntry(executing.id(), "A");

    watchA.listeners.get(0).progressed(executing.id(), new SyncProgress.Healthy("abc"));
    assertThat(requests.find(executing.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(claims.owners).as("an ended request holds no claim").isEmpty();
  }

  @Test
  void whenItsReplicaDiesTheRequestIsResumedByAnotherAndCommittedOnce() {
    Request executing = executingOn(replica("A", new OpenWatch()));
    int commits = repo.commits.size();

    claims.dies("A");
    OpenWatch watchB = new OpenWatch();
    Helmgate b = replica("B", watchB);
    b.requests().resumeAbandoned();

    assertThat(watchB.watching).containsExactly(executing.id());
    assertThat(argo.syncs).hasSize(2);
    assertThat(repo.commits)
        .as("the landed commit is synced again, not made again")
        .hasSize(commits);
    assertThat(thread.lines)
        .anySatisfy(
            line -> assertThat(line).contains("Resumed: the process carrying it out had stopped"));
    assertThat(claims.owners).containsEntry(executing.id(), "B");

    watchB.listeners.get(0).progressed(executing.id(), new SyncProgress.Healthy("abc"));
    assertThat(requests.find(executing.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(claims.owners).isEmpty();
  }

  @Test
  void aRequestThatEndsWhileExecutingGivesItsClaimBack() {
    Helmgate a = replica("A", new Fakes.Monitor(argo));

    Outcome outcome =
        a.command(new Caller(ALICE, "C0OPS"), "/deploy", "acme/payments dev image.tag=1.5.0");
    Request opened = ((Outcome.RequestOpened) outcome).request();
    a.requests().posted(opened.id(), java.util.Optional.empty());

    assertThat(requests.find(opened.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(claims.owners).isEmpty();
  }

  @Test
  void whenRecordingTheEndFailsTheClaimIsGivenUpAndASweepFinishesTheRequest() {
    OpenWatch watch = new OpenWatch();
    Helmgate a = replica("A", watch);
    Request executing = executingOn(a);

    requests.failUpdates = true;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                watch.listeners.get(0).progressed(executing.id(), new SyncProgress.Healthy("abc")))
        .hasMessageContaining("database");
    assertThat(claims.owners).as("not held by a process that lost track of it").isEmpty();

    requests.failUpdates = false;
    a.requests().resumeAbandoned();
    watch.listeners.get(1).progressed(executing.id(), new SyncProgress.Healthy("abc"));

    assertThat(requests.find(executing.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(argo.syncs).hasSize(2);
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
    Helmgate a = replica("A", new Fakes.Monitor(argo), queue);
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
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.SUCCEEDED);
  }
}
