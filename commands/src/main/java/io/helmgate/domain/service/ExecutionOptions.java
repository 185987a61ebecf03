package io.helmgate.domain.service;

import io.helmgate.domain.execution.ArgoSettings;
import io.helmgate.domain.execution.PullRequestSettings;
import io.helmgate.domain.execution.RetrySettings;
import java.util.Objects;
import java.util.function.Function;

/**
 * How executions run: the Argo CD steps' settings per environment, how faults are retried, the
 * values branch Helmgate pushes to (which an auto-synced application must track), and the forge
 * that carries pull-request mode's pull requests.
 */
public record ExecutionOptions(
    Function<String, ArgoSettings> argo,
    RetrySettings retry,
    String valuesBranch,
    PullRequestSettings pullRequests) {

  public ExecutionOptions {
    Objects.requireNonNull(argo, "argo");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(valuesBranch, "valuesBranch");
    Objects.requireNonNull(pullRequests, "pullRequests");
  }

  /** No forge: every environment's changes are pushed. */
  public ExecutionOptions(
      Function<String, ArgoSettings> argo, RetrySettings retry, String valuesBranch) {
    this(argo, retry, valuesBranch, PullRequestSettings.none());
  }

  /** Default Argo CD settings everywhere, default retries, branch {@code main}, no forge. */
  public static ExecutionOptions defaults() {
    return new ExecutionOptions(env -> ArgoSettings.defaults(), RetrySettings.defaults(), "main");
  }

  /** These options with pull requests carried by {@code pullRequests}' forge. */
  public ExecutionOptions withPullRequests(PullRequestSettings pullRequests) {
    return new ExecutionOptions(argo, retry, valuesBranch, pullRequests);
  }
}
