package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.ApiException;
import io.helmgate.bot.argocd.client.model.RuntimeError;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeployerException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs one call to ArgoCD's API and turns its failures into {@link DeployerException}s a person can
 * act on, retrying what retrying can fix: "another operation is in progress" after a fixed delay,
 * 5xx answers, I/O errors and timeouts with exponential backoff and jitter.
 */
final class ArgoCdCalls {

  private static final Logger log = LoggerFactory.getLogger(ArgoCdCalls.class);

  /** ArgoCD wraps this text (util/argo/argo.go ErrAnotherOperationInProgress), so match a part. */
  private static final String ANOTHER_OPERATION = "another operation is already in progress";

  private static final int GRPC_FAILED_PRECONDITION = 9;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** One HTTP call of the generated client. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws ApiException;
  }

  /** Waits between retries; tests replace it so that no test sleeps. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * What a call is about, for messages and RBAC hints.
   *
   * @param application the ArgoCD application's name
   * @param rbacAction the RBAC action the call needs, e.g. {@code applications, sync}
   * @param doing what Helmgate was doing, e.g. "sync"
   */
  record Context(String application, String rbacAction, String doing) {}

  private final ArgoCdProperties properties;
  private final ObjectMapper mapper;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  ArgoCdCalls(
      ArgoCdProperties properties, ObjectMapper mapper, Sleeper sleeper, RandomGenerator random) {
    this.properties = properties;
    this.mapper = mapper;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** Runs {@code call} once: no retry, for polls that will be repeated anyway. */
  <T> T once(Context context, Call<T> call) {
    try {
      return call.run();
    } catch (ApiException e) {
      throw failure(context, e).exception();
    }
  }

  /** Runs {@code call}, retrying transient faults; retries "busy" too when {@code retryBusy}. */
  <T> T withRetries(Context context, boolean retryBusy, Call<T> call) {
    int busyAttempts = 0;
    int transientAttempts = 0;
    while (true) {
      Failure failure;
      try {
        return call.run();
      } catch (ApiException e) {
        failure = failure(context, e);
      }
      if (failure.busy() && retryBusy && busyAttempts < properties.busyRetries()) {
        busyAttempts++;
        log.info(
            "ArgoCD application {} is busy with another operation; retry {} of {} in {}",
            context.application(),
            busyAttempts,
            properties.busyRetries(),
            properties.busyRetryDelay());
        pause(properties.busyRetryDelay(), context);
        continue;
      }
      if (failure.busy() && retryBusy) {
        throw new DeployerException(
            Kind.BUSY,
            "another operation is still running on ArgoCD application `"
                + context.application()
                + "` after "
                + busyAttempts
                + " retries "
                + properties.busyRetryDelay().toSeconds()
                + "s apart; wait for it to finish (or terminate it in ArgoCD) and try again",
            failure.exception());
      }
      if (failure.transientFault() && transientAttempts < properties.transientRetries()) {
        Duration delay = backoff(transientAttempts);
        transientAttempts++;
        log.warn(
            "ArgoCD {} of {} failed ({}); retry {} of {} in {} ms",
            context.doing(),
            context.application(),
            failure.exception().getMessage(),
            transientAttempts,
            properties.transientRetries(),
            delay.toMillis());
        pause(delay, context);
        continue;
      }
      if (failure.transientFault() && transientAttempts > 0) {
        throw new DeployerException(
            Kind.UNAVAILABLE,
            failure.exception().getMessage() + " (tried " + (transientAttempts + 1) + " times)",
            failure.exception().getCause());
      }
      throw failure.exception();
    }
  }

  /** The n-th backoff (0-based): the base delay doubled n times, capped, less up to half. */
  Duration backoff(int attempt) {
    long base = properties.transientRetryDelay().toMillis();
    long exponential = base << Math.min(attempt, 20);
    long capped = Math.min(exponential, Math.max(base, MAX_BACKOFF.toMillis()));
    long jitter = capped <= 1 ? 0 : random.nextLong(capped / 2 + 1);
    return Duration.ofMillis(capped - jitter);
  }

  private void pause(Duration delay, Context context) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployerException(
          Kind.UNAVAILABLE,
          "interrupted while waiting to retry the "
              + context.doing()
              + " of "
              + context.application(),
          e);
    }
  }

  /**
   * A classified failure.
   *
   * @param busy another operation is in progress (retry after a fixed delay)
   * @param transientFault a 5xx, I/O error or timeout (retry with backoff)
   */
  private record Failure(DeployerException exception, boolean busy, boolean transientFault) {

    static Failure of(Kind kind, String message, Throwable cause) {
      return new Failure(new DeployerException(kind, message, cause), false, false);
    }

    static Failure retryable(String message, Throwable cause) {
      return new Failure(new DeployerException(Kind.UNAVAILABLE, message, cause), false, true);
    }
  }

  private Failure failure(Context context, ApiException e) {
    int status = e.getCode();
    if (status == 0) {
      return withoutAnswer(context, e);
    }
    RuntimeError error = parse(e.getResponseBody());
    String argoMessage = message(error, e.getResponseBody());
    int grpcCode = error == null || error.getCode() == null ? -1 : error.getCode();
    String lower = argoMessage.toLowerCase(Locale.ROOT);
    String app = "`" + context.application() + "`";
    String project = "`" + properties.project() + "`";
    switch (status) {
      case 400:
        if (grpcCode == GRPC_FAILED_PRECONDITION && lower.contains(ANOTHER_OPERATION)) {
          return new Failure(
              new DeployerException(
                  Kind.BUSY,
                  "another operation is running on ArgoCD application " + app + ": " + argoMessage,
                  e),
              true,
              false);
        }
        return Failure.of(
            Kind.REJECTED,
            "ArgoCD refused the " + context.doing() + " of " + app + ": " + argoMessage,
            e);
      case 401:
        return Failure.of(
            Kind.UNAUTHENTICATED,
            "ArgoCD did not accept Helmgate's token ("
                + argoMessage
                + "); check helmgate.argocd.token: it may have expired or been revoked",
            e);
      case 403:
        if (lower.contains("blocked by sync window")) {
          return Failure.of(
              Kind.SYNC_WINDOW,
              "a sync window of project "
                  + project
                  + " blocks manual syncs of "
                  + app
                  + " now; schedule the sync for when the window is closed",
              e);
        }
        if (lower.contains("sync window")) {
          return Failure.of(Kind.REJECTED, "ArgoCD refused to sync " + app + ": " + argoMessage, e);
        }
        return Failure.of(
            Kind.PERMISSION_DENIED,
            "ArgoCD denied Helmgate's account `"
                + context.rbacAction()
                + "` on "
                + app
                + " in project "
                + project
                + "; grant it the RBAC permission `"
                + context.rbacAction()
                + ", "
                + properties.project()
                + "/"
                + context.application()
                + ", allow`",
            e);
      case 404:
        return Failure.of(
            Kind.NOT_FOUND,
            "no ArgoCD application "
                + app
                + " in project "
                + project
                + "; check helmgate.argocd.app-name-template"
                + (error == null ? " (and helmgate.argocd.url: the answer was not ArgoCD's)" : ""),
            e);
      case 408:
      case 429:
        return Failure.retryable(
            "ArgoCD at " + properties.url() + " answered " + status + ": " + argoMessage, e);
      default:
        if (status >= 500) {
          return Failure.retryable(
              "ArgoCD at "
                  + properties.url()
                  + " is unavailable: it answered "
                  + status
                  + " to the "
                  + context.doing()
                  + " of "
                  + app
                  + ": "
                  + argoMessage,
              e);
        }
        return Failure.of(
            Kind.REJECTED,
            "ArgoCD refused the "
                + context.doing()
                + " of "
                + app
                + " with "
                + status
                + ": "
                + argoMessage,
            e);
    }
  }

  private Failure withoutAnswer(Context context, ApiException e) {
    Throwable cause = e.getCause();
    if (cause instanceof InterruptedException) {
      return Failure.of(
          Kind.UNAVAILABLE,
          "interrupted during the " + context.doing() + " of " + context.application(),
          cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return Failure.retryable(
          "ArgoCD at "
              + properties.url()
              + " did not answer within "
              + properties.requestTimeout().toMillis()
              + " ms (helmgate.argocd.request-timeout)",
          cause);
    }
    if (cause instanceof ConnectException) {
      return Failure.retryable(
          "cannot connect to ArgoCD at " + properties.url() + " (" + describe(cause) + ")", cause);
    }
    if (cause instanceof IOException) {
      return Failure.retryable(
          "lost the connection to ArgoCD at " + properties.url() + " (" + describe(cause) + ")",
          cause);
    }
    // An answer that is not ArgoCD's JSON, e.g. a login page of a proxy in front of it.
    return Failure.of(
        Kind.UNAVAILABLE,
        "ArgoCD at "
            + properties.url()
            + " answered something that is not ArgoCD's JSON ("
            + describe(cause == null ? e : cause)
            + "); check helmgate.argocd.url",
        e);
  }

  private RuntimeError parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      RuntimeError error = mapper.readValue(body, RuntimeError.class);
      return error.getCode() == null && error.getMessage() == null && error.getError() == null
          ? null
          : error;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static String message(RuntimeError error, String body) {
    if (error != null) {
      String text = error.getMessage() != null ? error.getMessage() : error.getError();
      if (text != null && !text.isBlank()) {
        return text;
      }
    }
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
