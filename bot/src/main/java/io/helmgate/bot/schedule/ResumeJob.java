package io.helmgate.bot.schedule;

import io.helmgate.domain.RequestId;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Runs an executing request's current step again when its retry falls due (a sync being watched, a
 * fault being retried). The job is not durable: it goes with its one trigger, and the domain stores
 * where the execution is, so a lost or repeated resume costs one more look, never a second commit.
 *
 * <p>Quartz stores this class by name: renaming or moving it strands resumes already stored.
 */
@DisallowConcurrentExecution
class ResumeJob implements Job {

  private static final Logger log = LoggerFactory.getLogger(ResumeJob.class);

  private ScheduledWork work;

  @Autowired
  void setWork(ScheduledWork work) {
    this.work = work;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    RequestId id =
        RequestId.parse(context.getMergedJobDataMap().getString(RequestJob.REQUEST_ID))
            .orElseThrow(
                () ->
                    new JobExecutionException(
                        "job " + context.getJobDetail().getKey() + " carries no request id"));
    try {
      work.resume(id);
    } catch (RuntimeException e) {
      log.error("Resuming {} failed: {}", id, e.getMessage(), e);
      throw new JobExecutionException(e, false);
    }
  }
}
