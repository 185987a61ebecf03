package io.helmgate.domain.service;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Scheduler;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import java.time.Clock;
import java.util.Optional;

/**
 * Ends a request that nobody can see: its approval message could not be posted, so no approver can
 * act on it, and leaving it pending would only let it expire unseen. The cancellation names
 * Helmgate and the reason, so the audit trail says the system ended it, not a person.
 */
public final class UnseenRequests {

  /** The actor recorded for a cancellation Helmgate makes itself. */
  public static final String HELMGATE = "helmgate";

  private final RequestStore requests;
  private final Scheduler scheduler;
  private final Clock clock;

  public UnseenRequests(RequestStore requests, Scheduler scheduler, Clock clock) {
    this.requests = requests;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /**
   * Cancels {@code id} because {@code why} (e.g. "its approval message could not be posted in
   * C0PRIV: not_in_channel") if it still waits for approval; returns the cancelled request, or
   * empty when it was not waiting (already decided, ended, or unknown).
   */
  public Optional<Request> cancel(RequestId id, String why) {
    Optional<Request> found = requests.find(id);
    if (found.isEmpty() || found.get().state() != RequestState.PENDING_APPROVAL) {
      return Optional.empty();
    }
    Optional<Request> cancelled =
        RequestLifecycle.cancelUnseen(found.get(), new UserRef(HELMGATE, "Helmgate"), why, now())
            .either(
                moved -> Optional.of(requests.update(moved.request(), moved.events())),
                refused -> Optional.<Request>empty());
    cancelled.ifPresent(r -> scheduler.cancel(id));
    return cancelled;
  }

  private java.time.Instant now() {
    return clock.instant();
  }
}
