package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command;
import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.UnknownTargetException;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.AuditEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /deploy lock} and {@code /deploy unlock}. */
final class Locking {

  private final Ports ports;
  private final Policy policy;
  private final Audit audit;

  Locking(Ports ports, Policy policy, Audit audit) {
    this.ports = ports;
    this.policy = policy;
    this.audit = audit;
  }

  Outcome lock(Command.Lock command, Caller caller, Actor actor) {
    Instant now = ports.clock().instant();
    Target target = command.target();
    Optional<Lock> existing = ports.locks().find(target);
    Decision decision = policy.mayLock(actor, target, existing, now);
    if (decision.isDenied()) {
      audit.refused(caller.user(), Optional.of(target), audit.line(command), decision);
      return new Outcome.Denied(decision);
    }
    try {
      ports.values().read(target);
    } catch (UnknownTargetException e) {
      return new Outcome.Invalid(e.getMessage());
    } catch (ValuesRepositoryException e) {
      return new Outcome.Error("The values repository failed: " + e.getMessage());
    }
    Lock lock = new Lock(target, actor.user(), command.reason(), now.plus(command.duration()));
    // The check above read the lock before taking it; someone may have locked in between. The
    // store decides atomically, and the loser is refused by the same rule, naming the holder. The
    // LOCKED entry follows the acquisition so the trail never records a lock nobody got; should
    // that append fail, the lock stands, which blocks changes rather than letting them through.
    Optional<Lock> holder = ports.locks().acquire(lock, now);
    if (holder.isPresent()) {
      Decision lost = policy.mayLock(actor, target, holder, now);
      audit.refused(caller.user(), Optional.of(target), audit.line(command), lost);
      return new Outcome.Denied(lost);
    }
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("reason", command.reason());
    detail.put("until", lock.expiresAt().toString());
    audit.record(AuditEvent.Type.LOCKED, actor.user(), Optional.of(target), detail);
    return new Outcome.Locked(lock);
  }

  Outcome unlock(Command.Unlock command, Caller caller, Actor actor) {
    Instant now = ports.clock().instant();
    Target target = command.target();
    Optional<Lock> existing = ports.locks().find(target).filter(l -> l.activeAt(now));
    if (existing.isEmpty()) {
      return new Outcome.Invalid(target + " is not locked.");
    }
    Decision decision = policy.mayUnlock(actor, existing.get(), now);
    if (decision.isDenied()) {
      audit.refused(caller.user(), Optional.of(target), audit.line(command), decision);
      return new Outcome.Denied(decision);
    }
    audit.record(
        AuditEvent.Type.UNLOCKED,
        actor.user(),
        Optional.of(target),
        Map.of("owner", existing.get().owner().toString()));
    ports.locks().remove(target);
    return new Outcome.Unlocked(target, target + " is unlocked.");
  }
}
