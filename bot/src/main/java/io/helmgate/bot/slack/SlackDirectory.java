package io.helmgate.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.usergroups.UsergroupsListResponse;
import com.slack.api.model.Usergroup;
import io.helmgate.domain.policy.GroupRef;
import io.helmgate.domain.port.Directory;
import io.helmgate.domain.port.DirectoryUnavailableException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in which Slack user group, for the groups the policy names, reported as ids ({@code
 * S0123}) and handles ({@code @ops-team}). One snapshot of all of them comes from a single {@code
 * usergroups.list} call with {@code include_users}, cached for {@code ttl} and refreshed in the
 * background; a request that finds it older than {@code ttl} refreshes it first.
 *
 * <p>At most one refresh runs at a time: everyone who needs one while it runs waits for it and
 * takes its result, so a slow or failing Slack costs one call, not one per person (Slack allows
 * {@code usergroups.list} about 20 times a minute). When Slack answers 429, nothing calls it again
 * before its {@code Retry-After} has passed. Whenever Slack cannot be asked, a snapshot up to
 * {@code maxStale} old is still used; beyond that the directory fails closed. A failed refresh
 * never replaces a snapshot.
 */
class SlackDirectory implements Directory {

  private static final Logger log = LoggerFactory.getLogger(SlackDirectory.class);

  /** How long to hold off after a 429 that does not say (Slack always does; a proxy may not). */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  private final MethodsClient slack;
  private final Set<GroupRef> groupRefs;
  private final Duration ttl;
  private final Duration maxStale;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private final Object lock = new Object();

  /** The refresh in flight, which later callers join instead of starting their own. */
  private CompletableFuture<Snapshot> inFlight; // guarded by lock

  /** No call to Slack before this instant: the end of the last 429's {@code Retry-After}. */
  private Instant notBefore = Instant.MIN; // guarded by lock

  private record Snapshot(Map<String, Set<String>> groupsByUser, Instant takenAt) {}

  /** Slack asked us to wait: not a fault of the call, so it is reported apart. */
  static final class RateLimited extends IllegalStateException {
    RateLimited(Instant until) {
      super("Slack is rate-limiting user group lookups until " + until);
    }
  }

  SlackDirectory(
      MethodsClient slack, Set<String> groupRefs, Duration ttl, Duration maxStale, Clock clock) {
    this.slack = slack;
    this.groupRefs = parse(groupRefs);
    this.ttl = ttl;
    this.maxStale = maxStale;
    this.clock = clock;
  }

