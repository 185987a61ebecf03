package io.helmgate.domain.service;

import io.helmgate.domain.execution.ArgoSettings;
import io.helmgate.domain.execution.RetrySettings;
import java.util.Objects;
import java.util.function.Function;

/**
 * How executions run: the Argo CD steps' settings per environment, how faults are retried, and the
 * values branch Helmgate pushes to (which an auto-synced application must track).
 */
public record ExecutionOptions(
    Function<String, ArgoSettings> argo, RetrySettings retry, String valuesBranch) {

  public ExecutionOptions {
    Objects.requireNonNull(argo, "argo");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(valuesBranch, "valuesBranch");
  }

  /** Default Argo CD settings everywhere, default retries, branch {@code main}. */
  public static ExecutionOptions defaults() {
    return new ExecutionOptions(env -> ArgoSettings.defaults(), RetrySettings.defaults(), "main");
  }
}
