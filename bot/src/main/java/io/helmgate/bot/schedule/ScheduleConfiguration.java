package io.helmgate.bot.schedule;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.domain.port.Scheduler;
import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.quartz.autoconfigure.JobStoreType;
import org.springframework.boot.quartz.autoconfigure.QuartzDataSource;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the {@link Scheduler} port onto Spring Boot's auto-configured Quartz scheduler ({@code
 * spring.quartz.*}) and picks Quartz's SQL dialect from the database. The application provides a
 * {@link ScheduledWork} bean that the jobs call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScheduleProperties.class)
public class ScheduleConfiguration {

  static final String DELEGATE = "org.quartz.jobStore.driverDelegateClass";
  static final String POSTGRES_DELEGATE = "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";
  static final String STANDARD_DELEGATE = "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";

  @Bean
  Scheduler requestScheduler(
      org.quartz.Scheduler quartz,
      QuartzProperties quartzProperties,
      PlatformTransactionManager transactions,
      ScheduleProperties properties,
      Clock clock) {
    if (quartzProperties.getJobStoreType() != JobStoreType.JDBC) {
      throw new InvalidConfigurationException(
          "spring.quartz.job-store-type",
          "expected jdbc: scheduled requests must survive restarts and run once across replicas,"
              + " got "
              + quartzProperties.getJobStoreType().name().toLowerCase(Locale.ROOT));
    }
    return new QuartzScheduler(
        quartz, new TransactionTemplate(transactions), properties.reminders(), clock);
  }

  /**
   * Sets {@code org.quartz.jobStore.driverDelegateClass} from the database unless it is configured:
   * PostgreSQL keeps job data in BYTEA, which only its own delegate reads; H2 works with the
   * standard one.
   */
  @Bean
  SchedulerFactoryBeanCustomizer quartzDriverDelegateForDatabase(
      QuartzProperties quartzProperties,
      DataSource dataSource,
      @QuartzDataSource ObjectProvider<DataSource> quartzDataSource) {
    return factory -> {
      if (quartzProperties.getJobStoreType() != JobStoreType.JDBC
          || quartzProperties.getProperties().containsKey(DELEGATE)) {
        return;
      }
      Properties merged = new Properties();
      merged.putAll(quartzProperties.getProperties());
      merged.setProperty(
          DELEGATE, delegateFor(productName(quartzDataSource.getIfAvailable(() -> dataSource))));
      factory.setQuartzProperties(merged);
    };
  }

  static String delegateFor(String databaseProductName) {
    return "PostgreSQL".equalsIgnoreCase(databaseProductName)
        ? POSTGRES_DELEGATE
        : STANDARD_DELEGATE;
  }

  private static String productName(DataSource dataSource) {
    try {
      return JdbcUtils.extractDatabaseMetaData(
          dataSource, DatabaseMetaData::getDatabaseProductName);
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException(
          "cannot reach the database to choose Quartz's SQL dialect: " + e.getMessage(), e);
    }
  }
}
