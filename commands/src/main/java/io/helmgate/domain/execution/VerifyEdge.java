package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The last step: once Argo CD runs the change, the edge (Kong, F5) is checked, each check told and
 * audited; a failed check fails the request with the way back. Its output {@link #SUMMARY} is the
 * words the request ends with.
 */
public final class VerifyEdge implements Step {

  /** Output: how the request ends, for people. */
  public static final String SUMMARY = "summary";

  private final EdgeVerifier edge;
  private final Deployer deployer;
  private final AuditTrail trail;
  private final Clock clock;
  private final Consumer<Map.Entry<Request, String>> thread;

  public VerifyEdge(
      EdgeVerifier edge,
      Deployer deployer,
      AuditTrail trail,
      Clock clock,
      Consumer<Map.Entry<Request, String>> thread) {
    this.edge = edge;
    this.deployer = deployer;
    this.trail = trail;
    this.clock = clock;
    this.thread = thread;
  }

  @Override
  public String name() {
    return "verify-edge";
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    if (!deployer.isConfigured()) {
      return new StepResult.Succeeded(
          Map.of(
              SUMMARY,
              request
                      .execution()
                      .output(Execution.COMMIT)
                      .map(c -> "Committed " + CommitIds.shortId(c) + ". ")
                      .orElse("")
                  + "ArgoCD is not configured, so nothing was synced; environments with auto-sync"
                  + " pick the commit up."),
          Optional.empty());
    }
    EdgeVerifier.Report report;
    try {
      report = edge.verify(request.target());
    } catch (RuntimeException e) {
      report =
          EdgeVerifier.Report.of(
              List.of(
                  new EdgeVerifier.Check(
                      "edge verification", false, "could not run: " + Pipeline.describe(e))));
    }
    for (EdgeVerifier.Check check : report.checks()) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("check", check.name());
      detail.put("passed", String.valueOf(check.passed()));
      detail.put("detail", check.detail());
      trail.append(
          List.of(
              AuditEvent.of(AuditEvent.Type.EDGE_CHECKED, clock.instant(), request, null, detail)));
      thread.accept(
          Map.entry(
              request,
              (check.passed() ? "Check passed: " : "Check FAILED: ")
                  + check.name()
                  + (check.detail().isEmpty() ? "" : " — " + check.detail())));
    }
    String deployed =
        "Synced and Healthy."
            + request
                .execution()
                .output(ArgoOutputs.DEPLOYED_REVISION)
                .map(
                    r ->
                        " "
                            + request
                                .execution()
                                .output(ArgoOutputs.APPLICATION)
                                .orElse("The application")
                            + " runs "
                            + CommitIds.shortId(r)
                            + ".")
                .orElse("");
    if (report.status() == EdgeVerifier.Report.Status.FAILED) {
      String failed =
          report.checks().stream()
              .filter(c -> !c.passed())
              .map(c -> c.name() + ": " + c.detail())
              .collect(Collectors.joining("; "));
      return StepResult.Failed.because(
          "Synced and Healthy in ArgoCD, but post-deploy verification failed: "
              + failed
              + ". To undo it: `/rollback "
              + request.target()
              + "`.");
    }
    String verified =
        report.status() == EdgeVerifier.Report.Status.PASSED
            ? " Verified: " + report.checks().size() + " edge check(s) passed."
            : "";
    return new StepResult.Succeeded(Map.of(SUMMARY, deployed + verified), Optional.empty());
  }
}
