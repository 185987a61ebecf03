package io.helmgate.domain.service;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.execution.FakeArgoCd;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.ArtifactChecker;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.Directory;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.ExecutionClaims;
import io.helmgate.domain.port.LockStore;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Scheduler;
import io.helmgate.domain.port.SecretChecker;
import io.helmgate.domain.port.SyncOrder;
import io.helmgate.domain.port.SyncStart;
import io.helmgate.domain.port.SyncWindowVerdict;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.UnknownTargetException;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory fakes of the domain's own ports, for tests that drive whole requests. */
final class Fakes {

  private Fakes() {}

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    Instant now;

    TestClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A values repository as a list of commits, each with the full set of files. */
  static final class Values implements ValuesRepository {
    record Commit(
        String id, String parent, Map<String, String> files, String message, Instant at) {}

    final List<Commit> commits = new ArrayList<>();
    final TestClock clock;
    int counter;
    RuntimeException failNextCommit;

    Values(TestClock clock, Map<Target, String> initial) {
      this.clock = clock;
      Map<String, String> files = new TreeMap<>();
      initial.forEach((t, c) -> files.put(t.valuesPath(), c));
      commits.add(new Commit(nextId(), null, files, "initial", clock.instant()));
    }

    private String nextId() {
      return String.format("%040x", ++counter);
    }

    Commit head() {
      return commits.get(commits.size() - 1);
    }

    /** Another writer changes a file behind Helmgate's back. */
    void externalChange(Target target, String content) {
      Map<String, String> files = new TreeMap<>(head().files());
      files.put(target.valuesPath(), content);
      commits.add(new Commit(nextId(), head().id(), files, "manual edit", clock.instant()));
    }

    @Override
    public List<Target> environments() {
      return head().files().keySet().stream()
          .map(p -> p.split("/"))
          .map(p -> new Target(p[0], p[1], p[2]))
          .toList();
    }

    @Override
    public ValuesFile read(Target target) {
      String content = head().files().get(target.valuesPath());
      if (content == null) {
        throw new UnknownTargetException(
            "environment", environments().stream().map(Target::environment).distinct().toList());
      }
      return new ValuesFile(target, content, lastChange(target), head().id());
    }

    String lastChange(Target target) {
      String last = null;
      String previous = null;
      for (Commit c : commits) {
        String content = c.files().get(target.valuesPath());
        if (content != null && !content.equals(previous)) {
          last = c.id();
        }
        previous = content;
      }
      return last;
    }

    @Override
    public Optional<String> readAt(Target target, String commit) {
      return commits.stream()
          .filter(c -> c.id().startsWith(commit))
          .findFirst()
          .map(c -> c.files().get(target.valuesPath()));
    }

    @Override
    public List<ValuesHistoryEntry> history(Target target, int limit) {
      List<ValuesHistoryEntry> out = new ArrayList<>();
      String previous = null;
      for (Commit c : commits) {
        String content = c.files().get(target.valuesPath());
        if (content != null && !content.equals(previous)) {
          out.add(
              new ValuesHistoryEntry(
                  c.id(),
                  Optional.ofNullable(c.parent()),
                  c.at(),
                  "Helmgate",
                  c.message().lines().findFirst().orElse(""),
                  trailers(c.message())));
        }
        previous = content;
      }
      out.sort(
          Comparator.comparing(ValuesHistoryEntry::time)
              .thenComparing(ValuesHistoryEntry::commit)
              .reversed());
      return out.stream().limit(limit).toList();
    }

    private static List<Trailer> trailers(String message) {
      return message
          .lines()
          .filter(l -> l.matches("[A-Za-z-]+: .*"))
          .map(l -> new Trailer(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 2)))
          .toList();
    }

    @Override
    public CommitOutcome commit(ValuesCommit commit) {
      if (failNextCommit != null) {
        RuntimeException e = failNextCommit;
        failNextCommit = null;
        throw e;
      }
      String current = lastChange(commit.target());
      if (!current.equals(commit.expectedBase())) {
        return new CommitOutcome.Stale(current);
      }
      if (head().files().get(commit.target().valuesPath()).equals(commit.newContent())) {
        return new CommitOutcome.Unchanged();
      }
      Map<String, String> files = new TreeMap<>(head().files());
      files.put(commit.target().valuesPath(), commit.newContent());
      Commit c = new Commit(nextId(), head().id(), files, commit.message(), clock.instant());
      commits.add(c);
      return new CommitOutcome.Committed(c.id(), 1);
    }

