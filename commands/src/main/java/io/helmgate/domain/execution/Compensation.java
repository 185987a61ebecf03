package io.helmgate.domain.execution;

import io.helmgate.domain.request.Request;
import java.util.Map;

/**
 * Runs whenever an execution ends, however it ends (succeeded, failed, stale, stopped by an error):
 * gives back what a step took, such as load balancer pool members drained for the window. Must be
 * safe to run twice and must not throw for the faults it can tell.
 */
public interface Compensation {

  /**
   * The output under which a compensation leaves words to add to the request's outcome (something a
   * person must still do); it is not stored as an output.
   */
  String NOTE = "note";

  /**
   * Undoes what the request's steps left behind; returns outputs recording what it did (stored with
   * the request's ending) and tells the thread through {@code thread}.
   */
  Map<String, String> run(Request ending, java.util.function.Consumer<String> thread);
}
