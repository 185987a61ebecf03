package io.helmgate.domain.service;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.port.EdgeVerifier.Check;
import io.helmgate.domain.port.EdgeVerifier.Report;
import io.helmgate.domain.port.EdgeVerifier.Step;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.Transition;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Post-deploy verification of the edge (Kong, F5) and the maintenance drain around a scheduled
 * change. Every step is audited and told in the request's thread. Whether a request drained its
 * pool members is read back from the audit trail, so a restart or another replica re-enables them
 * too.
 */
final class EdgeVerification {

  static final String DRAIN_RESULT = "result";

  /** The audit detail that lists the members a drain changed, one per line. */
  static final String MEMBERS = "members";

  private final EdgeVerifier edge;
  private final AuditTrail trail;
  private final Clock clock;
  private final BiConsumer<Request, String> thread;

  /**
   * @param thread tells the request's thread; must not throw (a failed notification is recorded by
   *     the caller's notifier)
   */
  EdgeVerification(
      EdgeVerifier edge, AuditTrail trail, Clock clock, BiConsumer<Request, String> thread) {
    this.edge = edge;
    this.trail = trail;
    this.clock = clock;
    this.thread = thread;
  }

  /**
   * At a scheduled request's window, before anything is committed: drains its pool members when its
   * environment says so. Empty when the request may run; otherwise why it must not (the drain
   * failed, and whatever it did drain was re-enabled).
   */
  Optional<String> drainForWindow(Request request) {
    if (!edge.drainsForMaintenance(request.target())) {
      return Optional.empty();
    }
    record(AuditEvent.Type.EDGE_DRAINING, request, Map.of());
    thread.accept(request, "Draining the load balancer pool members of " + request.target() + ".");
    Step step = run(() -> edge.drain(request.target()), "drain");
    record(AuditEvent.Type.EDGE_DRAINED, request, stepDetail(step));
    if (step.status() == Step.Status.DONE) {
      thread.accept(request, "Drained: " + step.detail());
      return Optional.empty();
    }
    if (step.status() == Step.Status.NOT_CONFIGURED) {
      thread.accept(request, "No drain: " + step.detail() + ".");
      return Optional.empty();
    }
    thread.accept(request, "The drain failed: " + step.detail());
    // A failed drain may have disabled some members: give them back before giving up.
    enableIfDrained(request);
    return Optional.of(
        "the load balancer pool members could not be drained for the window ("
            + step.detail()
            + "); nothing was changed. Fix the BIG-IP access and schedule it again.");
  }

  /**
   * ArgoCD reported Synced and Healthy: runs the edge checks, tells each result, re-enables drained
   * pool members, and returns the request's end: succeeded, or failed with the checks that failed.
   */
  Transition afterHealthy(Request request) {
    Report report = verify(request);
    Optional<String> stillDrained = enableIfDrained(request);
    String drainedNote =
        stillDrained.map(d -> " The pool members are STILL DRAINED: " + d).orElse("");
    if (report.status() == Report.Status.FAILED) {
      String failed =
          report.checks().stream()
              .filter(c -> !c.passed())
              .map(c -> c.name() + ": " + c.detail())
              .collect(Collectors.joining("; "));
      return RequestLifecycle.fail(
          request,
          "Synced and Healthy in ArgoCD, but post-deploy verification failed: "
              + failed
              + "."
              + drainedNote
              + " To undo it: `/rollback "
              + request.target()
              + "`.",
          clock.instant());
    }
    String verified =
        report.status() == Report.Status.PASSED
            ? " Verified: " + report.checks().size() + " edge check(s) passed."
            : "";
    return RequestLifecycle.succeed(
        request, "Synced and Healthy." + verified + drainedNote, clock.instant());
  }

  /**
   * The change failed (or never ran) after its window drained the pool: the members take traffic
   * again, so a failed change does not also become an outage of the old version.
   */
  void afterFailure(Request request) {
    enableIfDrained(request);
  }

  /** After a scheduled run: re-enables the pool when the request ended without syncing. */
  void afterRun(Optional<Request> request) {
    request.filter(r -> r.state() != RequestState.EXECUTING).ifPresent(this::enableIfDrained);
  }

