package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.NewRequest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A request whose approval message Slack refused is cancelled by Helmgate, with the reason. */
class UnseenRequestsTest {

  private final Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final Fakes.Trail trail = new Fakes.Trail();
  private final Fakes.Requests requests = new Fakes.Requests(trail);
  private final Fakes.Schedules schedules = new Fakes.Schedules();
  private final UnseenRequests unseen = new UnseenRequests(requests, schedules, clock);

  private Request stored(int approvals) {
    RequestId id = requests.nextId();
    NewRequest spec =
        new NewRequest(
            id,
            RequestKind.DEPLOY,
            new Target("acme", "payments", "prod"),
            new UserRef("U0ALICE", "alice"),
            Optional.of("CHG-1"),
            Optional.empty(),
            Optional.empty(),
            new ChangeSet(List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.2"))),
            "abc123",
            Optional.empty(),
            false,
            List.of());
    var opened = RequestLifecycle.open(spec, approvals, Duration.ofHours(24), clock.instant());
    return requests.insert(opened.request(), opened.events());
  }

  @Test
  void aPendingRequestNobodyCanSeeIsCancelledByHelmgateWithTheReason() {
    Request pending = stored(1);
    schedules.schedule(pending.id(), clock.instant().plusSeconds(3600));

    Optional<Request> cancelled =
        unseen.cancel(pending.id(), "its approval message could not be posted (not_in_channel)");

    assertThat(cancelled).isPresent();
    assertThat(requests.find(pending.id()).orElseThrow().state()).isEqualTo(RequestState.CANCELLED);
    assertThat(cancelled.get().outcome().orElseThrow()).contains("not_in_channel");
    assertThat(schedules.pending()).doesNotContain(pending.id());
    AuditEvent last = trail.events.get(trail.events.size() - 1);
    assertThat(last.actor().orElseThrow().id()).isEqualTo(UnseenRequests.HELMGATE);
  }

  @Test
  void aRequestThatNeedsNoApprovalIsLeftToRun() {
    Request approved = stored(0);

    assertThat(unseen.cancel(approved.id(), "whatever")).isEmpty();
    assertThat(requests.find(approved.id()).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
  }
}
