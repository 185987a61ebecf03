package io.helmgate.bot.app;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SyncInfo;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.port.SyncProgress;
import io.helmgate.domain.port.SyncStart;
import io.helmgate.domain.port.SyncTicket;
import io.helmgate.domain.port.SyncWindowVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;

/** Counts ArgoCD errors by kind and times sync start and the whole sync until it ends. */
final class MeteredDeployer implements Deployer {

  private final Deployer delegate;
  private final MeterRegistry registry;
  private final Clock clock;

  MeteredDeployer(Deployer delegate, MeterRegistry registry, Clock clock) {
    this.delegate = delegate;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public boolean isConfigured() {
    return delegate.isConfigured();
  }

  @Override
  public DeploymentStatus status(Target target) {
    return counted(() -> delegate.status(target));
  }

  @Override
  public SyncTicket startSync(Target target, SyncInfo info) {
    Timer.Sample sample = Timer.start(registry);
    try {
      return counted(() -> delegate.startSync(target, info));
    } finally {
      sample.stop(phase("sync-start"));
    }
  }

  @Override
  public SyncProgress poll(SyncTicket ticket) {
    return counted(() -> delegate.poll(ticket));
  }

  @Override
  public ApplicationFacts facts(Target target) {
    return counted(() -> delegate.facts(target));
  }

  @Override
  public SyncWindowVerdict syncWindow(Target target) {
    return counted(() -> delegate.syncWindow(target));
  }

  @Override
  public SyncStart startSync(Target target, SyncOrder order) {
    Timer.Sample sample = Timer.start(registry);
    try {
      return counted(() -> delegate.startSync(target, order));
    } finally {
      sample.stop(phase("sync-start"));
    }
  }

  @Override
  public AppObservation observe(Target target) {
    return counted(() -> delegate.observe(target));
  }

  @Override
  public boolean terminate(Target target, RequestId marker) {
    return counted(() -> delegate.terminate(target, marker));
  }

  /** Records how long a whole sync took, from its start until it ended ({@code outcome}). */
  static void recordSync(MeterRegistry registry, Clock clock, SyncTicket ticket, String outcome) {
    Timer.builder("helmgate.execution.duration")
        .description("Time spent in each phase of executing a request")
        .tag("phase", "sync")
        .tag("outcome", outcome)
        .register(registry)
        .record(Duration.between(ticket.startedAt(), clock.instant()));
  }

  private Timer phase(String phase) {
    return Timer.builder("helmgate.execution.duration")
        .description("Time spent in each phase of executing a request")
        .tag("phase", phase)
        .tag("outcome", "done")
        .register(registry);
  }

  private <T> T counted(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (DeployerException e) {
      Counter.builder("helmgate.argocd.errors")
          .description("ArgoCD calls that failed, by kind")
          .tag("kind", e.kind().name())
          .register(registry)
          .increment();
      throw e;
    }
  }
}
