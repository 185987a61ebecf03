package io.helmgate.domain.service;

import static io.helmgate.domain.service.RequestScenarioTest.ALICE;
import static io.helmgate.domain.service.RequestScenarioTest.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PreflightSource;
import io.helmgate.domain.request.ApprovalDigest;
import io.helmgate.domain.request.AuditEvent.Type;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.Redaction;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry pre-flight of whole requests, over the scenario's fakes and a fake registry. */
class ArtifactPreflightScenarioTest {

  static final String STAGING_IMAGE = "registry.example.org/acme/payments:1.4.2";
  static final String DIGEST = "sha256:" + "1a2b3c4d".repeat(8);
  static final String MOVED = "sha256:" + "9f8e7d6c".repeat(8);

  final RequestScenarioTest s = new RequestScenarioTest();

  @BeforeEach
  void setUp() {
    s.setUp();
    s.artifacts.configured = true;
    s.helmgate = helmgate(environment -> environment.equals("dev"));
  }

  Helmgate helmgate(Predicate<String> artifactsFailOpen) {
    Ports ports =
        new Ports(
            s.repo,
            s.argo,
            s.secrets,
            s.groups,
            s.requests,
            s.trail,
            s.locks,
            s.schedules,
            s.thread,
            s.clock,
            Runnable::run,
            s.artifacts,
            io.helmgate.domain.port.EdgeVerifier.NONE,
            io.helmgate.domain.port.ExecutionClaims.inProcess());
    return new Helmgate(
        ports,
        new Policy(RequestScenarioTest.failingOpen(artifactsFailOpen, PreflightSource.REGISTRY)),
        Redaction.defaults());
  }

  Outcome promoteToProd() {
    return s.deploy(ALICE, "acme/payments prod from=staging reason=\"CHG-1\"");
  }

  @Test
  void promotionWhenTagExistsThenItsDigestIsBoundIntoTheApproval() {
    s.artifacts.tags.put(STAGING_IMAGE, DIGEST);

    Request request = s.opened(promoteToProd());

    assertThat(s.artifacts.resolved)
        .singleElement()
        .satisfies(
            refs -> assertThat(refs).extracting(Object::toString).containsExactly(STAGING_IMAGE));
    assertThat(request.bindings()).containsExactly("artifact=" + STAGING_IMAGE + "@" + DIGEST);
    assertThat(request.digest())
        .isEqualTo(ApprovalDigest.of(request, request.bindings()))
        .isNotEqualTo(ApprovalDigest.of(request, List.of()));
    assertThat(s.trail.events)
        .filteredOn(e -> e.type() == Type.DECIDED)
        .singleElement()
        .satisfies(e -> assertThat(e.detail().get("artifacts")).contains(DIGEST));
  }

  @Test
  void promotionWhenTagMissingThenBlockedWithWhatToDoAndNoRequestIsMade() {
    Outcome outcome = promoteToProd();

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    Outcome.Denied denied = (Outcome.Denied) outcome;
    assertThat(denied.decision().rule()).isEqualTo("artifact-preflight");
    assertThat(denied.decision().message())
        .contains("`" + STAGING_IMAGE + "`")
        .contains("do not exist in the registry")
        .contains("Push");
    assertThat(s.requests.rows).isEmpty();
    assertThat(s.trail.events).extracting(e -> e.type()).containsExactly(Type.REFUSED);
  }

  @Test
  void productionWhenRegistryUnavailableThenBlocked() {
    s.artifacts.down = true;

    Outcome outcome = promoteToProd();

    assertThat(outcome).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) outcome).decision().message())
        .contains("registry answered 503")
        .contains("prod fails closed");
    assertThat(s.requests.rows).isEmpty();
  }

  @Test
  void devWhenRegistryUnavailableAndConfiguredToFailOpenThenRunsWithoutBinding() {
    s.artifacts.down = true;

    Request request = s.opened(s.deploy(ALICE, "acme/payments dev image.tag=1.5.0"));

    assertThat(request.bindings()).isEmpty();
    assertThat(s.requests.find(request.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
  }

  @Test
  void registryNotConfiguredThenNothingBlocksAndNothingIsBound() {
    s.artifacts.configured = false;

    Request request = s.opened(promoteToProd());

    assertThat(request.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(request.bindings()).isEmpty();
  }

  @Test
  void approvedWhenTagStillPointsAtTheApprovedDigestThenExecutes() {
    s.artifacts.tags.put(STAGING_IMAGE, DIGEST);
    Request request = s.opened(promoteToProd());

    s.helmgate.requests().approve(request.id(), BOB);

    assertThat(s.requests.find(request.id()).orElseThrow().state())
        .isEqualTo(RequestState.SUCCEEDED);
    assertThat(s.artifacts.resolved).hasSize(2);
    assertThat(s.repo.commits).hasSize(2);
  }

  @Test
  void tagMovedAfterApprovalThenStaleAndNothingIsCommitted() {
    s.artifacts.tags.put(STAGING_IMAGE, DIGEST);
    Request request = s.opened(promoteToProd());
    s.artifacts.tags.put(STAGING_IMAGE, MOVED);

    s.helmgate.requests().approve(request.id(), BOB);

    Request after = s.requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.STALE);
    assertThat(after.outcome().orElseThrow())
        .contains("`" + STAGING_IMAGE + "` now points at sha256:9f8e7d6c9f8e…")
        .contains("approved: sha256:1a2b3c4d1a2b…")
        .contains("Ask again");
    assertThat(s.repo.commits).hasSize(1);
    assertThat(s.argo.syncs()).isEmpty();
  }

  @Test
  void tagDeletedAfterApprovalThenFailedAndNothingIsCommitted() {
    s.artifacts.tags.put(STAGING_IMAGE, DIGEST);
    Request request = s.opened(promoteToProd());
    s.artifacts.tags.clear();

    s.helmgate.requests().approve(request.id(), BOB);

    Request after = s.requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.outcome().orElseThrow())
        .startsWith("Not executed: these tags do not exist in the registry")
        .contains(STAGING_IMAGE);
    assertThat(s.repo.commits).hasSize(1);
  }

  @Test
  void registryDownAtExecutionInProductionIsRetriedThenStoppedAsAnErrorAndNothingIsCommitted() {
    s.artifacts.tags.put(STAGING_IMAGE, DIGEST);
    Request request = s.opened(promoteToProd());
    s.artifacts.down = true;

    s.helmgate.requests().approve(request.id(), BOB);
    assertThat(s.requests.find(request.id()).orElseThrow().state())
        .as("an outage is retried, not taken for a refusal")
        .isEqualTo(RequestState.EXECUTING);
    s.schedules.settle(s.clock, s.helmgate.requests()::resume, 100);

    Request after = s.requests.find(request.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.outcome().orElseThrow())
        .startsWith("Stopped by an error: ")
        .contains("prod fails closed");
    assertThat(s.repo.commits).hasSize(1);
  }
}
