package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.ApiException;
import io.helmgate.bot.argocd.client.model.RuntimeError;
import io.helmgate.bot.logging.RemoteText;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeployerException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs one call to ArgoCD's API and turns its failures into {@link DeployerException}s a person can
 * act on, retrying what retrying can fix: "another operation is in progress" after a fixed delay,
 * 5xx answers, I/O errors and timeouts with exponential backoff and jitter. Every message the
 * adapter puts in a {@link DeployerException} is built in this class.
 */
final class ArgoCdCalls {

  private static final Logger log = LoggerFactory.getLogger(ArgoCdCalls.class);

  /** ArgoCD wraps this text (util/argo/argo.go ErrAnotherOperationInProgress), so match a part. */
  private static final String ANOTHER_OPERATION = "another operation is already in progress";

  /**
   * Argo CD refuses a named revision for an auto-synced app: "Cannot sync to X: auto-sync currently
   * set to Y", or "Cannot sync source R to X: …" for multi-source apps (application.go
   * resolveSourceRevisions).
   */
  private static final String AUTO_SYNC_REFUSAL = ": auto-sync currently set to ";

  /**
   * Texts of faults in reaching the repo server ("error getting repo server client", gRPC "code =
   * Unavailable" with "transport: Error while dialing …") or the git host ("failed to list refs: …
   * dial tcp …: connect: connection refused"), as they appear inside a FailedPrecondition.
   */
  private static final List<String> UNREACHABLE =
      List.of(
          "code = unavailable",
          "code = deadlineexceeded",
          "error getting repo server client",
          "failed to open a new connection to repo server",
          "connection refused",
          "connection reset",
          "i/o timeout",
          "no such host",
          "server misbehaving",
          "temporary failure in name resolution",
          "tls handshake timeout",
          "context deadline exceeded",
          "unexpected eof");

  /** {@code permission denied: <resource>, <action>, <object>[, sub: <subject>][, iat: …]}. */
  private static final Pattern ENFORCER_DENIAL =
      Pattern.compile(
          "(?i)permission denied: ([^,]+), ([^,]+), ([^,]+?)(?:, sub: ([^,]+?))?(?:, iat: .*)?");

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
   * @param address the ArgoCD application
   * @param rbacAction the RBAC action the call needs, e.g. {@code applications, sync}
   * @param doing what Helmgate was doing, e.g. "sync"
   */
  record Context(ArgoCdAddress address, String rbacAction, String doing) {

    /** The application as people see it: its name (with its namespace, if it has its own). */
    String application() {
      return address.display();
    }
  }

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

  /** The exception a failed call stands for, classified as {@link #once} would throw it. */
  DeployerException fault(Context context, ApiException e) {
    return failure(context, e).exception();
  }

  /** Argo CD's own message in a failed call's answer, or the start of the body, or "". */
  String argoMessage(ApiException e) {
    return e.getCode() == 0 ? "" : message(parse(e.getResponseBody()), e.getResponseBody());
  }

  // --- messages of the execution pipeline's calls, built here with the others ----------------

  /** Another operation held the app, but it ended before Helmgate could read whose it was. */
  DeployerException busyButGone(Context context, DeployerException busy) {
    return new DeployerException(
        Kind.BUSY,
        "another operation was running on ArgoCD application `"
            + context.application()
            + "` when Helmgate asked for the sync, and it ended before Helmgate could read it;"
            + " ask again",
        busy);
  }

  /** Our operation is requested, but Argo CD cannot terminate an operation it has not started. */
  DeployerException notStartedYet(Context context) {
    return new DeployerException(
        Kind.BUSY,
        "the sync Helmgate requested on ArgoCD application `"
            + context.application()
            + "` has not been started by Argo CD's application controller yet, and Argo CD"
            + " terminates only running operations; try again in a moment");
  }

  /** The order names a revision, but the app has no git values source to name it for. */
  DeployerException noValuesSource(Context context, String revision) {
    return new DeployerException(
        Kind.REJECTED,
        "ArgoCD application `"
            + context.application()
            + "` has no git source of its values (a single git source, or a `ref` source its Helm"
            + " valueFiles use as $ref/...), so Argo CD cannot be asked to sync revision "
            + revision
            + "; sync it without a revision");
  }

