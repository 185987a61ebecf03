package io.helmgate.bench;

import io.helmgate.bot.schedule.ScheduleConfiguration;
import io.helmgate.bot.schedule.ScheduledWork;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
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
 * Benchmark 4: how late Helmgate's Quartz scheduler adapter starts a scheduled run. The {@link
 * Scheduler} port is started as the bot starts it (Spring Boot's Quartz auto-configuration with the
 * bot's {@code spring.quartz} settings from its {@code application.yml}, and {@link
 * ScheduleConfiguration}) over H2 migrated by the bot's Flyway scripts; {@link ScheduledWork#fire}
 * records the delay between the time a request was scheduled for and the moment it is called. Two
 * phases: {@code --count} runs spread evenly over {@code --spread} seconds, then {@code --count}
 * runs all due at one instant.
 */
public final class SchedulerBench {

  private static final java.util.List<String> NOTES = new java.util.ArrayList<>();
  private static boolean verbose;

  public static void main(String[] argv) throws Exception {
    Logs.quiet();
    Args args = new Args(argv);
    int count = args.integer("count", 100);
    double spread = args.decimal("spread", 10);
    double lead = args.decimal("lead", 5);
    verbose = Boolean.parseBoolean(args.get("verbose", "false"));

    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:mem:schedulerbench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

    Clock clock = Clock.systemUTC();
    ConcurrentHashMap<Long, Long> delayNanos = new ConcurrentHashMap<>();
    CountDownLatch[] done = {new CountDownLatch(count)};
    ScheduledWork work =
        new ScheduledWork() {
          @Override
          public void fire(RequestId id, Instant scheduledFor) {
            Instant now = clock.instant();
            delayNanos.put(id.number(), Duration.between(scheduledFor, now).toNanos());
            done[0].countDown();
          }

          @Override
          public void remind(RequestId id, Duration before) {}

          // The pipeline's step retries; this benchmark schedules none.
          @Override
          public void resume(RequestId id) {}
        };
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(Node.class)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .initializers(
                (GenericApplicationContext c) -> {
                  c.registerBean(DataSource.class, () -> ds);
                  c.registerBean(
                      PlatformTransactionManager.class, () -> new JdbcTransactionManager(ds));
                  c.registerBean(Clock.class, () -> clock);
                  c.registerBean(ScheduledWork.class, () -> work);
                })
            .run(
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.org.flywaydb=ERROR");
    try {
      Scheduler scheduler = context.getBean(Scheduler.class);
      System.out.printf(
          "scheduler: Quartz JDBC job store (clustered, as configured in the bot's application.yml)"
              + " on in-memory H2; %d runs per phase%n",
          count);
      System.out.println();
      System.out.println(
          "#### Scheduler precision: delay from the scheduled time to the start of the run, ms");
      System.out.println();
      System.out.println("| phase | runs | started | p50 | p99 | max | min |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
      Stats spreadStats = phase(scheduler, clock, delayNanos, done, count, 1, lead, spread);
      row(count + " spread over " + Stats.f(spread) + " s", count, spreadStats);
      Stats burstStats = phase(scheduler, clock, delayNanos, done, count, 100_001, lead, 0);
      row(count + " due at the same instant", count, burstStats);
      System.out.println();
      System.out.printf(
          "| check | target | measured |%n| --- | --- | --- |%n"
              + "| p99 delay, runs spread out | ≤ 1,000 ms | %s ms |%n"
              + "| p99 delay, all due at once | - | %s ms |%n",
          Stats.f(spreadStats.ms(99)), Stats.f(burstStats.ms(99)));
      NOTES.forEach(System.out::println);
    } finally {
      context.close();
    }
  }

  private static Stats phase(
      Scheduler scheduler,
      Clock clock,
      ConcurrentHashMap<Long, Long> delays,
      CountDownLatch[] done,
      int count,
      long firstId,
      double lead,
      double spread)
      throws InterruptedException {
    // Storing a schedule is a database transaction; leave time to store them all before the
    // first is due, or the first runs would be late by the time it took to store the rest.
    long probe = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      RequestId warm = new RequestId(firstId + 50_000 + i);
      scheduler.schedule(warm, clock.instant().plus(Duration.ofHours(1)));
      scheduler.cancel(warm);
    }
    double perCallMs = (System.nanoTime() - probe) / 1e6 / 10;
    lead = Math.max(lead, 1.5 * perCallMs * count / 1000);
    delays.clear();
    done[0] = new CountDownLatch(count);
    Instant base = clock.instant().plusMillis((long) (lead * 1000));
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long offset = count == 1 ? 0 : (long) (spread * 1000 * i / count);
      scheduler.schedule(new RequestId(firstId + i), base.plusMillis(offset));
    }
    double scheduling = (System.nanoTime() - t0) / 1e6;
    if (clock.instant().isAfter(base)) {
      NOTES.add(
          String.format(
              "(scheduling took %s ms, longer than the lead of %s s: the first runs were due before"
                  + " they were stored; raise --lead)",
              Stats.f(scheduling), Stats.f(lead)));
    }
    done[0].await((long) (lead + spread + 60), TimeUnit.SECONDS);
    NOTES.add(
        String.format(
            java.util.Locale.ROOT,
            "(%d schedules stored in %s ms, the first due %s s after the start)",
            count,
            Stats.f(scheduling),
            Stats.f(lead)));
    if (verbose) {
      StringBuilder line = new StringBuilder("delays in order of due time, ms:");
      for (int i = 0; i < count; i++) {
        Long d = delays.get(firstId + i);
        line.append(' ').append(d == null ? "-" : Stats.f(d / 1e6));
      }
      NOTES.add(line.toString());
    }
    return new Stats(delays.values().stream().mapToLong(Long::longValue).toArray());
  }

  private static void row(String phase, int runs, Stats s) {
    System.out.printf(
        "| %s | %d | %d | %s | %s | %s | %s |%n",
        phase,
        runs,
        s.count(),
        Stats.f(s.ms(50)),
        Stats.f(s.ms(99)),
        Stats.f(s.maxMs()),
        Stats.f(s.minMs()));
  }

  /** Only what the bot's scheduling needs. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @ImportAutoConfiguration(QuartzAutoConfiguration.class)
  @Import(ScheduleConfiguration.class)
  static class Node {}
}
