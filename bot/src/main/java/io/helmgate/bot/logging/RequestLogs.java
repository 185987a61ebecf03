package io.helmgate.bot.logging;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.service.RequestWork;
import org.slf4j.MDC;

/**
 * Puts the request id ({@code requestId}, e.g. {@code R-42}) on every log line written while work
 * for one request runs, whichever thread runs it: the work pool, the sync event thread, a Quartz
 * job or a Slack listener. JSON logs carry MDC entries as fields, so one search finds all of a
 * request's lines.
 */
public final class RequestLogs {

  /** The MDC key, and the JSON log field. */
  public static final String KEY = "requestId";

  private RequestLogs() {}

  /** Runs {@code work} with {@code id} on its log lines, then puts back what was there before. */
  public static void run(RequestId id, Runnable work) {
    String before = MDC.get(KEY);
    MDC.put(KEY, id.toString());
    try {
      work.run();
    } finally {
      restore(before);
    }
  }

  /** Labels the current thread for {@code task} when it is a request's work; see {@link #clear}. */
  public static void label(Runnable task) {
    if (task instanceof RequestWork work) {
      MDC.put(KEY, work.request().toString());
    }
  }

  /** Removes the label {@link #label} set. */
  public static void clear() {
    MDC.remove(KEY);
  }

  private static void restore(String before) {
    if (before == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, before);
    }
  }
}
