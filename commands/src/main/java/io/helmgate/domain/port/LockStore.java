package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import io.helmgate.domain.policy.Lock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Environment locks: at most one per target. Expired locks may linger here; the policy ignores
 * them.
 */
public interface LockStore {

  Optional<Lock> find(Target target);

  /**
   * Takes the lock of its target in one atomic step: it is taken when the target has no lock, an
   * expired one, or one held by the same owner (a renewal). Otherwise the lock that stands is
   * returned and nothing changes, so two people locking at once never both believe they hold it.
   *
   * @return empty when {@code lock} now holds the target; else the other owner's active lock
   */
  Optional<Lock> acquire(Lock lock, Instant now);

  void remove(Target target);

  List<Lock> all();
}
