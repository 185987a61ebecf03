package io.helmgate.bot.app;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.port.SyncStart;
import io.helmgate.domain.port.SyncWindowVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts ArgoCD errors by kind, times the sync request, and records how long each operation
 * Helmgate started ran in Argo CD, once, when a look first shows it ended.
 */
final class MeteredDeployer implements Deployer {

  private final Deployer delegate;
  private final MeterRegistry registry;

  // The markers of operations this process asked for and has not yet seen end, by target: a look
  // shows an ended operation many times, and it is recorded the first time only.
  private final Map<Target, String> started = new ConcurrentHashMap<>();

  MeteredDeployer(Deployer delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
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
      SyncStart answer = counted(() -> delegate.startSync(target, order));
      if (answer instanceof SyncStart.Started) {
        started.put(target, order.marker().toString());
      }
      return answer;
    } finally {
      sample.stop(phase("sync-start"));
    }
  }

  @Override
  public AppObservation observe(Target target) {
    AppObservation seen = counted(() -> delegate.observe(target));
    String marker = started.get(target);
    if (marker != null) {
      seen.operation()
          .filter(op -> op.marker().filter(marker::equals).isPresent())
          .filter(op -> op.finishedAt().isPresent() && op.startedAt().isPresent())
          .filter(op -> started.remove(target, marker))
          .ifPresent(
              op ->
                  recordSync(
                      op.phase().orElse("ended").toLowerCase(Locale.ROOT),
                      Duration.between(op.startedAt().get(), op.finishedAt().get())));
    }
    return seen;
  }

  @Override
  public boolean terminate(Target target, RequestId marker) {
    return counted(() -> delegate.terminate(target, marker));
  }

  /** Records how long one operation ran in Argo CD, by how it ended ({@code outcome}). */
  private void recordSync(String outcome, Duration took) {
    Timer.builder("helmgate.execution.duration")
        .description("Time spent in each phase of executing a request")
        .tag("phase", "sync")
        .tag("outcome", outcome)
        .register(registry)
        .record(took.isNegative() ? Duration.ZERO : took);
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
