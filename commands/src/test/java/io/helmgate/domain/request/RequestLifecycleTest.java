package io.helmgate.domain.request;

import static io.helmgate.domain.request.RequestState.APPROVED;
import static io.helmgate.domain.request.RequestState.CANCELLED;
import static io.helmgate.domain.request.RequestState.EXECUTING;
import static io.helmgate.domain.request.RequestState.EXPIRED;
import static io.helmgate.domain.request.RequestState.FAILED;
import static io.helmgate.domain.request.RequestState.PENDING_APPROVAL;
import static io.helmgate.domain.request.RequestState.REJECTED;
import static io.helmgate.domain.request.RequestState.SCHEDULED;
import static io.helmgate.domain.request.RequestState.STALE;
import static io.helmgate.domain.request.RequestState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.request.AuditEvent.Type;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestLifecycleTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final UserRef ALICE = new UserRef("U0ALICE", "alice");
  static final UserRef BOB = new UserRef("U0BOB", "bob");
  static final UserRef CAROL = new UserRef("U0CAROL", "carol");
  static final Target PROD = new Target("acme", "payments", "prod");
  static final ChangeSet CHANGE =
      new ChangeSet(List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.2")));

  static NewRequest spec() {
    return new NewRequest(
        new RequestId(42),
        RequestKind.DEPLOY,
        PROD,
        ALICE,
        Optional.of("CHG-1"),
        Optional.of("staging"),
        Optional.empty(),
        CHANGE,
        "abc123",
        Optional.empty(),
        false,
        List.of());
  }

  static Request pending(int approvals) {
    return RequestLifecycle.open(spec(), approvals, Duration.ofHours(24), T0).request();
  }

  static Request moved(Transition t) {
    return t.requireMoved();
  }

  @Test
  void openWhenApprovalsRequiredThenPendingWithExpiryAndRequestedEvent() {
    Transition.Moved moved = RequestLifecycle.open(spec(), 1, Duration.ofHours(24), T0);

    assertThat(moved.request().state()).isEqualTo(PENDING_APPROVAL);
    assertThat(moved.request().expiresAt()).contains(T0.plus(Duration.ofHours(24)));
    assertThat(moved.request().digest()).hasSize(64);
    assertThat(moved.events()).extracting(AuditEvent::type).containsExactly(Type.REQUESTED);
    assertThat(moved.events().get(0).detail())
        .containsEntry("change", "image.tag 1.4.1 → 1.4.2")
        .containsEntry("reason", "CHG-1")
        .containsEntry("state", "PENDING_APPROVAL");
  }

  @Test
  void openWhenNoApprovalsRequiredThenApprovedAtOnce() {
    Request r = pending(0);

    assertThat(r.state()).isEqualTo(APPROVED);
    assertThat(r.expiresAt()).isEmpty();
  }

  @Test
  void approveWhenEnoughApprovalsThenApprovedWithRolesRecorded() {
    Transition t = RequestLifecycle.approve(pending(1), BOB, Set.of(Role.OPS), T0.plusSeconds(60));

    Transition.Moved moved = (Transition.Moved) t;
    assertThat(moved.request().state()).isEqualTo(APPROVED);
    assertThat(moved.request().approvedBy())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.approver()).isEqualTo(BOB);
              assertThat(a.rolesAtTheTime()).containsExactly(Role.OPS);
            });
    assertThat(moved.events())
        .extracting(AuditEvent::type)
        .containsExactly(Type.APPROVED, Type.TRANSITION);
  }

  @Test
  void approveWhenMoreApprovalsNeededThenStillPending() {
    Request r = moved(RequestLifecycle.approve(pending(2), BOB, Set.of(Role.OPS), T0));

    assertThat(r.state()).isEqualTo(PENDING_APPROVAL);
    assertThat(r.approvalsMissing()).isEqualTo(1);

    Request done = moved(RequestLifecycle.approve(r, CAROL, Set.of(Role.OPS), T0));
    assertThat(done.state()).isEqualTo(APPROVED);
  }

  @Test
  void approveTwiceBySamePersonThenRefusedAndCountedOnce() {
    Request once = moved(RequestLifecycle.approve(pending(2), BOB, Set.of(Role.OPS), T0));

    Transition again = RequestLifecycle.approve(once, BOB, Set.of(Role.OPS), T0);

    assertThat(again).isInstanceOf(Transition.Refused.class);
    assertThat(((Transition.Refused) again).reason()).contains("already decided");
  }

  @Test
  void approveWhenAlreadyApprovedThenRefused() {
    Request approved = moved(RequestLifecycle.approve(pending(1), BOB, Set.of(Role.OPS), T0));

    Transition t = RequestLifecycle.approve(approved, CAROL, Set.of(Role.OPS), T0);

    assertThat(t).isInstanceOf(Transition.Refused.class);
    assertThat(((Transition.Refused) t).reason())
        .isEqualTo("R-42 is approved and cannot be approved now.");
  }

  @Test
  void approveAfterExpiryThenRefused() {
    Transition t =
        RequestLifecycle.approve(pending(1), BOB, Set.of(Role.OPS), T0.plus(Duration.ofHours(25)));

    assertThat(t).isInstanceOf(Transition.Refused.class);
  }

  @Test
  void rejectWhenPendingThenRejectedWithComment() {
    Request r =
        moved(
            RequestLifecycle.reject(
                pending(1), BOB, Set.of(Role.OPS), Optional.of("not tonight"), T0));

    assertThat(r.state()).isEqualTo(REJECTED);
    assertThat(r.outcome()).contains("rejected by bob: not tonight");
  }

  @Test
  void rejectAfterAnApprovalOfTwoThenRejectWins() {
    Request oneApproval = moved(RequestLifecycle.approve(pending(2), BOB, Set.of(Role.OPS), T0));

    Request r =
        moved(RequestLifecycle.reject(oneApproval, CAROL, Set.of(Role.OPS), Optional.empty(), T0));

    assertThat(r.state()).isEqualTo(REJECTED);
  }

  @Test
  void scheduleThenStartThenCommitThenSucceed() {
    Request approved = pending(0);
    Instant at = T0.plus(Duration.ofHours(12));

    Request scheduled = moved(RequestLifecycle.schedule(approved, at, T0));
    Request executing = moved(RequestLifecycle.start(scheduled, at));
    Request committed = moved(RequestLifecycle.committed(executing, "def456", at));
    Request done = moved(RequestLifecycle.succeed(committed, "Synced, Healthy", at));

    assertThat(scheduled.state()).isEqualTo(SCHEDULED);
    assertThat(scheduled.scheduledAt()).contains(at);
    assertThat(done.state()).isEqualTo(SUCCEEDED);
    assertThat(done.commitId()).contains("def456");
    assertThat(done.outcome()).contains("Synced, Healthy");
    assertThat(done.state().isTerminal()).isTrue();
  }

  @Test
  void expireBeforeExpiryThenRefusedAfterThenExpired() {
    Request r = pending(1);

    assertThat(RequestLifecycle.expire(r, T0.plusSeconds(10)))
        .isInstanceOf(Transition.Refused.class);
    assertThat(moved(RequestLifecycle.expire(r, T0.plus(Duration.ofHours(24)))).state())
        .isEqualTo(EXPIRED);
  }

  @Test
  void cancelRecordsWhoCancelled() {
    Transition.Moved t = (Transition.Moved) RequestLifecycle.cancel(pending(1), ALICE, T0);

    assertThat(t.request().state()).isEqualTo(CANCELLED);
    assertThat(t.events().get(0).actor()).contains(ALICE);
    assertThat(t.events().get(0).detail())
        .containsEntry("from", "PENDING_APPROVAL")
        .containsEntry("to", "CANCELLED");
  }

  @Test
  void digestChangesWhenTheFileDiffTheApproverSawChanges() {
    ChangeSet shown =
        new ChangeSet(List.of(), List.of("@@ -1 +1 @@", "-hosts: [a]", "+hosts: [b]"));
    ChangeSet other =
        new ChangeSet(List.of(), List.of("@@ -1 +1 @@", "-hosts: [a]", "+hosts: [c]"));

    assertThat(
            ApprovalDigest.of(
                RequestKind.ROLLBACK,
                PROD,
                "abc",
                shown,
                Optional.of("def"),
                Optional.empty(),
                List.of()))
        .isNotEqualTo(
            ApprovalDigest.of(
                RequestKind.ROLLBACK,
                PROD,
                "abc",
                other,
                Optional.of("def"),
                Optional.empty(),
                List.of()));
  }

  @Test
  void digestChangesWhenAnyBoundFactChanges() {
    String base =
        ApprovalDigest.of(
            RequestKind.DEPLOY, PROD, "abc", CHANGE, Optional.empty(), Optional.empty(), List.of());

    assertThat(
            ApprovalDigest.of(
                RequestKind.DEPLOY,
                PROD,
                "abd",
                CHANGE,
                Optional.empty(),
                Optional.empty(),
                List.of()))
        .isNotEqualTo(base);
    assertThat(
            ApprovalDigest.of(
                RequestKind.DEPLOY,
                PROD,
                "abc",
                new ChangeSet(List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.3"))),
                Optional.empty(),
                Optional.empty(),
                List.of()))
        .isNotEqualTo(base);
    assertThat(
            ApprovalDigest.of(
                RequestKind.DEPLOY,
                PROD.withEnvironment("staging"),
                "abc",
                CHANGE,
                Optional.empty(),
                Optional.empty(),
                List.of()))
        .isNotEqualTo(base);
    assertThat(
            ApprovalDigest.of(
                RequestKind.DEPLOY,
                PROD,
                "abc",
                CHANGE,
                Optional.empty(),
                Optional.of(T0),
                List.of()))
        .isNotEqualTo(base);
    assertThat(
            ApprovalDigest.of(
                RequestKind.ROLLBACK,
                PROD,
                "abc",
                CHANGE,
                Optional.empty(),
                Optional.empty(),
                List.of()))
        .isNotEqualTo(base);
    assertThat(
            ApprovalDigest.of(
                RequestKind.DEPLOY,
                PROD,
                "abc",
                CHANGE,
                Optional.empty(),
                Optional.empty(),
                List.of("image@sha256:1")))
        .isNotEqualTo(base);
    assertThat(
            ApprovalDigest.of(
                RequestKind.DEPLOY,
                PROD,
                "abc",
                CHANGE,
                Optional.empty(),
                Optional.empty(),
                List.of()))
        .isEqualTo(base);
  }

  // Every (from, to) pair: the method that leads to `to` succeeds exactly when the table says so.
  static Stream<Arguments> everyPair() {
    return EnumSet.allOf(RequestState.class).stream()
        .flatMap(
            from -> EnumSet.allOf(RequestState.class).stream().map(to -> Arguments.of(from, to)))
        .filter(a -> a.get()[1] != PENDING_APPROVAL);
  }

  static final Map<RequestState, Function<Request, Transition>> MOVES =
      Map.of(
          APPROVED,
          r -> RequestLifecycle.approve(r, CAROL, Set.of(Role.OPS), T0),
          REJECTED,
          r -> RequestLifecycle.reject(r, CAROL, Set.of(Role.OPS), Optional.empty(), T0),
          SCHEDULED,
          r -> RequestLifecycle.schedule(r, T0.plusSeconds(3600), T0),
          EXECUTING,
          r -> RequestLifecycle.start(r, T0),
          SUCCEEDED,
          r -> RequestLifecycle.succeed(r, "ok", T0),
          FAILED,
          r -> RequestLifecycle.fail(r, "broken", T0),
          CANCELLED,
          r -> RequestLifecycle.cancel(r, ALICE, T0),
          EXPIRED,
          // pending: its approval time ran out; approved: the schedule horizon passed unrun
          r ->
              r.state() == PENDING_APPROVAL
                  ? RequestLifecycle.expire(r, T0.plus(Duration.ofDays(2)))
                  : RequestLifecycle.expireUnrun(
                      r, T0.plus(Duration.ofDays(14)), T0.plus(Duration.ofDays(15))),
          STALE,
          r -> RequestLifecycle.stale(r, "file changed", T0));

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  void everyTransitionIsAllowedExactlyWhenTheTableSaysSo(RequestState from, RequestState to) {
    Request r = inState(from);

    Transition t = MOVES.get(to).apply(r);

    boolean legal = RequestLifecycle.isLegal(from, to);
    if (legal) {
      assertThat(t).as("%s -> %s", from, to).isInstanceOf(Transition.Moved.class);
      assertThat(((Transition.Moved) t).request().state()).isEqualTo(to);
      assertThat(((Transition.Moved) t).events()).isNotEmpty();
    } else {
      assertThat(t).as("%s -> %s", from, to).isInstanceOf(Transition.Refused.class);
    }
  }

  @Test
  void terminalStatesAllowNoTransition() {
    for (RequestState s : RequestState.values()) {
      if (s.isTerminal()) {
        for (RequestState to : RequestState.values()) {
          assertThat(RequestLifecycle.isLegal(s, to)).as("%s -> %s", s, to).isFalse();
        }
      }
    }
  }

  private static Request inState(RequestState state) {
    Request pending = pending(1);
    return switch (state) {
      case PENDING_APPROVAL -> pending;
      case APPROVED -> moved(RequestLifecycle.approve(pending, BOB, Set.of(Role.OPS), T0));
      case SCHEDULED -> moved(RequestLifecycle.schedule(inState(APPROVED), T0.plusSeconds(60), T0));
      case EXECUTING -> moved(RequestLifecycle.start(inState(APPROVED), T0));
      case SUCCEEDED -> moved(RequestLifecycle.succeed(inState(EXECUTING), "ok", T0));
      case FAILED -> moved(RequestLifecycle.fail(inState(EXECUTING), "bad", T0));
      case REJECTED ->
          moved(RequestLifecycle.reject(pending, BOB, Set.of(Role.OPS), Optional.empty(), T0));
      case CANCELLED -> moved(RequestLifecycle.cancel(pending, ALICE, T0));
      case EXPIRED -> moved(RequestLifecycle.expire(pending, T0.plus(Duration.ofDays(2))));
      case STALE -> moved(RequestLifecycle.stale(pending, "changed", T0));
    };
  }
}
