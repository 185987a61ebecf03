package io.helmgate.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the libraries' start-up chatter out of the figures the benchmarks print. */
final class Logs {

  private Logs() {}

  static void quiet() {
    level(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
    // "H2 is newer than Flyway has been verified with": known, and not a benchmark figure.
    level("org.flywaydb", Level.ERROR);
  }

  private static void level(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger logback) {
      logback.setLevel(level);
    }
  }
}
