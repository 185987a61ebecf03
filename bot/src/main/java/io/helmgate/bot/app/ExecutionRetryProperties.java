package io.helmgate.bot.app;

import io.helmgate.domain.execution.RetrySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a step that hit a passing fault (Argo CD or git unreachable) is run again: after {@code
 * initial}, doubling up to {@code max}, until {@code giveUpAfter} since the step began.
 */
@ConfigurationProperties("helmgate.execution.retry")
record ExecutionRetryProperties(
    @DefaultValue("2s") Duration initial,
    @DefaultValue("1m") Duration max,
    @DefaultValue("5m") Duration giveUpAfter) {

  ExecutionRetryProperties {
    for (Duration d : new Duration[] {initial, max, giveUpAfter}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "helmgate.execution.retry.* must be positive durations, not " + d);
      }
    }
  }

  RetrySettings settings() {
    return new RetrySettings(initial, max, giveUpAfter);
  }
}
