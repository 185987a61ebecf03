package io.helmgate.domain.policy;

import io.helmgate.domain.Target;
import io.helmgate.domain.request.RequestKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the policy needs to know about a new request besides who asks: where, what kind, why, when,
 * whether it breaks glass, and the environment's current lock if it has one.
 */
public record RequestContext(
    Target target,
    RequestKind kind,
    Optional<String> reason,
    boolean breakGlass,
    Optional<Instant> at,
    Optional<Lock> lock,
    Instant now) {

  public RequestContext {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kind, "kind");
    reason = Objects.requireNonNull(reason, "reason").map(String::strip).filter(r -> !r.isEmpty());
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(now, "now");
    if (lock.isPresent() && !lock.get().target().equals(target)) {
      throw new IllegalArgumentException(
          "the lock given is for " + lock.get().target() + ", not for " + target);
    }
  }

  /** A plain request: no reason, no schedule, no break-glass, no lock. */
  public static RequestContext of(Target target, RequestKind kind, Instant now) {
    return new RequestContext(
        target, kind, Optional.empty(), false, Optional.empty(), Optional.empty(), now);
  }

  public RequestContext withReason(String reason) {
    return new RequestContext(target, kind, Optional.ofNullable(reason), breakGlass, at, lock, now);
  }

  public RequestContext withBreakGlass(boolean breakGlass) {
    return new RequestContext(target, kind, reason, breakGlass, at, lock, now);
  }

  public RequestContext withAt(Instant at) {
    return new RequestContext(target, kind, reason, breakGlass, Optional.ofNullable(at), lock, now);
  }

  public RequestContext withLock(Lock lock) {
    return new RequestContext(target, kind, reason, breakGlass, at, Optional.ofNullable(lock), now);
  }
}
