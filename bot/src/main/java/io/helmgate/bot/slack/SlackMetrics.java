package io.helmgate.bot.slack;

import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.service.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Counts commands and clicks by name and outcome, and times how long approvals took. */
final class SlackMetrics {

  private static final Set<String> SUBCOMMANDS =
      Set.of(
          "status",
          "pending",
          "cancel",
          "lock",
          "unlock",
          "audit",
          "evidence",
          "sod-report",
          "help");

  private final MeterRegistry registry;

  SlackMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void command(String slashCommand, String text, Outcome outcome) {
    String first = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    String name = slashCommand.replace("/", "") + (SUBCOMMANDS.contains(first) ? " " + first : "");
    count(name, outcome);
  }

  void click(String actionId, Outcome outcome) {
    count(actionId, outcome);
    if (outcome instanceof Outcome.RequestUpdated updated) {
      Request r = updated.request();
      if (r.state() != RequestState.PENDING_APPROVAL && !r.approvedBy().isEmpty()) {
        Timer.builder("helmgate.approval.wait")
            .description("Time from request to its last approval")
            .tag("environment", r.target().environment())
            .register(registry)
            .record(
                Duration.between(
                    r.createdAt(), r.approvedBy().get(r.approvedBy().size() - 1).at()));
      }
    }
  }

  private void count(String name, Outcome outcome) {
    registry
        .counter(
            "helmgate.commands",
            "name",
            name,
            "outcome",
            outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT))
        .increment();
  }
}
