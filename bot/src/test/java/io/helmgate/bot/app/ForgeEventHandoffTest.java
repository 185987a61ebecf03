package io.helmgate.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.ForgeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The webhook's events reach the domain in the background, and never hold up the webhook. */
class ForgeEventHandoffTest {

  @Test
  void anEventIsHandedOverOnTheHandOffThreadWhileTheCallerReturnsAtOnce() throws Exception {
    CountDownLatch domainMayGoOn = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ForgeEventHandoff handoff =
        new ForgeEventHandoff(
            e -> {
              seen.add(e.number() + " on " + Thread.currentThread().getName());
              await(domainMayGoOn);
            },
            10)) {
      handoff.on(new ForgeEvent.Closed(12, "helmgate/R-7"));
      handoff.on(new ForgeEvent.Closed(13, "helmgate/R-8"));

      // both calls returned although the domain is still busy with the first event
      domainMayGoOn.countDown();
      waitFor(() -> seen.size() == 2);
      assertThat(seen)
          .containsExactly("12 on helmgate-forge-events", "13 on helmgate-forge-events");
    }
  }

  @Test
  void aFullQueueDropsTheEventWithoutBlockingOrThrowing() throws Exception {
    CountDownLatch domainMayGoOn = new CountDownLatch(1);
    List<Long> seen = new CopyOnWriteArrayList<>();
    try (ForgeEventHandoff handoff =
        new ForgeEventHandoff(
            e -> {
              seen.add(e.number());
              await(domainMayGoOn);
            },
            1)) {
      handoff.on(new ForgeEvent.Closed(1, "helmgate/R-1"));
      waitFor(() -> seen.size() == 1); // the thread is busy with #1
      handoff.on(new ForgeEvent.Closed(2, "helmgate/R-2")); // waits in the queue
      handoff.on(new ForgeEvent.Closed(3, "helmgate/R-3")); // no room: dropped

      domainMayGoOn.countDown();
      waitFor(() -> seen.size() == 2);
      Thread.sleep(100);
      assertThat(seen).containsExactly(1L, 2L);
    }
  }

  @Test
  void aFaultInTheDomainDoesNotStopTheNextEvent() throws Exception {
    List<Long> seen = new CopyOnWriteArrayList<>();
    try (ForgeEventHandoff handoff =
        new ForgeEventHandoff(
            e -> {
              seen.add(e.number());
              if (e.number() == 1) {
                throw new IllegalStateException("database away");
              }
            },
            10)) {
      handoff.on(new ForgeEvent.Closed(1, "helmgate/R-1"));
      handoff.on(new ForgeEvent.Closed(2, "not-ours"));

      waitFor(() -> seen.size() == 2);
      assertThat(seen).containsExactly(1L, 2L);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(done.getAsBoolean()).isTrue();
  }
}
