package io.helmgate.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.execution.PullRequestSettings;
import io.helmgate.domain.port.ArtifactChecker;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.Directory;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.port.ExecutionClaims;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.ForgeEvents;
import io.helmgate.domain.port.LockStore;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Scheduler;
import io.helmgate.domain.port.SecretChecker;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.service.ExecutionOptions;
import io.helmgate.domain.service.Helmgate;
import io.helmgate.domain.service.Ports;
import io.helmgate.domain.values.Redaction;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** Pull requests are watched (webhook events and polling) only when a forge is configured. */
class ForgeWatchingTest {

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  static class Scheduling {}

  /** What the domain asked of the request store, on which thread. */
  private final BlockingQueue<String> storeCalls = new LinkedBlockingQueue<>();

  private final CountDownLatch storeMayAnswer = new CountDownLatch(1);

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(Scheduling.class, ForgeWatching.class)
        .withBean(Helmgate.class, this::helmgate);
  }

  @Test
  void withAForgeThePullRequestsArePolledEveryPollInterval() {
    storeMayAnswer.countDown();
    runner()
        .withPropertyValues("helmgate.forge.type=github", "helmgate.forge.poll-interval=45s")
        .run(
            context -> {
              assertThat(context).hasSingleBean(PullRequestWatch.class);
              ScheduledTask poll = pollTask(context.getBean(ScheduledTaskHolder.class));
              assertThat(poll).isNotNull();

              poll.getTask().getRunnable().run();

              assertThat(storeCalls.poll(5, TimeUnit.SECONDS)).startsWith("findByState");
            });
  }

  @Test
  void withoutAForgeNothingIsPolledAndNoWebhookEventIsTaken() {
    runner()
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(PullRequestWatch.class);
              assertThat(context).doesNotHaveBean(ForgeEvents.class);
              assertThat(pollTask(context.getBean(ScheduledTaskHolder.class))).isNull();
            });
  }

  @Test
  void aWebhookEventIsHandedToTheDomainOnAnotherThreadAndAnsweredAtOnce() {
    runner()
        .withPropertyValues("helmgate.forge.type=github")
        .run(
            context -> {
              ForgeEvents events = context.getBean(ForgeEvents.class);

              // the domain is held up reading the request; the webhook's answer is not
              events.on(new ForgeEvent.Closed(12, "helmgate/R-7"));
              String call = storeCalls.poll(5, TimeUnit.SECONDS);
              storeMayAnswer.countDown();

              assertThat(call).isEqualTo("find R-7 on helmgate-forge-events");
            });
  }

  @Test
  void aFaultWhileReadingThePullRequestsIsLoggedAndTheNextPollStillRuns() {
    java.util.concurrent.atomic.AtomicInteger polls =
        new java.util.concurrent.atomic.AtomicInteger();
    PullRequestWatch watch =
        new PullRequestWatch(
            () -> {
              polls.incrementAndGet();
              throw new IllegalStateException("database away");
            });

    watch.poll();
    watch.poll();

    assertThat(polls).hasValue(2);
  }

  private static ScheduledTask pollTask(ScheduledTaskHolder holder) {
    return holder.getScheduledTasks().stream()
        .filter(t -> t.toString().contains("PullRequestWatch.poll"))
        .findFirst()
        .orElse(null);
  }

  /**
   * The real domain on ports that do nothing, except a request store that says when it is asked.
   */
  private Helmgate helmgate() {
    RequestStore requests =
        stub(
            RequestStore.class,
            (name, args) -> {
              storeCalls.add(
                  name
                      + (args == null ? "" : " " + args[0])
                      + " on "
                      + Thread.currentThread().getName());
              storeMayAnswer.await(10, TimeUnit.SECONDS);
              return switch (name) {
                case "find" -> Optional.empty();
                case "findByState" -> List.of();
                default -> null;
              };
            });
    Ports ports =
        new Ports(
            stub(ValuesRepository.class, null),
            stub(Deployer.class, null),
            stub(SecretChecker.class, null),
            stub(Directory.class, null),
            requests,
            stub(AuditTrail.class, null),
            stub(LockStore.class, null),
            stub(Scheduler.class, null),
            stub(Notifier.class, null),
            Clock.systemUTC(),
            stub(Executor.class, null),
            stub(ArtifactChecker.class, null),
            EdgeVerifier.NONE,
            stub(ExecutionClaims.class, null));
    return new Helmgate(
        ports,
        PullRequestWiringTest.policy("pull-request"),
        Redaction.defaults(),
        Helmgate.Options.defaults()
            .withExecution(
                ExecutionOptions.defaults()
                    .withPullRequests(PullRequestSettings.of(stub(Forge.class, null)))));
  }

  @FunctionalInterface
  interface Answer {
    Object answer(String method, Object[] args) throws Exception;
  }

  private static <T> T stub(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> type.getSimpleName();
                };
              }
              return answer == null ? null : answer.answer(method.getName(), args);
            }));
  }
}
