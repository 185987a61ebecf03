package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.ApprovalDigest;
import io.helmgate.domain.request.Request;
import java.util.Objects;

/**
 * The approval holds only for what was approved: the values file must still be at the commit the
 * change was computed on, and the approval digest must still match. Otherwise the request is STALE
 * and nothing is committed.
 */
public final class VerifyBase implements Step {

  private final NewContent content;

  public VerifyBase(NewContent content) {
    this.content = content;
  }

  @Override
  public String name() {
    return "verify-base";
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    ValuesFile file;
    try {
      file = content.current(context);
    } catch (ValuesRepositoryException e) {
      return new StepResult.Errored("the values repository failed: " + e.getMessage(), false);
    }
    if (!Objects.equals(file.lastChangeCommit(), request.baseCommit())
        || !ApprovalDigest.of(request, request.bindings()).equals(request.digest())) {
      return new StepResult.Failed(
          "`"
              + request.target().valuesPath()
              + "` changed since this was approved (now at "
              + CommitIds.shortId(file.lastChangeCommit())
              + "); the approvals are void. Ask again.",
          StepResult.Ending.STALE);
    }
    try {
      content.of(context);
    } catch (ValuesRepositoryException e) {
      return new StepResult.Errored("the values repository failed: " + e.getMessage(), false);
    }
    return new StepResult.Succeeded(
        java.util.Map.of("base", String.valueOf(file.lastChangeCommit())),
        java.util.Optional.empty());
  }
}
