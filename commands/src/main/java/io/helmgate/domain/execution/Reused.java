package io.helmgate.domain.execution;

import io.helmgate.domain.request.Request;
import java.time.Duration;

/**
 * How old a pre-flight's passing answer may be for an execution to take it instead of asking again:
 * half a minute for a change that needed no approval (it runs the moment it was requested, checked
 * seconds before), none for one that waited for approvals.
 */
final class Reused {

  static final Duration IMMEDIATE = Duration.ofSeconds(30);

  private Reused() {}

  static Duration within(Request request) {
    return request.approvalsRequired() == 0 && request.scheduledAt().isEmpty()
        ? IMMEDIATE
        : Duration.ZERO;
  }
}
