package io.helmgate.bot;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Helmgate bot: wires the domain to Slack, git, ArgoCD, Vault and the database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HelmgateApplication {

  /**
   * Turns on the start-up trace: each start-up step (bean, Flyway, Quartz, the clone) is buffered
   * with its duration and served at the actuator's {@code startup} endpoint. Off by default: the
   * buffer costs memory and a little time on every step, and only the benchmark reads it.
   */
  static final String STARTUP_TRACE = "helmgate.startup-trace";

  /** How many steps the trace keeps; a start-up records about two thousand. */
  static final int STARTUP_STEPS = 10_000;

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(HelmgateApplication.class);
    if (startupTrace(args, System.getenv("HELMGATE_STARTUP_TRACE"))) {
      application.setApplicationStartup(new BufferingApplicationStartup(STARTUP_STEPS));
    }
    application.run(args);
  }

  /**
   * Whether the trace is asked for: {@code --helmgate.startup-trace=true}, the system property of
   * that name, or {@code HELMGATE_STARTUP_TRACE=true}. Read before Spring's environment exists,
   * since the recorder must be in place before the first step.
   */
  static boolean startupTrace(String[] args, String environmentVariable) {
    String value =
        Arrays.stream(args)
            .filter(a -> a.startsWith("--" + STARTUP_TRACE + "="))
            .map(a -> a.substring(STARTUP_TRACE.length() + 3))
            .reduce((first, last) -> last)
            .orElse(System.getProperty(STARTUP_TRACE, environmentVariable));
    return Boolean.parseBoolean(value == null ? null : value.strip());
  }
}
