package io.helmgate.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The start-up trace (actuator's {@code startup} endpoint) is on only when asked for, by argument,
 * system property or environment variable, since it is read before Spring's environment exists.
 */
class StartupTraceTest {

  @Test
  void theTraceIsOffUnlessAskedFor() {
    assertThat(HelmgateApplication.startupTrace(new String[] {"--server.port=3000"}, null))
        .isFalse();
    assertThat(HelmgateApplication.startupTrace(new String[0], "false")).isFalse();
  }

  @Test
  void theTraceIsOnWhenAnArgumentOrTheEnvironmentAsksForIt() {
    assertThat(
            HelmgateApplication.startupTrace(new String[] {"--helmgate.startup-trace=true"}, null))
        .isTrue();
    assertThat(HelmgateApplication.startupTrace(new String[0], " true ")).isTrue();
  }

  @Test
  void anArgumentOverridesTheEnvironment() {
    assertThat(
            HelmgateApplication.startupTrace(
                new String[] {"--helmgate.startup-trace=false"}, "true"))
        .isFalse();
  }
}