  private Report verify(Request request) {
    Report report;
    try {
      report = edge.verify(request.target());
    } catch (RuntimeException e) {
      report =
          Report.of(
              List.of(
                  new Check(
                      "edge verification", false, "could not run: " + RequestService.describe(e))));
    }
    for (Check check : report.checks()) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("check", check.name());
      detail.put("passed", String.valueOf(check.passed()));
      detail.put("detail", check.detail());
      record(AuditEvent.Type.EDGE_CHECKED, request, detail);
      thread.accept(
          request,
          (check.passed() ? "Check passed: " : "Check FAILED: ")
              + check.name()
              + (check.detail().isEmpty() ? "" : " — " + check.detail()));
    }
    return report;
  }

  /**
   * Re-enables the pool members when this request drained them and nothing re-enabled them since.
   * Returns what is wrong when they could not be re-enabled: that needs a person, and is said so.
   */
  private Optional<String> enableIfDrained(Request request) {
    Optional<List<String>> drained = drainedAndNotEnabled(request.id());
    if (drained.isEmpty()) {
      return Optional.empty();
    }
    List<String> members = drained.get();
    record(AuditEvent.Type.EDGE_ENABLING, request, Map.of());
    Step step =
        run(
            () ->
                members.isEmpty()
                    ? edge.enable(request.target())
                    : edge.enable(request.target(), members),
            "re-enable");
    record(AuditEvent.Type.EDGE_ENABLED, request, stepDetail(step));
    if (step.status() == Step.Status.DONE) {
      thread.accept(request, "Re-enabled: " + step.detail());
      return Optional.empty();
    }
    String why = step.detail();
    record(
        AuditEvent.Type.EDGE_ATTENTION,
        request,
        Map.of("message", "pool members left drained: " + why));
    thread.accept(
        request,
        ":rotating_light: NEEDS A PERSON: the load balancer pool members of "
            + request.target()
            + " are still drained and take no new connections. Re-enable them on the BIG-IP now."
            + " Cause: "
            + why);
    return Optional.of(why);
  }

  /**
   * Drains minus re-enables (done, or handed to a person) in this request's trail: whether the pool
   * is still ours to give back.
   */
  /**
   * The members the window drained and nobody re-enabled yet (empty list: the drain did not say
   * which), or empty when nothing is left drained.
   */
  private Optional<List<String>> drainedAndNotEnabled(RequestId id) {
    Optional<List<String>> drained = Optional.empty();
    for (AuditTrail.AuditEntry entry : trail.entries(AuditTrail.Query.request(id))) {
      AuditEvent e = entry.event();
      String result = e.detail().get(DRAIN_RESULT);
      if (e.type() == AuditEvent.Type.EDGE_DRAINED) {
        // Even a failed drain may have disabled some members.
        drained =
            Step.Status.NOT_CONFIGURED.name().equals(result)
                ? Optional.empty()
                : Optional.of(members(e.detail().get(MEMBERS)));
      } else if (e.type() == AuditEvent.Type.EDGE_ENABLED
          && Step.Status.DONE.name().equals(result)) {
        drained = Optional.empty();
      } else if (e.type() == AuditEvent.Type.EDGE_ATTENTION) {
        // Handed to a person, once: repeating the alarm at every later step would bury it.
        drained = Optional.empty();
      }
    }
    return drained;
  }

  private static List<String> members(String recorded) {
    return recorded == null || recorded.isEmpty() ? List.of() : List.of(recorded.split("\n"));
  }

  private Step run(java.util.function.Supplier<Step> step, String what) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      return Step.failed("the " + what + " could not run: " + RequestService.describe(e));
    }
  }

  private static Map<String, String> stepDetail(Step step) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put(DRAIN_RESULT, step.status().name());
    detail.put("detail", step.detail());
    if (!step.members().isEmpty()) {
      detail.put(MEMBERS, String.join("\n", step.members()));
    }
    return detail;
  }

  private void record(AuditEvent.Type type, Request request, Map<String, String> detail) {
    trail.append(List.of(AuditEvent.of(type, clock.instant(), request, null, detail)));
  }
}
