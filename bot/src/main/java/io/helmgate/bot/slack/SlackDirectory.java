package io.helmgate.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.usergroups.UsergroupsListResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in which Slack user group, for the groups the policy names. One snapshot of all of them is
 * cached for {@code ttl} and refreshed in the background; a request that finds it older than {@code
 * ttl} refreshes it first. When Slack cannot be asked, a snapshot up to {@code maxStale} old is
 * still used; beyond that the directory fails closed.
 */
class SlackDirectory implements Directory {

  private static final Logger log = LoggerFactory.getLogger(SlackDirectory.class);

  private final MethodsClient slack;
  private final Set<GroupRef> groupRefs;
  private final Duration ttl;
  private final Duration maxStale;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private record Snapshot(Map<String, Set<String>> groupsByUser, Instant takenAt) {}

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
    if (s != null && s.takenAt().plus(ttl).isAfter(now)) {
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

  synchronized Snapshot refresh() {
    try {
      UsergroupsListResponse list = slack.usergroupsList(r -> r.includeDisabled(false));
      requireOk(list.isOk(), list.getError(), "usergroups.list");
      Map<String, Set<String>> byUser = new HashMap<>();
      for (Usergroup group : list.getUsergroups()) {
        String id = group.getId();
        String handle = group.getHandle();
        Optional<GroupRef> byHandle =
            handle == null || handle.isBlank()
                ? Optional.empty()
                : GroupRef.read("@" + handle.strip());
        Optional<GroupRef> byId =
            id == null
                ? Optional.empty()
                : GroupRef.read(id.strip()).filter(GroupRef.Id.class::isInstance);
        if (byId.map(i -> !groupRefs.contains(i)).orElse(true)
            && byHandle.map(h -> !groupRefs.contains(h)).orElse(true)) {
          continue;
        }
        UsergroupsUsersListResponse members = slack.usergroupsUsersList(r -> r.usergroup(id));
        requireOk(members.isOk(), members.getError(), "usergroups.users.list");
        for (String user : members.getUsers()) {
          Set<String> refs = byUser.computeIfAbsent(user, u -> new HashSet<>());
          refs.add(id);
          byHandle.ifPresent(h -> refs.add(h.text()));
        }
      }
      Map<String, Set<String>> frozen = new HashMap<>();
      byUser.forEach((user, refs) -> frozen.put(user, Set.copyOf(refs)));
      Snapshot next = new Snapshot(Map.copyOf(frozen), clock.instant());
      snapshot = next;
      return next;
    } catch (IOException e) {
      throw new IllegalStateException("Slack unreachable", e);
    } catch (SlackApiException e) {
      throw new IllegalStateException("Slack answered HTTP " + e.getResponse().code(), e);
    }
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
    refs.forEach(r -> out.add(GroupRef.parse(r)));
    return Set.copyOf(out);
  }
}
