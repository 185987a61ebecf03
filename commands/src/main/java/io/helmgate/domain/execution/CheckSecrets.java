package io.helmgate.domain.execution;

import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.Preflights;
import java.util.Optional;

/**
 * The secret pre-flight, again at execution: every secret the new values refer to exists. Missing
 * secrets refuse the change; a secret store that cannot be asked is a fault, retried, and told as
 * one, never as "not allowed".
 */
public final class CheckSecrets implements Step {

  private final Preflights preflights;
  private final NewContent content;

  public CheckSecrets(Preflights preflights, NewContent content) {
    this.preflights = preflights;
    this.content = content;
  }

  @Override
  public String name() {
    return "check-secrets";
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    Preflight preflight =
        preflights.check(request.target(), content.of(context), Reused.within(request));
    Optional<String> blocked = preflights.blocks(request.target(), preflight);
    if (blocked.isEmpty()) {
      return StepResult.Succeeded.quietly();
    }
    return preflight.status() == Preflight.Status.MISSING
        ? StepResult.Failed.because("Not executed: " + blocked.get())
        : new StepResult.Errored(blocked.get(), true);
  }
}
