package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import java.time.Instant;
import java.util.List;

/** Runs an approved request's execution at a given time, surviving restarts. */
public interface Scheduler {

  /** Schedules (or reschedules) the execution and its advance notices. */
  void schedule(RequestId id, Instant at);

  /** Removes the request's execution and notices; harmless when none is scheduled. */
  void cancel(RequestId id);

  /** The requests with an execution still to come. */
  List<RequestId> pending();
}
