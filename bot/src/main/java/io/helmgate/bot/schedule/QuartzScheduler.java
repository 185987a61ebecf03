package io.helmgate.bot.schedule;

import io.helmgate.domain.HelmgateException;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@link Scheduler} port over Quartz's clustered JDBC job store. Each scheduled request is one
 * job, {@code request-R-42}, with a one-shot fire trigger and one trigger per reminder.
 *
 * <p>Every call runs in one database transaction: replacing a schedule (delete, then store) is
 * atomic, and Quartz's row lock on {@code QRTZ_LOCKS} is held until the commit, so that a scheduler
 * thread acquiring triggers (within that lock) sees the new trigger as soon as it exists.
 */
final class QuartzScheduler implements Scheduler {

  static final String JOB_GROUP = "helmgate-requests";
  static final String FIRE_GROUP = "helmgate-fire";
  static final String REMINDER_GROUP = "helmgate-reminders";
  static final String RESUME_GROUP = "helmgate-resume";
  private static final String PREFIX = "request-";

  private final org.quartz.Scheduler quartz;
  private final TransactionOperations transactions;
  private final List<Duration> reminders;
  private final Clock clock;

  QuartzScheduler(
      org.quartz.Scheduler quartz,
      TransactionOperations transactions,
      List<Duration> reminders,
      Clock clock) {
    this.quartz = quartz;
    this.transactions = transactions;
    this.reminders = List.copyOf(reminders);
    this.clock = clock;
  }

  @Override
  public void schedule(RequestId id, Instant at) {
    JobDetail job =
        JobBuilder.newJob(RequestJob.class)
            .withIdentity(jobKey(id))
            .withDescription("scheduled run of " + id)
            .storeDurably()
            .requestRecovery()
            .usingJobData(RequestJob.REQUEST_ID, id.toString())
            .usingJobData(RequestJob.SCHEDULED_FOR, at.toString())
            .build();
    Set<Trigger> triggers = new LinkedHashSet<>();
    triggers.add(fireTrigger(id, at));
    Instant now = clock.instant();
    for (Duration before : reminders) {
      Instant remindAt = at.minus(before);
      if (remindAt.isAfter(now)) {
        triggers.add(reminderTrigger(id, before, remindAt));
      }
    }
    inTransaction(
        "schedule " + id + " for " + at,
        () -> {
          // Replacing in place would keep old reminders whose time has now passed.
          quartz.deleteJob(job.getKey());
          quartz.scheduleJob(job, triggers, false);
          return null;
        });
  }

  @Override
  public void resume(RequestId id, Instant at) {
    JobKey key = JobKey.jobKey(PREFIX + id, RESUME_GROUP);
    JobDetail job =
        JobBuilder.newJob(ResumeJob.class)
            .withIdentity(key)
            .withDescription("resume the execution of " + id)
            .requestRecovery()
            .usingJobData(RequestJob.REQUEST_ID, id.toString())
            .build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            // A name of its own, so that it is never mistaken for the fired trigger of the resume
            // that scheduled it (which is completing while this one is stored).
            .withIdentity(PREFIX + id + "@" + at.toEpochMilli(), RESUME_GROUP)
            .forJob(key)
            .startAt(Date.from(at))
            // Late (Helmgate was down): run now; the step looks at the world as it is.
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    inTransaction(
        "resume " + id + " at " + at,
        () -> {
          quartz.deleteJob(key);
          quartz.scheduleJob(job, trigger);
          return null;
        });
  }

  @Override
  public void cancel(RequestId id) {
    inTransaction(
        "cancel the schedule of " + id,
        () -> {
          quartz.deleteJob(JobKey.jobKey(PREFIX + id, RESUME_GROUP));
          return quartz.deleteJob(jobKey(id));
        });
  }

  @Override
  public List<RequestId> pending() {
    return inTransaction(
        "list the scheduled requests",
        () -> {
          List<Pending> found = new ArrayList<>();
          for (TriggerKey key :
              quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(FIRE_GROUP))) {
            Trigger trigger = stillThere(key);
            if (trigger == null || trigger.getNextFireTime() == null) {
              continue;
            }
            requestOf(trigger.getJobKey())
                .ifPresent(id -> found.add(new Pending(id, trigger.getNextFireTime())));
          }
          return found.stream()
              .sorted(Comparator.comparing(Pending::next).thenComparingLong(p -> p.id().number()))
              .map(Pending::id)
              .toList();
        });
  }

  /**
   * The trigger, or null once it is gone. Quartz reads a trigger in two queries; a run that
   * finishes, or a cancel, between them makes the second find nothing, which is not a failure.
   */
  private Trigger stillThere(TriggerKey key) throws SchedulerException {
    try {
      return quartz.getTrigger(key);
    } catch (JobPersistenceException e) {
      if (quartz.checkExists(key)) {
        throw e;
      }
      return null;
    }
  }

  static JobKey jobKey(RequestId id) {
    return JobKey.jobKey(PREFIX + id, JOB_GROUP);
  }

  static Optional<RequestId> requestOf(JobKey key) {
    return JOB_GROUP.equals(key.getGroup()) && key.getName().startsWith(PREFIX)
        ? RequestId.parse(key.getName().substring(PREFIX.length()))
        : Optional.empty();
  }

  private static Trigger fireTrigger(RequestId id, Instant at) {
    return TriggerBuilder.newTrigger()
        .withIdentity(PREFIX + id, FIRE_GROUP)
        .forJob(jobKey(id))
        .withDescription("run " + id)
        .usingJobData(RequestJob.KIND, RequestJob.FIRE)
        .startAt(Date.from(at))
        // A one-shot trigger with one of the "next" misfire instructions is completed without
        // running. Fire now instead: the domain is given the original time and decides whether
        // that is still within grace.
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
  }

  private static Trigger reminderTrigger(RequestId id, Duration before, Instant at) {
    return TriggerBuilder.newTrigger()
        .withIdentity(PREFIX + id + "-" + before, REMINDER_GROUP)
        .forJob(jobKey(id))
        .withDescription("remind of " + id + " " + before + " ahead")
        .usingJobData(RequestJob.KIND, RequestJob.REMIND)
        .usingJobData(RequestJob.BEFORE, before.toString())
        .startAt(Date.from(at))
        // A reminder that missed its time (Helmgate was down) is dropped: "starts in 60 minutes"
        // said 40 minutes late would be wrong, and a later reminder or the run itself still comes.
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }

  private <T> T inTransaction(String what, QuartzCall<T> call) {
    try {
      return transactions.execute(
          status -> {
            try {
              return call.run();
            } catch (SchedulerException e) {
              throw new QuartzFailure(e);
            }
          });
    } catch (QuartzFailure e) {
      throw failed(what, e.getCause());
    } catch (TransactionException | DataAccessException e) {
      throw failed(what, e);
    }
  }

  private static HelmgateException failed(String what, Throwable cause) {
    return new HelmgateException(
        "Could not "
            + what
            + ": the schedule store (Quartz's tables in the database) failed: "
            + cause.getMessage(),
        cause);
  }

  private record Pending(RequestId id, Date next) {}

  @FunctionalInterface
  private interface QuartzCall<T> {
    T run() throws SchedulerException;
  }

  /** Carries a checked Quartz failure out of the transaction callback, which rolls back. */
  private static final class QuartzFailure extends RuntimeException {
    QuartzFailure(SchedulerException cause) {
      super(cause);
    }
  }
}
