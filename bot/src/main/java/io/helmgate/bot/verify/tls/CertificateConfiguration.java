package io.helmgate.bot.verify.tls;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.domain.port.CertificateInspector;
import io.helmgate.domain.port.CertificateRecords;
import io.helmgate.domain.port.ChannelNotifier;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.service.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.TimeZone;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily TLS certificate check: the JDK-socket inspector, the domain service, and its Quartz job
 * in the clustered job store (so that one replica runs it), registered at start-up when {@code
 * helmgate.certificates.cron} is set and removed when it is not.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CertificateProperties.class)
public class CertificateConfiguration {

  static final JobKey JOB = JobKey.jobKey("certificate-check", "helmgate-certificates");

  @Bean
  CertificateInspector certificateInspector(CertificateProperties properties) {
    return new TlsCertificateInspector(
        trustedRoots(properties), properties.timeout(), InetAddress::getByName);
  }

  @Bean
  Certificates certificates(
      ValuesRepository values,
      CertificateInspector certificateInspector,
      CertificateRecords certificateRecords,
      ChannelNotifier channelNotifier,
      Clock clock,
      CertificateProperties properties) {
    return new Certificates(
        values,
        certificateInspector,
        certificateRecords,
        channelNotifier,
        clock,
        properties.toSettings());
  }

  @Bean
  CertificateSchedule certificateSchedule(
      org.quartz.Scheduler quartz,
      PlatformTransactionManager transactions,
      CertificateProperties properties) {
    return new CertificateSchedule(quartz, new TransactionTemplate(transactions), properties);
  }

  /** Registers (or removes) the daily job once the application is ready. */
  static final class CertificateSchedule {
    private static final Logger log = LoggerFactory.getLogger(CertificateSchedule.class);

    private final org.quartz.Scheduler quartz;
    private final TransactionOperations transactions;
    private final CertificateProperties properties;

    CertificateSchedule(
        org.quartz.Scheduler quartz,
        TransactionOperations transactions,
        CertificateProperties properties) {
      this.quartz = quartz;
      this.transactions = transactions;
      this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
      transactions.executeWithoutResult(
          status -> {
            try {
              apply();
            } catch (SchedulerException e) {
              throw new IllegalStateException(
                  "cannot register the certificate check: " + e.getMessage(), e);
            }
          });
    }

    /** Every replica does this at start-up; replacing the job makes that harmless. */
    void apply() throws SchedulerException {
      if (!properties.active()) {
        if (quartz.deleteJob(JOB)) {
          log.info("Certificate check removed (helmgate.certificates.cron unset or disabled)");
        }
        return;
      }
      JobDetail job =
          JobBuilder.newJob(CertificateCheckJob.class)
              .withIdentity(JOB)
              .withDescription("daily TLS certificate check")
              .storeDurably()
              .build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(JOB.getName(), JOB.getGroup())
              .forJob(JOB)
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(properties.cron())
                      .inTimeZone(TimeZone.getTimeZone(properties.timeZone()))
                      // A check missed while every replica was down is done once, at once.
                      .withMisfireHandlingInstructionFireAndProceed())
              .build();
      quartz.scheduleJob(job, java.util.Set.of(trigger), true);
      log.info("Certificate check scheduled: '{}' ({})", properties.cron(), properties.timeZone());
    }
  }

  static List<X509Certificate> trustedRoots(CertificateProperties properties) {
    try {
      KeyStore store = null;
      if (properties.trustStore() != null) {
        store = KeyStore.getInstance("PKCS12");
        char[] password =
            properties.trustStorePassword() == null
                ? null
                : properties.trustStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(properties.trustStore()))) {
          store.load(in, password);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return List.of(x509.getAcceptedIssuers());
        }
      }
      return List.of();
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidConfigurationException(
          "helmgate.certificates.trust-store",
          "a PKCS12 trust store readable with helmgate.certificates.trust-store-password ("
              + e.getMessage()
              + ")");
    }
  }
}
