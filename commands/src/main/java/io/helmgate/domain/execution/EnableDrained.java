package io.helmgate.domain.execution;

import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * However the execution ends, pool members its window drained take traffic again, so that a failed
 * change does not also become an outage of the old version. When they cannot be re-enabled, a
 * person is called, once.
 */
public final class EnableDrained implements Compensation {

  /** Output: {@code done}, or {@code attention} when a person was asked to do it. */
  public static final String ENABLED = "edge.enabled";

  private final EdgeVerifier edge;
  private final AuditTrail trail;
  private final Clock clock;

  public EnableDrained(EdgeVerifier edge, AuditTrail trail, Clock clock) {
    this.edge = edge;
    this.trail = trail;
    this.clock = clock;
  }

  @Override
  public Map<String, String> run(Request ending, Consumer<String> thread) {
    var drained = ending.execution().output(Drain.DRAINED);
    if (drained.isEmpty() || ending.execution().output(ENABLED).isPresent()) {
      return Map.of();
    }
    boolean done = enable(edge, ending, drained.get(), thread);
    AuditEvent.Type type = done ? AuditEvent.Type.EDGE_ENABLED : AuditEvent.Type.EDGE_ATTENTION;
    Map<String, String> detail =
        done
            ? Map.of("result", "DONE")
            : Map.of("message", "pool members left drained: re-enable them by hand");
    trail.append(List.of(AuditEvent.of(type, clock.instant(), ending, null, detail)));
    return done
        ? Map.of(ENABLED, "done")
        : Map.of(
            ENABLED,
            "attention",
            NOTE,
            "The pool members are STILL DRAINED: re-enable them on the BIG-IP.");
  }

  /** Re-enables {@code members} ({@code *}: the whole pool); true when it worked. */
  static boolean enable(
      EdgeVerifier edge, Request request, String members, Consumer<String> thread) {
    EdgeVerifier.Step step;
    try {
      step =
          "*".equals(members)
              ? edge.enable(request.target())
              : edge.enable(request.target(), List.of(members.split("\n")));
    } catch (RuntimeException e) {
      step = EdgeVerifier.Step.failed("the re-enable could not run: " + Pipeline.describe(e));
    }
    if (step.status() != EdgeVerifier.Step.Status.FAILED) {
      thread.accept("Re-enabled: " + step.detail());
      return true;
    }
    thread.accept(
        ":rotating_light: NEEDS A PERSON: the load balancer pool members of "
            + request.target()
            + " are still drained and take no new connections. Re-enable them on the BIG-IP now."
            + " Cause: "
            + step.detail());
    return false;
  }
}
