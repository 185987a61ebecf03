package io.helmgate.domain.request;

/** Lets tests outside this package put a request at a point of its execution. */
public final class TestRequests {

  private TestRequests() {}

  /** The same request, at {@code execution}. */
  public static Request withExecution(Request request, Execution execution) {
    return request.withExecution(execution);
  }
}
