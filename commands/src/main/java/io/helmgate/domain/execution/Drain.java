package io.helmgate.domain.execution;

import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * At a scheduled request's window, before anything is committed: drains the load balancer pool
 * members of its environment when the environment says so. The members drained are the step's
 * output, which {@link EnableDrained} gives back however the execution ends.
 */
public final class Drain implements Step {

  /** Output: the pool members drained, one per line ({@code *} when the drain did not say). */
  public static final String DRAINED = "edge.drained";

  private final EdgeVerifier edge;
  private final AuditTrail trail;
  private final Clock clock;

  public Drain(EdgeVerifier edge, AuditTrail trail, Clock clock) {
    this.edge = edge;
    this.trail = trail;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "drain";
  }

  @Override
  public boolean appliesTo(StepContext context) {
    Request request = context.request();
    return request.scheduledAt().isPresent() && edge.drainsForMaintenance(request.target());
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    EdgeVerifier.Step drained;
    try {
      drained = edge.drain(request.target());
    } catch (RuntimeException e) {
      drained = EdgeVerifier.Step.failed("the drain could not run: " + Pipeline.describe(e));
    }
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("result", drained.status().name());
    detail.put("detail", drained.detail());
    if (!drained.members().isEmpty()) {
      detail.put("members", String.join("\n", drained.members()));
    }
    trail.append(
        List.of(
            AuditEvent.of(AuditEvent.Type.EDGE_DRAINED, clock.instant(), request, null, detail)));
    String members = drained.members().isEmpty() ? "*" : String.join("\n", drained.members());
    return switch (drained.status()) {
      case DONE ->
          new StepResult.Succeeded(
              Map.of(DRAINED, members), Optional.of("Drained: " + drained.detail()));
      case NOT_CONFIGURED -> StepResult.Succeeded.saying("No drain: " + drained.detail() + ".");
      case FAILED -> {
        // A failed drain may have disabled some members: give them back before giving up.
        EnableDrained.enable(edge, request, members, line -> {});
        yield StepResult.Failed.because(
            "Not executed: the load balancer pool members could not be drained for the window ("
                + drained.detail()
                + "); nothing was changed. Fix the BIG-IP access and schedule it again.");
      }
    };
  }
}