    /** Pull-request mode's branches, each with its one commit on the head it was made from. */
    final Map<String, Commit> branches = new java.util.LinkedHashMap<>();

    /** Told of each branch pushed (a forge stand-in needs it to open a pull request). */
    java.util.function.BiConsumer<String, String> onBranchPushed = (branch, sha) -> {};

    @Override
    public CommitOutcome commitToBranch(String branch, ValuesCommit commit) {
      Commit existing = branches.get(branch);
      if (existing != null && existing.message().contains("Helmgate-Request: ")) {
        return new CommitOutcome.Committed(existing.id(), 0);
      }
      return pushBranch(branch, commit);
    }

    @Override
    public CommitOutcome rebaseBranch(String branch, String expectedTip, ValuesCommit commit) {
      Commit existing = branches.get(branch);
      if (existing == null || !existing.id().equals(expectedTip)) {
        throw new ValuesRepositoryException(
            "branch " + branch + " is not at " + expectedTip + "; someone pushed to it");
      }
      return pushBranch(branch, commit);
    }

    /** The change as one commit on the head, pushed as {@code branch}; stale and unchanged too. */
    private CommitOutcome pushBranch(String branch, ValuesCommit commit) {
      String current = lastChange(commit.target());
      if (!current.equals(commit.expectedBase())) {
        return new CommitOutcome.Stale(current);
      }
      if (head().files().get(commit.target().valuesPath()).equals(commit.newContent())) {
        return new CommitOutcome.Unchanged();
      }
      Map<String, String> files = new TreeMap<>(head().files());
      files.put(commit.target().valuesPath(), commit.newContent());
      Commit c = new Commit(nextId(), head().id(), files, commit.message(), clock.instant());
      branches.put(branch, c);
      onBranchPushed.accept(branch, c.id());
      return new CommitOutcome.Committed(c.id(), 1);
    }

    /** Another writer commits a file other than the values files: the values branch moves on. */
    void unrelatedChange(String path, String content) {
      Map<String, String> files = new TreeMap<>(head().files());
      files.put(path, content);
      commits.add(new Commit(nextId(), head().id(), files, "unrelated", clock.instant()));
    }

    @Override
    public boolean contains(String descendant, String commit) {
      Map<String, Commit> byId = new java.util.HashMap<>();
      commits.forEach(c -> byId.put(c.id(), c));
      branches.values().forEach(c -> byId.put(c.id(), c));
      for (Commit c = byId.get(descendant); c != null; c = byId.get(c.parent())) {
        if (c.id().equals(commit)) {
          return true;
        }
        if (c.parent() == null) {
          break;
        }
      }
      return false;
    }

