package io.helmgate.bot.app;

import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Reads every waiting request's pull request each {@code helmgate.forge.poll-interval}: the
 * fallback for webhooks that were lost, refused or never configured.
 */
final class PullRequestWatch {

  private static final Logger log = LoggerFactory.getLogger(PullRequestWatch.class);

  private final IntSupplier watch;

  /**
   * @param watch reads the pull requests once and answers how many it read
   */
  PullRequestWatch(IntSupplier watch) {
    this.watch = watch;
  }

  @Scheduled(
      fixedDelayString = "${helmgate.forge.poll-interval:1m}",
      initialDelayString = "${helmgate.forge.poll-interval:1m}")
  void poll() {
    try {
      int read = watch.getAsInt();
      if (read > 0) {
        log.debug("read {} pull request(s)", read);
      }
    } catch (RuntimeException e) {
      log.warn("reading the pull requests failed: {}", e.getMessage());
    }
  }
}