  /** The sync window that blocks a sync could not be read back: the refusal says enough. */
  String blockedWindowUnknown(Context context) {
    return "a sync window of project `"
        + context.address().project()
        + "` blocks manual syncs of `"
        + context.application()
        + "` now";
  }

  private Failure failure(Context context, ApiException e) {
    int status = e.getCode();
    if (status == 0) {
      return withoutAnswer(context, e);
    }
    RuntimeError error = parse(e.getResponseBody());
    String said = message(error, e.getResponseBody());
    // Whatever the body holds (a proxy's page, a token, a mention, line breaks) reaches Slack and
    // the log only as this summary; the raw text only decides which failure it is.
    String argoMessage = RemoteText.summary(said);
    int grpcCode = error == null || error.getCode() == null ? -1 : error.getCode();
    String lower = said.toLowerCase(Locale.ROOT);
    ArgoCdAddress address = context.address();
    String app = "`" + context.application() + "`";
    String project = "`" + address.project() + "`";
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
        if (lower.contains(AUTO_SYNC_REFUSAL)) {
          return Failure.of(
              Kind.REJECTED,
              "ArgoCD application "
                  + app
                  + " is auto-synced (spec.syncPolicy.automated), and Argo CD syncs an auto-synced"
                  + " application only to its target revision, never to a named one: "
                  + argoMessage
                  + ". Sync it without a revision, or turn auto-sync off",
              e);
        }
        if (grpcCode == GRPC_FAILED_PRECONDITION && isUnreachable(lower)) {
          // Revision resolution wraps repo-server and git-host faults as FailedPrecondition
          // (server/application/application.go resolveSourceRevisions): only the text says so.
          return Failure.retryable(
              "ArgoCD could not resolve the revision for the "
                  + context.doing()
                  + " of "
                  + app
                  + ": its repo server or the git host did not answer ("
                  + argoMessage
                  + ")",
              e);
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
        return Failure.of(Kind.PERMISSION_DENIED, permissionDenied(context, said), e);
      case 404:
        return Failure.of(
            Kind.NOT_FOUND,
            "no ArgoCD application "
                + app
                + " in project "
                + project
                + "; check "
                + address.nameKey()
                + (address.appNamespace().isEmpty() ? "" : " and " + address.namespaceKey())
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

  /**
   * Names the missing permission as the policy line to add. Argo CD's enforcer says which
   * (util/rbac/rbac.go {@code EnforceErr}: "permission denied: applications, sync, payments/app,
   * sub: helmgate, iat: …"); its plain "permission denied" (a denied {@code get}, or an app hidden
   * from the caller) does not, so the call's own action fills in.
   */
  private static String permissionDenied(Context context, String argoMessage) {
    Matcher m = ENFORCER_DENIAL.matcher(argoMessage.strip());
    String resource = "applications";
    String action = context.rbacAction().replaceFirst("^applications, ", "");
    String object = context.address().rbacObject();
    String subject = "<Helmgate's subject>";
    if (m.matches()) {
      resource = RemoteText.summary(m.group(1), 60);
      action = RemoteText.summary(m.group(2), 60);
      object = RemoteText.summary(m.group(3), 120);
      if (m.group(4) != null) {
        subject = RemoteText.summary(m.group(4), 60);
      }
    }
    return "ArgoCD denied Helmgate's account `"
        + resource
        + ", "
        + action
        + "` on `"
        + context.application()
        + "` in project `"
        + context.address().project()
        + "`; add the RBAC policy line `p, "
        + subject
        + ", "
        + resource
        + ", "
        + action
        + ", "
        + object
        + ", allow`";
  }

  /** A FailedPrecondition text that says a server or git host could not be reached. */
  private static boolean isUnreachable(String lowerMessage) {
    for (String marker : UNREACHABLE) {
      if (lowerMessage.contains(marker)) {
        return true;
      }
    }
    return false;
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

  /** Argo CD's own words as it sent them: for telling failures apart, never for quoting. */
  private static String message(RuntimeError error, String body) {
    if (error != null) {
      String text = error.getMessage() != null ? error.getMessage() : error.getError();
      if (text != null && !text.isBlank()) {
        return text;
      }
    }
    return body == null ? "" : body;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName()
        + (message == null ? "" : ": " + RemoteText.summary(message));
  }
}
