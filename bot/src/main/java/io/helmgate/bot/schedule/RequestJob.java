package io.helmgate.bot.schedule;

import io.helmgate.domain.RequestId;
import java.time.Duration;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Quartz job of one scheduled request: its reminder triggers and its fire trigger end here and
 * are handed to {@link ScheduledWork}.
 *
 * <p>Quartz stores this class by name in {@code QRTZ_JOB_DETAILS}: renaming or moving it strands
 * every request already scheduled. Concurrent execution is disallowed so that a reminder and the
 * run of the same request never overlap.
 */
@DisallowConcurrentExecution
class RequestJob implements Job {

  /** Job data: the request id as typed, {@code R-42}. */
  static final String REQUEST_ID = "requestId";

  /** Job data: the instant the request was scheduled for, ISO-8601. */
  static final String SCHEDULED_FOR = "scheduledFor";

  /** Trigger data: {@link #FIRE} or {@link #REMIND}. Survives crash recovery, unlike the group. */
  static final String KIND = "kind";

  /** Trigger data of a reminder: how long before the run it is sent, ISO-8601. */
  static final String BEFORE = "before";

  static final String FIRE = "fire";
  static final String REMIND = "remind";

  private static final Logger log = LoggerFactory.getLogger(RequestJob.class);

  private ScheduledWork work;

  /**
   * Boot's job factory builds a new job per execution and injects only {@code @Autowired} members;
   * a constructor parameter would not be resolved.
   */
  @Autowired
  void setWork(ScheduledWork work) {
    this.work = work;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    RequestId id =
        RequestId.parse(data.getString(REQUEST_ID))
            .orElseThrow(
                () ->
                    new JobExecutionException(
                        "job " + context.getJobDetail().getKey() + " carries no request id"));
    String kind = data.getString(KIND);
    try {
      if (REMIND.equals(kind)) {
        work.remind(id, Duration.parse(data.getString(BEFORE)));
        return;
      }
      Instant scheduledFor = Instant.parse(data.getString(SCHEDULED_FOR));
      if (context.isRecovering()) {
        log.warn(
            "Running {} (scheduled for {}) again: the replica that was running it stopped",
            id,
            scheduledFor);
      }
      try {
        work.fire(id, scheduledFor);
      } finally {
        forget(context);
      }
    } catch (RuntimeException e) {
      log.error("Scheduled {} of {} failed: {}", kind, id, e.getMessage(), e);
      // Never re-fire: the domain may have done part of the work, and a second run is its call.
      throw new JobExecutionException(e, false);
    }
  }

  /**
   * Removes the request's job once it has run, unless it was scheduled again meanwhile (then a
   * trigger with a future fire time exists). Without this, every request ever scheduled would keep
   * a row, plus the rows of reminders that were dropped as late.
   */
  private static void forget(JobExecutionContext context) {
    JobKey key = context.getJobDetail().getKey();
    try {
      if (context.getScheduler().isShutdown()) {
        return; // a stopped replica leaves its work to the one that recovers it
      }
      boolean stillToCome =
          context.getScheduler().getTriggersOfJob(key).stream()
              .map(Trigger::getNextFireTime)
              .anyMatch(next -> next != null);
      if (!stillToCome) {
        context.getScheduler().deleteJob(key);
      }
    } catch (SchedulerException e) {
      log.warn("Could not remove the finished job {}: {}", key, e.getMessage());
    }
  }
}
