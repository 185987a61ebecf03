package io.helmgate.bot.git;

import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: callers enqueue commits and wait on a future; one thread drains the queue and
 * hands whatever has accumulated to the batch writer, so concurrent promotions share one push
 * instead of racing each other into retries.
 */
final class CommitQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommitQueue.class);
  private static final int MAX_BATCH = 64;

  /** One commit waiting for the writer, and the caller waiting for its outcome. */
  record Pending(ValuesCommit commit, CompletableFuture<CommitOutcome> outcome) {}

  private static final Pending STOP = new Pending(null, new CompletableFuture<>());

  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<Pending>> writer;
  private final Thread thread;
  private volatile boolean closed;

  CommitQueue(Consumer<List<Pending>> writer) {
    this.writer = writer;
    this.thread = new Thread(this::drain, "helmgate-git-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  CompletableFuture<CommitOutcome> submit(ValuesCommit commit) {
    CompletableFuture<CommitOutcome> outcome = new CompletableFuture<>();
    if (closed) {
      outcome.completeExceptionally(shuttingDown());
      return outcome;
    }
    queue.add(new Pending(commit, outcome));
    if (closed) {
      failRemaining();
    }
    return outcome;
  }

  private void drain() {
    while (true) {
      Pending first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (first == STOP) {
        break;
      }
      List<Pending> batch = new ArrayList<>();
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(STOP);
      try {
        writer.accept(batch);
      } catch (RuntimeException | Error e) {
        log.error("The values writer failed on a batch of {} commits", batch.size(), e);
        ValuesRepositoryException failure =
            e instanceof ValuesRepositoryException vre
                ? vre
                : new ValuesRepositoryException("the values writer failed: " + e, e);
        batch.forEach(p -> p.outcome().completeExceptionally(failure));
      }
      batch.forEach(
          p ->
              p.outcome()
                  .completeExceptionally(
                      new ValuesRepositoryException("the values writer gave no answer")));
      if (stop) {
        break;
      }
    }
    failRemaining();
  }

  private void failRemaining() {
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.stream()
        .filter(p -> p != STOP)
        .forEach(p -> p.outcome().completeExceptionally(shuttingDown()));
  }

  private static ValuesRepositoryException shuttingDown() {
    return new ValuesRepositoryException(
        "the values repository is shutting down; nothing was committed");
  }

  /** Lets the batch in progress finish, then fails whatever is still queued. */
  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failRemaining();
  }
}
