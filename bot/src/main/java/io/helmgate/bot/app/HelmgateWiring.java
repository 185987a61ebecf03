package io.helmgate.bot.app;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.bot.config.PolicyProperties;
import io.helmgate.bot.config.SlackProperties;
import io.helmgate.bot.git.GitProperties;
import io.helmgate.bot.git.GitValuesRepository;
import io.helmgate.bot.logging.RequestLogs;
import io.helmgate.bot.schedule.ScheduleProperties;
import io.helmgate.bot.schedule.ScheduledWork;
import io.helmgate.bot.slack.SlackPermalinks;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.execution.ArgoSettings;
import io.helmgate.domain.execution.PullRequestSettings;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.port.ArtifactChecker;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.Directory;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.port.ExecutionClaims;
import io.helmgate.domain.port.LockStore;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Scheduler;
import io.helmgate.domain.port.SecretChecker;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.service.Certificates;
import io.helmgate.domain.service.ExecutionOptions;
import io.helmgate.domain.service.Helmgate;
import io.helmgate.domain.service.Ports;
import io.helmgate.domain.values.Redaction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Puts the domain together with its adapters: the one place where ports meet technologies. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class HelmgateWiring {

  private static final Logger log = LoggerFactory.getLogger(HelmgateWiring.class);

  /**
   * The policy, checked against the Slack settings it depends on, and logged line by line (the
   * description {@code /deploy policy} shows) so that what is in force can be read in the log.
   */
  @Bean
  Policy policy(PolicyProperties properties, SlackProperties slack, ScheduleProperties schedule) {
    PolicyConfig config = properties.toPolicyConfig();
    config
        .approvalChannelProblem(slack.approvalChannels().keySet())
        .ifPresent(
            problem -> {
              throw new InvalidConfigurationException("helmgate.slack.approval-channels", problem);
            });
    config
        .approvalChannelWarning(slack.approvalChannels().keySet())
        .ifPresent(warning -> log.warn("helmgate.slack.approval-channels: {}", warning));
    config.describe().forEach(line -> log.info("policy {}", line));
    return new Policy(config, schedule.horizon());
  }

  @Bean
  Redaction redaction() {
    return Redaction.defaults();
  }

  /**
   * Executions run here (git pushes, Vault, the registry, Argo CD), after the approval was
   * acknowledged. Answers to people have a pool of their own ({@code helmgateAnswers}), so that
   * executions never hold them up.
   */
  @Bean(destroyMethod = "shutdown")
  ExecutorService helmgateWork() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        4,
        4,
        60,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(10_000),
        r -> {
          Thread t = new Thread(r, "helmgate-work-" + n.incrementAndGet());
          t.setDaemon(true);
          // A fault no step could record (the database gone) ends the task: log it as ours.
          t.setUncaughtExceptionHandler(
              (thread, e) -> log.error("{} stopped: {}", thread.getName(), e.getMessage(), e));
          return t;
        }) {
      @Override
      protected void beforeExecute(Thread thread, Runnable task) {
        RequestLogs.label(task);
      }

      @Override
      protected void afterExecute(Runnable task, Throwable failure) {
        RequestLogs.clear();
      }
    };
  }

  @Bean
  HealthIndicator valuesRemoteHealthIndicator(GitValuesRepository repository) {
    return new ValuesRepositoryHealth(repository);
  }

  @Bean
  Helmgate helmgate(
      ValuesRepository values,
      Deployer deployer,
      SecretChecker secrets,
      Directory directory,
      RequestStore requests,
      AuditTrail audit,
      LockStore locks,
      Scheduler scheduler,
      Notifier notifier,
      Clock clock,
      ExecutorService helmgateWork,
      Policy policy,
      Redaction redaction,
      MeterRegistry registry,
      ArtifactChecker artifacts,
      Certificates certificates,
      EdgeVerifier edge,
      ExecutionClaims claims,
      SlackProperties slack,
      Function<String, ArgoSettings> argoSettings,
      GitProperties git,
      ExecutionRetryProperties retry,
      org.springframework.beans.factory.ObjectProvider<io.helmgate.domain.port.Forge> forge,
      io.helmgate.bot.forge.ForgeProperties forgeProperties,
      SlackPermalinks permalinks,
      org.springframework.beans.factory.ObjectProvider<io.helmgate.domain.port.ForgeUsers>
          forgeUsers) {
    Gauge.builder("helmgate.schedule.pending", scheduler, s -> s.pending().size())
        .description("Scheduled changes still to run")
        .register(registry);
    Ports ports =
        new Ports(
            new MeteredValuesRepository(values, registry),
            new MeteredDeployer(deployer, registry),
            secrets,
            directory,
            requests,
            audit,
            locks,
            scheduler,
            notifier,
            clock,
            helmgateWork,
            artifacts,
            edge,
            claims);
    return new Helmgate(
        ports,
        policy,
        redaction,
        Helmgate.Options.defaults()
            .withCertificates(certificates)
            .withApprovalChannels(slack.approvalChannels().keySet())
            .withExecution(
                new ExecutionOptions(argoSettings, retry.settings(), git.branch())
                    .withPullRequests(
                        pullRequests(
                                policy,
                                forge.getIfAvailable(),
                                forgeProperties.pollInterval(),
                                permalinks)
                            // Without a mapping no review counts; Slack clicks still do.
                            .withUsers(
                                forgeUsers.getIfAvailable(
                                    () -> io.helmgate.domain.port.ForgeUsers.NONE)))));
  }

  /**
   * The forge for pull-request mode; start-up stops when an environment asks for pull requests and
   * no forge is configured, rather than failing each of its requests later.
   */
  static PullRequestSettings pullRequests(
      Policy policy, io.helmgate.domain.port.Forge forge, java.time.Duration poll) {
    return pullRequests(policy, forge, poll, ref -> java.util.Optional.empty());
  }

  /**
   * {@link #pullRequests(Policy, io.helmgate.domain.port.Forge, Duration)}, with each pull request
   * linking its request's Slack message through {@code messageLinks}.
   */
  static PullRequestSettings pullRequests(
      Policy policy,
      io.helmgate.domain.port.Forge forge,
      java.time.Duration poll,
      Function<MessageRef, java.util.Optional<String>> messageLinks) {
    if (forge != null) {
      // Polling is the fallback for lost webhooks (ForgeWatching); webhooks only hasten it.
      return new PullRequestSettings(
              java.util.Optional.of(forge), poll, PullRequestSettings.of(forge).mergeWithin())
          .withMessageLinks(messageLinks);
    }
    policy
        .config()
        .environments()
        .forEach(
            (env, rules) -> {
              if (rules.changeMode() == io.helmgate.domain.policy.ChangeMode.PULL_REQUEST) {
                throw new io.helmgate.domain.policy.InvalidPolicyException(
                    "helmgate.policy.environments." + env + ".change-mode",
                    "is pull-request but no forge is configured; set helmgate.forge.type and its"
                        + " settings, or use change-mode: push");
              }
            });
    return PullRequestSettings.none();
  }

  @Bean
  ScheduledWork scheduledWork(Helmgate helmgate, ScheduleProperties schedule) {
    return new ScheduledWork() {
      @Override
      public void fire(RequestId id, Instant scheduledFor) {
        RequestLogs.run(
            id, () -> helmgate.requests().fire(id, scheduledFor, schedule.misfireGrace()));
      }

      @Override
      public void remind(RequestId id, Duration before) {
        RequestLogs.run(id, () -> helmgate.requests().remind(id, before));
      }

      @Override
      public void resume(RequestId id) {
        RequestLogs.run(id, () -> helmgate.requests().resume(id));
      }
    };
  }

  @Bean
  Lifecycle lifecycle(Helmgate helmgate) {
    return new Lifecycle(helmgate);
  }

  /** Start-up recovery and periodic expiry. */
  static class Lifecycle {
    private final Helmgate helmgate;

    Lifecycle(Helmgate helmgate) {
      this.helmgate = helmgate;
    }

    @EventListener(ApplicationReadyEvent.class)
    void resume() {
      helmgate.requests().resumeInterrupted();
    }

    /**
     * Resumes requests whose executor stopped while this process lives on: another replica that
     * died, or work here that a fault ended (the database went away mid-execution).
     */
    @Scheduled(
        fixedDelayString = "${helmgate.resume-check-interval:60s}",
        initialDelayString = "${helmgate.resume-check-interval:60s}")
    void resumeAbandoned() {
      try {
        helmgate.requests().resumeAbandoned();
      } catch (RuntimeException e) {
        log.warn("looking for abandoned requests failed: {}", e.getMessage());
      }
    }

    @Scheduled(
        fixedDelayString = "${helmgate.expiry-check-interval:60s}",
        initialDelayString = "60s")
    void expire() {
      try {
        int n = helmgate.requests().expireDue();
        if (n > 0) {
          log.info(
              "{} request(s) expired: unapproved in time, or scheduled and not run within"
                  + " helmgate.schedule.horizon",
              n);
        }
      } catch (RuntimeException e) {
        log.warn("expiry check failed: {}", e.getMessage());
      }
    }
  }
}
