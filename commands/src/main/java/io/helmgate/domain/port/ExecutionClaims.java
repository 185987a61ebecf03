package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which process is carrying out a request. A process claims a request before it starts executing it
 * and keeps the claim until the request ends; a claim dies with the process that held it. So with
 * several replicas, a request left executing is resumed only by someone once its executor is gone,
 * never while it is still at work.
 */
public interface ExecutionClaims {

  /** Claims {@code id} for this process; false when any process, this one included, holds it. */
  boolean claim(RequestId id);

  /** Gives up this process's claim on {@code id}; nothing when it holds none. */
  void release(RequestId id);

  /** Claims for a process that runs alone (the embedded default): held in memory. */
  static ExecutionClaims inProcess() {
    Set<RequestId> held = ConcurrentHashMap.newKeySet();
    return new ExecutionClaims() {
      @Override
      public boolean claim(RequestId id) {
        return held.add(id);
      }

      @Override
      public void release(RequestId id) {
        held.remove(id);
      }
    };
  }
}
