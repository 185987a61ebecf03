package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import io.helmgate.domain.policy.Lock;
import java.util.List;
import java.util.Optional;

/**
 * Environment locks: at most one per target. Expired locks may linger here; the policy ignores
 * them.
 */
public interface LockStore {

  Optional<Lock> find(Target target);

  /** Puts or replaces the lock of its target. */
  void put(Lock lock);

  void remove(Target target);

  List<Lock> all();
}
