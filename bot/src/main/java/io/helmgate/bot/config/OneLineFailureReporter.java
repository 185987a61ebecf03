package io.helmgate.bot.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Prints a start-up failure as one line on standard error: what is wrong and what to do. Spring's
 * own multi-line report is switched off in {@code application.yml}.
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {

  @Override
  public void report(FailureAnalysis analysis) {
    System.err.println(
        "helmgate: cannot start: " + analysis.getDescription() + " — " + analysis.getAction());
  }
}
