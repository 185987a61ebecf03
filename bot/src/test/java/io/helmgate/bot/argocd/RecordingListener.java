package io.helmgate.bot.argocd;

import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncTicket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Keeps what a {@link SyncWatcher} reported, and lets a test wait for the end of a watch. */
final class RecordingListener implements SyncListener {

  final List<SyncProgress.Running> phases = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Object> end = new CompletableFuture<>();
  private volatile int endings;

  @Override
  public void onPhase(SyncTicket ticket, SyncProgress.Running progress) {
    phases.add(progress);
  }

  @Override
  public void onDone(SyncTicket ticket, SyncProgress outcome) {
    endings++;
    end.complete(outcome);
  }

  @Override
  public void onError(SyncTicket ticket, DeployerException error) {
    endings++;
    end.complete(error);
  }

  /** The outcome ({@link SyncProgress}) or the error ({@link DeployerException}). */
  Object awaitEnd() throws Exception {
    return end.get(30, TimeUnit.SECONDS);
  }

  int endings() {
    return endings;
  }
}