  /** Refreshes every {@code ttl} on the given executor, so that requests rarely wait for Slack. */
  void refreshEvery(ScheduledExecutorService executor) {
    long millis = Math.max(1000, ttl.toMillis());
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            refresh();
          } catch (RuntimeException e) {
            // The snapshot stays as it was; requests judge its age and fail closed past maxStale.
            log.warn("user group refresh failed: {}", e.getMessage());
          }
        },
        0,
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public Set<String> groupsOf(String userId) {
    return current().groupsByUser().getOrDefault(userId, Set.of());
  }

  @Override
  public Map<String, Set<String>> allMemberships() {
    return current().groupsByUser();
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    Instant now = clock.instant();
    if (fresh(s, now)) {
      return s;
    }
    try {
      return refresh();
    } catch (RuntimeException e) {
      if (s != null && s.takenAt().plus(maxStale).isAfter(now)) {
        log.warn(
            "using user groups from {} because Slack did not answer: {}",
            s.takenAt(),
            e.getMessage());
        return s;
      }
      throw new DirectoryUnavailableException(
          "I cannot check your Slack user groups right now ("
              + e.getMessage()
              + "), so I cannot let anything change. Try again in a minute.",
          e);
    }
  }

  private boolean fresh(Snapshot s, Instant now) {
    return s != null && s.takenAt().plus(ttl).isAfter(now);
  }

  /**
   * A fresh snapshot: the one just taken by someone else, the result of the refresh in flight, or a
   * new one taken here. Throws when Slack could not be asked or asked us to wait.
   */
  Snapshot refresh() {
    CompletableFuture<Snapshot> leading = new CompletableFuture<>();
    CompletableFuture<Snapshot> running;
    synchronized (lock) {
      Instant now = clock.instant();
      Snapshot s = snapshot;
      running = inFlight;
      if (running == null) {
        if (fresh(s, now)) {
          return s; // a refresh finished while this caller was on its way here
        }
        if (now.isBefore(notBefore)) {
          throw new RateLimited(notBefore);
        }
        inFlight = leading;
      } else if (s != null && s.takenAt().plus(maxStale).isAfter(now)) {
        return s; // good enough while the refresh in flight finishes; no need to wait for it
      }
    }
    if (running != null) {
      try {
        return running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      Snapshot next = fetch();
      snapshot = next;
      leading.complete(next);
      return next;
    } catch (RuntimeException e) {
      leading.completeExceptionally(e);
      throw e;
    } finally {
      if (!leading.isDone()) {
        leading.completeExceptionally(new IllegalStateException("user group refresh aborted"));
      }
      synchronized (lock) {
        inFlight = null;
      }
    }
  }

  private Snapshot fetch() {
    UsergroupsListResponse list;
    try {
      list = slack.usergroupsList(r -> r.includeUsers(true).includeDisabled(false));
    } catch (IOException e) {
      throw new IllegalStateException("Slack unreachable", e);
    } catch (SlackApiException e) {
      if (e.getResponse().code() == 429) {
        Instant until = clock.instant().plus(retryAfter(e.getResponse().header("Retry-After")));
        synchronized (lock) {
          if (until.isAfter(notBefore)) {
            notBefore = until;
          }
        }
        throw new RateLimited(until);
      }
      throw new IllegalStateException("Slack answered HTTP " + e.getResponse().code(), e);
    }
    requireOk(list.isOk(), list.getError(), "usergroups.list");
    if (list.getUsergroups() == null) {
      throw new IllegalStateException("usergroups.list answered without user groups");
    }
    Map<String, Set<String>> byUser = new HashMap<>();
    for (Usergroup group : list.getUsergroups()) {
      Optional<GroupRef> byId =
          Optional.ofNullable(group.getId())
              .flatMap(id -> GroupRef.read(id.strip()))
              .filter(GroupRef.Id.class::isInstance);
      Optional<GroupRef> byHandle =
          Optional.ofNullable(group.getHandle())
              .filter(h -> !h.isBlank())
              .flatMap(h -> GroupRef.read("@" + h.strip()));
      if (byId.map(i -> !groupRefs.contains(i)).orElse(true)
          && byHandle.map(h -> !groupRefs.contains(h)).orElse(true)) {
        continue;
      }
      if (group.getUsers() == null) {
        // Without its members the group would look empty and its people would lose their roles.
        throw new IllegalStateException(
            "usergroups.list answered without the members of " + group.getId());
      }
      for (String user : group.getUsers()) {
        Set<String> refs = byUser.computeIfAbsent(user, u -> new HashSet<>());
        byId.ifPresent(i -> refs.add(i.text()));
        byHandle.ifPresent(h -> refs.add(h.text()));
      }
    }
    Map<String, Set<String>> frozen = new HashMap<>();
    byUser.forEach((user, refs) -> frozen.put(user, Set.copyOf(refs)));
    return new Snapshot(Map.copyOf(frozen), clock.instant());
  }

  /** Slack's {@code Retry-After} is whole seconds. */
  static Duration retryAfter(String header) {
    if (header != null) {
      try {
        long seconds = Long.parseLong(header.strip());
        if (seconds >= 0) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException notSeconds) {
        // An HTTP date or garbage: the default below is as good a guess.
      }
    }
    return DEFAULT_RETRY_AFTER;
  }

  private static void requireOk(boolean ok, String error, String method) {
    if (!ok) {
      String hint =
          "missing_scope".equals(error) ? " (the app needs the usergroups:read scope)" : "";
      throw new IllegalStateException(method + " failed: " + error + hint);
    }
  }

  private static Set<GroupRef> parse(Set<String> refs) {
    Set<GroupRef> out = new HashSet<>();
    for (String ref : refs) {
      try {
        out.add(GroupRef.parse(ref));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("helmgate.policy.roles: " + e.getMessage(), e);
      }
    }
    return Set.copyOf(out);
  }
}
