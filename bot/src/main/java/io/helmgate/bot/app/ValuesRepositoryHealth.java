package io.helmgate.bot.app;

import io.helmgate.bot.git.GitValuesRepository;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Ready only while the values remote answers a fetch: without it no change can be made. */
final class ValuesRepositoryHealth implements HealthIndicator {

  private final GitValuesRepository repository;

  ValuesRepositoryHealth(GitValuesRepository repository) {
    this.repository = repository;
  }

  @Override
  public Health health() {
    try {
      repository.refresh();
      return Health.up().build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
    }
  }
}
