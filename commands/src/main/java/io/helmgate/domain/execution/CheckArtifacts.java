package io.helmgate.domain.execution;

import io.helmgate.domain.port.ArtifactChecker.Resolution.Status;
import io.helmgate.domain.request.ApprovalDigest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.ArtifactPreflight;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry pre-flight, again at execution: every promoted image tag still exists, and still
 * names the digest it named when approved (a moved tag makes the request STALE). A registry that
 * cannot be reached is a fault, retried, never a refusal.
 */
public final class CheckArtifacts implements Step {

  private final ArtifactPreflight artifacts;
  private final NewContent content;

  public CheckArtifacts(ArtifactPreflight artifacts, NewContent content) {
    this.artifacts = artifacts;
    this.content = content;
  }

  @Override
  public String name() {
    return "check-artifacts";
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    ArtifactPreflight.Result resolved =
        artifacts.check(request.change(), content.of(context), Reused.within(request));
    List<String> rebound = ArtifactPreflight.rebind(request.bindings(), resolved);
    if (!ApprovalDigest.of(request, rebound).equals(request.digest())) {
      return new StepResult.Failed(
          String.join("; ", ArtifactPreflight.moved(request.bindings(), resolved))
              + ": the tag moved since this was approved, so the approvals are void."
              + " Ask again to deploy what the tag holds now.",
          StepResult.Ending.STALE);
    }
    Optional<String> blocked = artifacts.blocks(request.target(), resolved);
    if (blocked.isPresent()) {
      return resolved.with(Status.MISSING).isEmpty()
          ? new StepResult.Errored(blocked.get(), true)
          : StepResult.Failed.because("Not executed: " + blocked.get());
    }
    List<String> digests = resolved.bindings();
    return new StepResult.Succeeded(
        digests.isEmpty() ? Map.of() : Map.of("artifacts", String.join("\n", digests)),
        Optional.empty());
  }
}
