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

  /**
   * Runs the request's execution again at {@code at}: a step that is still running (a sync being
   * watched, a fault being retried) is run again then. Replaces an earlier resume of the same
   * request; {@link #cancel} removes it too.
   */
  void resume(RequestId id, Instant at);

  /** The requests with an execution still to come. */
  List<RequestId> pending();
}