    /** The forge merges {@code branch} into the values branch: a merge commit on the head. */
    String mergeBranch(String branch) {
      Commit tip = branches.get(branch);
      Commit c =
          new Commit(nextId(), head().id(), tip.files(), "Merge " + branch + "\n", clock.instant());
      commits.add(c);
      return c.id();
    }
  }

  /**
   * Argo CD for the service's scenarios: {@link FakeArgoCd} (operations that start, run and end,
   * the controller's own comparisons) with no delays by default, so that a sync ends at the first
   * look unless a test says otherwise through {@link #fake}.
   */
  static final class Argo implements Deployer {
    final FakeArgoCd fake;
    boolean configured = true;
    DeployerException failStart;

    Argo() {
      this(Clock.systemUTC());
    }

    Argo(Clock clock) {
      fake =
          new FakeArgoCd(clock)
              .operationsStartAfter(Duration.ZERO)
              .operationsRunFor(Duration.ZERO)
              .reconcileAfter(Duration.ZERO);
    }

    /** The syncs Argo CD took, in order. */
    List<SyncOrder> syncs() {
      return fake.syncRequests();
    }

    @Override
    public boolean isConfigured() {
      return configured;
    }

    @Override
    public DeploymentStatus status(Target target) {
      return new DeploymentStatus(
          target.customer() + "-" + target.product() + "-" + target.environment(),
          "Synced",
          "Healthy",
          List.of("abc"),
          "Succeeded",
          "",
          List.of(),
          true,
          List.of());
    }

    @Override
    public ApplicationFacts facts(Target target) {
      fake.app(target); // every environment has its application
      return fake.facts(target);
    }

    @Override
    public SyncWindowVerdict syncWindow(Target target) {
      fake.app(target); // every environment has its application
      return fake.syncWindow(target);
    }

    @Override
    public SyncStart startSync(Target target, SyncOrder order) {
      if (failStart != null) {
        throw failStart;
      }
      fake.app(target); // every environment has its application
      return fake.startSync(target, order);
    }

    @Override
    public AppObservation observe(Target target) {
      fake.app(target); // every environment has its application
      return fake.observe(target);
    }

    @Override
    public boolean terminate(Target target, RequestId marker) {
      fake.app(target); // every environment has its application
      return fake.terminate(target, marker);
    }
  }

  static final class Secrets implements SecretChecker {
    Preflight answer = new Preflight(Preflight.Status.PASSED, List.of(), "all present");
    final List<List<SecretReference>> checked = new ArrayList<>();

    @Override
    public boolean isConfigured() {
      return true;
    }

    @Override
    public Preflight check(List<SecretReference> references) {
      checked.add(references);
      return answer;
    }
  }

  static final class Groups implements Directory {
    final Map<String, Set<String>> groups = new HashMap<>();
    boolean down;

    @Override
    public Set<String> groupsOf(String userId) {
      if (down) {
        throw new DirectoryUnavailableException("Slack is down", null);
      }
      return groups.getOrDefault(userId, Set.of());
    }

    @Override
    public Map<String, Set<String>> allMemberships() {
      return Map.copyOf(groups);
    }
  }

  static final class Trail implements AuditTrail {
    final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void append(List<AuditEvent> more) {
      events.addAll(more);
    }

    @Override
    public synchronized List<AuditEntry> entries(Query query) {
      List<AuditEntry> out = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        AuditEvent e = events.get(i);
        if (query.requestId().isPresent() && !query.requestId().equals(e.requestId())) {
          continue;
        }
        if (query.targetPrefix().isPresent()
            && e.target()
                .map(t -> !(t.app() + "/" + t.environment()).startsWith(query.targetPrefix().get()))
                .orElse(true)) {
          continue;
        }
        out.add(new AuditEntry(i + 1, e, "", ""));
      }
      return out;
    }

    @Override
    public Verification verify() {
      return new Verification(events.size(), Optional.empty(), "intact");
    }

    List<AuditEvent.Type> typesFor(RequestId id) {
      return events.stream()
          .filter(e -> e.requestId().equals(Optional.of(id)))
          .map(AuditEvent::type)
          .toList();
    }
  }

  static final class Requests implements RequestStore {
    final Map<RequestId, Request> rows = new LinkedHashMap<>();
    final AtomicLong ids = new AtomicLong();
    final Trail trail;

    Requests(Trail trail) {
      this.trail = trail;
    }

    @Override
    public RequestId nextId() {
      return new RequestId(ids.incrementAndGet());
    }

    @Override
    public synchronized Request insert(Request request, List<AuditEvent> events) {
      Request stored = request.withVersion(0);
      trail.append(events);
      rows.put(stored.id(), stored);
      return stored;
    }

    /** The database is gone for writes. */
    boolean failUpdates;

    /** Runs once, just before the next update: another writer gets there first. */
    Runnable beforeNextUpdate;

    @Override
    public synchronized Request update(Request request, List<AuditEvent> events) {
      if (failUpdates) {
        throw new IllegalStateException("the database is gone");
      }
      if (beforeNextUpdate != null) {
        Runnable other = beforeNextUpdate;
        beforeNextUpdate = null;
        other.run();
      }
      Request current = rows.get(request.id());
      if (current.version() != request.version()) {
        throw new ConcurrentUpdateException(request.id());
      }
      Request stored = request.withVersion(request.version() + 1);
      trail.append(events);
      rows.put(stored.id(), stored);
      return stored;
    }

    @Override
    public synchronized Optional<Request> find(RequestId id) {
      return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized List<Request> findByState(Collection<RequestState> states) {
      return rows.values().stream().filter(r -> states.contains(r.state())).toList();
    }

    @Override
    public synchronized List<Request> recent(Target target, int limit) {
      List<Request> mine =
          new ArrayList<>(rows.values().stream().filter(r -> r.target().equals(target)).toList());
      java.util.Collections.reverse(mine);
      return mine.stream().limit(limit).toList();
    }
  }

  static final class Locks implements LockStore {
    final Map<Target, Lock> locks = new HashMap<>();

    /** Reads miss every lock, as a read just before another replica took one would. */
    boolean staleReads;

    @Override
    public Optional<Lock> find(Target target) {
      return staleReads ? Optional.empty() : Optional.ofNullable(locks.get(target));
    }

    @Override
    public synchronized Optional<Lock> acquire(Lock lock, Instant now) {
      Lock held = locks.get(lock.target());
      if (held != null && held.activeAt(now) && !held.owner().equals(lock.owner())) {
        return Optional.of(held);
      }
      locks.put(lock.target(), lock);
      return Optional.empty();
    }

    @Override
    public void remove(Target target) {
      locks.remove(target);
    }

    @Override
    public List<Lock> all() {
      return List.copyOf(locks.values());
    }
  }

  static final class Schedules implements Scheduler {
    final Map<RequestId, Instant> jobs = new LinkedHashMap<>();

    @Override
    public void schedule(RequestId id, Instant at) {
      jobs.put(id, at);
    }

    /** When each executing request's current step is due to run again. */
    final Map<RequestId, Instant> resumes = new LinkedHashMap<>();

    @Override
    public void resume(RequestId id, Instant at) {
      resumes.put(id, at);
    }

    @Override
    public void cancel(RequestId id) {
      jobs.remove(id);
      resumes.remove(id);
    }

    @Override
    public List<RequestId> pending() {
      return List.copyOf(jobs.keySet());
    }

    /**
     * Runs due resumes as Quartz would, moving {@code clock} to each one's time, until none is left
     * (or {@code limit} runs, so that a request that never ends fails the test instead of hanging
     * it). Returns how many ran.
     */
    int settle(TestClock clock, java.util.function.Consumer<RequestId> resume, int limit) {
      int runs = 0;
      while (!resumes.isEmpty() && runs < limit) {
        Map.Entry<RequestId, Instant> next =
            resumes.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        resumes.remove(next.getKey());
        if (next.getValue().isAfter(clock.now)) {
          clock.now = next.getValue();
        }
        resume.accept(next.getKey());
        runs++;
      }
      return runs;
    }
  }

  static final class Thread implements Notifier {
    final List<String> lines = new ArrayList<>();
    boolean down;

    @Override
    public void update(Request request, String line) {
      if (down) {
        throw new IllegalStateException("Slack is down");
      }
      lines.add(request.id() + " " + request.state() + ": " + line);
    }
  }

  /**
   * A registry: {@code tags} maps {@code repository:tag} to its digest; a tag not in it is missing.
   * Not configured until a test says so, so tests about other things never see it.
   */
  static final class Artifacts implements ArtifactChecker {
    final Map<String, String> tags = new HashMap<>();
    final List<List<ArtifactRef>> resolved = new ArrayList<>();
    boolean configured;
    boolean down;

    @Override
    public boolean isConfigured() {
      return configured;
    }

    @Override
    public List<Resolution> resolve(List<ArtifactRef> references) {
      resolved.add(references);
      return references.stream()
          .map(
              ref ->
                  !configured
                      ? Resolution.notConfigured(ref)
                      : down
                          ? Resolution.unavailable(ref, "registry answered 503")
                          : tags.containsKey(ref.toString())
                              ? Resolution.resolved(ref, tags.get(ref.toString()))
                              : Resolution.missing(ref, "manifest unknown"))
          .toList();
    }
  }

  /**
   * Execution claims shared by several processes, as a database holds them: each process claims
   * through its own view, and a process that dies loses every claim it held.
   */
  static final class Claims {
    final Map<RequestId, String> owners = new java.util.concurrent.ConcurrentHashMap<>();

    ExecutionClaims of(String process) {
      return new ExecutionClaims() {
        @Override
        public boolean claim(RequestId id) {
          return owners.putIfAbsent(id, process) == null;
        }

        @Override
        public void release(RequestId id) {
          owners.remove(id, process);
        }
      };
    }

    void dies(String process) {
      owners.values().removeIf(process::equals);
    }
  }
}
