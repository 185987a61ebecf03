package io.helmgate.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.bot.testsupport.Databases;
import io.helmgate.domain.port.Scheduler;
import java.time.Clock;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.quartz.autoconfigure.JobStoreType;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The wiring onto Boot's Quartz: a JDBC store is required, and the dialect follows the database.
 */
class ScheduleConfigurationTest {

  private final DataSource database = Databases.h2();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class))
          .withUserConfiguration(ScheduleConfiguration.class)
          .withBean(DataSource.class, () -> database)
          .withBean(PlatformTransactionManager.class, () -> new JdbcTransactionManager(database))
          .withBean(Clock.class, Clock::systemUTC)
          .withPropertyValues(
              "spring.quartz.properties.org.quartz.scheduler.instanceName="
                  + QuartzNode.newCluster());

  /** Keeps what the customizer hands to Quartz. */
  static final class CapturingFactory extends SchedulerFactoryBean {
    Properties properties;

    @Override
    public void setQuartzProperties(Properties quartzProperties) {
      this.properties = quartzProperties;
    }
  }

  private static Properties customized(QuartzProperties quartz, DataSource database) {
    CapturingFactory factory = new CapturingFactory();
    new ScheduleConfiguration()
        .quartzDriverDelegateForDatabase(
            quartz, database, new DefaultListableBeanFactory().getBeanProvider(DataSource.class))
        .customize(factory);
    return factory.properties;
  }

  private static QuartzProperties jdbc() {
    QuartzProperties quartz = new QuartzProperties();
    quartz.setJobStoreType(JobStoreType.JDBC);
    quartz.getProperties().put("org.quartz.jobStore.useProperties", "true");
    return quartz;
  }

  @Test
  void onPostgresqlQuartzUsesItsPostgresqlDelegateAndKeepsTheOtherProperties() {
    Properties properties = customized(jdbc(), Databases.emptyPostgres());

    assertThat(properties)
        .containsEntry(ScheduleConfiguration.DELEGATE, ScheduleConfiguration.POSTGRES_DELEGATE)
        .containsEntry("org.quartz.jobStore.useProperties", "true");
  }

  @Test
  void onH2QuartzUsesTheStandardDelegate() {
    assertThat(customized(jdbc(), Databases.h2()))
        .containsEntry(ScheduleConfiguration.DELEGATE, ScheduleConfiguration.STANDARD_DELEGATE);
  }

  @Test
  void aConfiguredDelegateIsLeftAlone() {
    QuartzProperties quartz = jdbc();
    quartz.getProperties().put(ScheduleConfiguration.DELEGATE, "com.example.OwnDelegate");

    assertThat(customized(quartz, Databases.h2())).isNull();
  }

  @Test
  void delegateIsChosenByTheDatabaseProductName() {
    assertThat(ScheduleConfiguration.delegateFor("PostgreSQL"))
        .isEqualTo(ScheduleConfiguration.POSTGRES_DELEGATE);
    assertThat(ScheduleConfiguration.delegateFor("H2"))
        .isEqualTo(ScheduleConfiguration.STANDARD_DELEGATE);
  }

  @Test
  void anInMemoryJobStoreIsRefusedNamingTheKey() {
    runner
        .withPropertyValues("spring.quartz.job-store-type=memory")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith(
                        "spring.quartz.job-store-type: expected jdbc: scheduled requests must"
                            + " survive restarts"));
  }

  @Test
  void withTheJdbcStoreThePortIsTheQuartzScheduler() {
    runner
        .withPropertyValues("spring.quartz.job-store-type=jdbc")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Scheduler.class)).isInstanceOf(QuartzScheduler.class);
              assertThat(context.getBean(Scheduler.class).pending()).isEmpty();
            });
  }
}
