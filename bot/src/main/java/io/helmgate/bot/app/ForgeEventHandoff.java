package io.helmgate.bot.app;

import io.helmgate.bot.logging.RequestLogs;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.ForgeEvents;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each verified forge webhook event to the domain on a thread of its own, so that the webhook
 * is answered at once (the domain then reads the pull request on the forge, which takes seconds). A
 * full queue drops the event: it is only a hint, and the next poll finds the same change.
 */
final class ForgeEventHandoff implements ForgeEvents, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ForgeEventHandoff.class);

  private final Consumer<ForgeEvent> target;
  private final ThreadPoolExecutor executor;

  /**
   * @param target what the domain does with an event; runs on the hand-off thread
   * @param queue how many events may wait; past it they are dropped
   */
  ForgeEventHandoff(Consumer<ForgeEvent> target, int queue) {
    this.target = target;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "helmgate-forge-events");
              t.setDaemon(true);
              return t;
            },
            (r, pool) -> log.debug("Forge event queue full: dropped an event; polling catches up"));
  }

  @Override
  public void on(ForgeEvent event) {
    executor.execute(() -> handle(event));
  }

  private void handle(ForgeEvent event) {
    Runnable work =
        () -> {
          try {
            target.accept(event);
          } catch (RuntimeException e) {
            // A hint that failed changes nothing: the next poll reads the pull request again.
            log.warn("Forge event for pull request #{} failed: {}", event.number(), e.getMessage());
          }
        };
    event.requestId().ifPresentOrElse(id -> RequestLogs.run(id, work), work);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
