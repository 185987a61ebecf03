package io.helmgate.bot.verify.tls;

import io.helmgate.domain.service.Certificates;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Quartz job of the daily certificate check. Quartz stores this class by name in {@code
 * QRTZ_JOB_DETAILS}: renaming or moving it strands the registered job until the next start-up
 * registers it again.
 */
@DisallowConcurrentExecution
class CertificateCheckJob implements Job {

  private static final Logger log = LoggerFactory.getLogger(CertificateCheckJob.class);

  private Certificates certificates;

  /** Boot's job factory injects only {@code @Autowired} members into a job. */
  @Autowired
  void setCertificates(Certificates certificates) {
    this.certificates = certificates;
  }

  @Override
  public void execute(JobExecutionContext context) {
    try {
      Certificates.Run run = certificates.checkAll();
      log.info(
          "Certificate check: {} host(s) checked, {} notice(s) sent, {} failure(s)",
          run.checks().size(),
          run.sent().size(),
          run.failures().size());
      run.failures().forEach(f -> log.warn("Certificate check: {}", f));
    } catch (RuntimeException e) {
      // The next day's run tries again; a thrown exception would only be logged by Quartz.
      log.error("Certificate check failed: {}", e.getMessage(), e);
    }
  }
}
