package io.helmgate.domain.port;

import io.helmgate.domain.request.Request;

/**
 * Tells people what happened to a request: updates the request's message to its current state and
 * adds a line to its thread. A notification that fails must not fail the change it reports; the
 * caller records it in the audit trail.
 */
public interface Notifier {

  /**
   * The request's message shows {@code request} as it is now; {@code line} goes into its thread.
   */
  void update(Request request, String line);
}
