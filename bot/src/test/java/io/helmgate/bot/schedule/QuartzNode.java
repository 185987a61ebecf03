package io.helmgate.bot.schedule;

import io.helmgate.domain.port.Scheduler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.SchedulerException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * One replica's scheduling, started the way the application starts it: Spring Boot's Quartz
 * auto-configuration with the {@code spring.quartz} block of {@code application.yml}, and {@link
 * ScheduleConfiguration}, over a given database. Tests shorten the cluster's timings and name each
 * cluster uniquely: Quartz registers its connection provider JVM-wide under the scheduler name, so
 * clusters of the same name in one JVM would share a database.
 */
final class QuartzNode implements AutoCloseable {

  /** Check-in interval of test clusters; a dead node is noticed after it plus 7.5 s. */
  static final String CHECKIN_MILLIS = "1000";

  /** Misfire threshold of test clusters: a trigger later than this has misfired. */
  static final long MISFIRE_MILLIS = 2000;

  private final ConfigurableApplicationContext context;

  private QuartzNode(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** A new cluster name, shared by the nodes of one test. */
  static String newCluster() {
    return "helmgate-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static QuartzNode start(
      DataSource database,
      String cluster,
      String instanceId,
      ScheduledWork work,
      String... properties) {
    List<String> args = new ArrayList<>();
    args.add("--spring.quartz.properties.org.quartz.scheduler.instanceName=" + cluster);
    args.add("--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instanceId);
    args.add(
        "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=" + CHECKIN_MILLIS);
    args.add("--spring.quartz.properties.org.quartz.jobStore.misfireThreshold=" + MISFIRE_MILLIS);
    for (String property : properties) {
      args.add("--" + property);
    }
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(Node.class)
            .web(WebApplicationType.NONE)
            .registerShutdownHook(false)
            .initializers(
                (GenericApplicationContext c) -> {
                  c.registerBean(DataSource.class, () -> database);
                  c.registerBean(
                      PlatformTransactionManager.class, () -> new JdbcTransactionManager(database));
                  c.registerBean(Clock.class, Clock::systemUTC);
                  c.registerBean(ScheduledWork.class, () -> work);
                })
            .run(args.toArray(String[]::new));
    return new QuartzNode(context);
  }

  /** The port, as the domain sees it. */
  Scheduler scheduler() {
    return context.getBean(Scheduler.class);
  }

  /** Quartz itself, to look at what was stored. */
  org.quartz.Scheduler quartz() {
    return context.getBean(org.quartz.Scheduler.class);
  }

  /**
   * Stops at once without waiting for running jobs and without telling the cluster, as a replica
   * that is killed: its check-ins stop and another node recovers what it was running.
   */
  void crash() throws SchedulerException {
    quartz().shutdown(false);
    context.close();
  }

  /** A graceful stop: running jobs are waited for. */
  @Override
  public void close() {
    context.close();
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @ImportAutoConfiguration(QuartzAutoConfiguration.class)
  @Import(ScheduleConfiguration.class)
  static class Node {}
}
