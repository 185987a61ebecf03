package io.helmgate.bot.git;

import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.TicketPattern;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of commits: each is built in memory on top of the previous one (blob, the trees on
 * its path, the commit), then the chain is pushed at once. A rejected push means someone else
 * pushed: fetch, decide staleness again against the new head, rebuild the chain on it, push again —
 * a bounded number of times, never forced. Whatever fails, the local branch ends where the
 * remote-tracking branch is.
 */
final class CommitWriter {

  private static final Logger log = LoggerFactory.getLogger(CommitWriter.class);

  private final LocalClone clone;
  private final FileHistory history;
  private final GitProperties properties;
  private final Clock clock;
  private final TicketPattern tickets;

  CommitWriter(LocalClone clone, FileHistory history, GitProperties properties, Clock clock) {
    this.tickets = properties.tickets();
    this.clone = clone;
    this.history = history;
    this.properties = properties;
    this.clock = clock;
  }

  /** The outcome of building the batch on one base. */
  private static final class Plan {
    ObjectId base;
    ObjectId tip;
    final Map<CommitQueue.Pending, ObjectId> built = new LinkedHashMap<>();
    final Map<CommitQueue.Pending, CommitOutcome> decided = new LinkedHashMap<>();

    boolean hasDecided() {
      return !decided.isEmpty();
    }
  }

  void write(List<CommitQueue.Pending> batch) {
    List<CommitQueue.Pending> open = new ArrayList<>(batch);
    Plan plan = null;
    clone.mutex.lock();
    try {
      Repository repo = clone.ensureOpenLocked();
      boolean fresh = false;
      int attempt = 0;
      while (true) {
        plan = plan(repo, open);
        open.removeIf(p -> p.outcome().isDone());
        if (!fresh && plan.hasDecided()) {
          // "stale" or "unchanged" is only final against the remote's current head: the base the
          // caller holds may be newer than what this clone has seen (another replica wrote it).
          clone.fetchLocked();
          fresh = true;
          continue;
        }
        if (plan.built.isEmpty()) {
          complete(plan, 0);
          return;
        }
        attempt++;
        clone.setLocalBranchLocked(plan.tip);
        RemoteRefUpdate update =
            new RemoteRefUpdate(
                repo, clone.branchRef(), clone.branchRef(), false, clone.trackingRef(), plan.base);
        RemoteRefUpdate result;
        try {
          result = clone.pushLocked(update);
        } catch (ValuesRepositoryException pushFailed) {
          if (landedAnyway(repo, plan)) {
            complete(plan, attempt);
            return;
          }
          throw pushFailed;
        }
        RemoteRefUpdate.Status status = result.getStatus();
        if (status == RemoteRefUpdate.Status.OK) {
          complete(plan, attempt);
          return;
        }
        clone.resetLocalBranchLocked();
        if (!retryable(result)) {
          throw new ValuesRepositoryException(
              "the remote "
                  + properties.displayUrl()
                  + " refused the push to branch '"
                  + properties.branch()
                  + "' ("
                  + describe(result)
                  + "), e.g. a protected branch or a server hook; nothing was committed");
        }
        if (attempt >= properties.pushAttempts()) {
          throw new ValuesRepositoryException(
              "the push to "
                  + properties.displayUrl()
                  + " was rejected "
                  + attempt
                  + " times because other writers kept moving branch '"
                  + properties.branch()
                  + "'; nothing was committed, try again");
        }
        log.info(
            "Push of {} commit(s) rejected ({}); fetching and rebuilding, attempt {} of {}",
            plan.built.size(),
            status,
            attempt + 1,
            properties.pushAttempts());
        backoff(attempt);
        clone.fetchLocked();
        fresh = true;
      }
    } catch (ValuesRepositoryException e) {
      clone.resetLocalBranchLocked();
      fail(open, e);
    } catch (IOException | RuntimeException e) {
      clone.resetLocalBranchLocked();
      fail(open, clone.failure("commit", e));
    } finally {
      clone.mutex.unlock();
    }
  }

  /**
   * Builds every still-open commit on the current remote-tracking head. Commits that cannot be
   * built at all (unknown target, a link on the path) are answered right here; the others end up
   * either built or decided (stale, unchanged).
   */
  private Plan plan(Repository repo, List<CommitQueue.Pending> open) throws IOException {
    Plan plan = new Plan();
    plan.base = clone.trackingHead(repo).copy();
    Map<String, ObjectId> changedHere = new HashMap<>();
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit baseCommit = walk.parseCommit(plan.base);
      ObjectId tip = plan.base;
      ObjectId tipTree = baseCommit.getTree().copy();
      for (CommitQueue.Pending pending : open) {
        ValuesCommit commit = pending.commit();
        String[] segments = Trees.segments(commit.target());
        String path = commit.target().valuesPath();
        Trees.Lookup lookup = Trees.lookup(reader, tipTree, segments);
        if (lookup instanceof Trees.Lookup.Missing missing) {
          pending
              .outcome()
              .completeExceptionally(
                  Trees.unknown(reader, tipTree, commit.target(), missing.depth()));
          continue;
        }
        if (lookup instanceof Trees.Lookup.Refused refused) {
          pending
              .outcome()
              .completeExceptionally(
                  new ValuesRepositoryException(refused.reason() + "; nothing was committed"));
          continue;
        }
        Trees.Entry current = ((Trees.Lookup.Found) lookup).entry();
        ObjectId lastChange = changedHere.get(path);
        if (lastChange == null) {
          lastChange = history.lastChange(reader, plan.base, segments);
        }
        if (lastChange == null
            || !lastChange.name().equals(commit.expectedBase().toLowerCase(Locale.ROOT))) {
          plan.decided.put(
              pending, new CommitOutcome.Stale(lastChange == null ? "" : lastChange.name()));
          continue;
        }
        byte[] content = commit.newContent().getBytes(StandardCharsets.UTF_8);
        ObjectId blob = inserter.idFor(Constants.OBJ_BLOB, content);
        if (blob.equals(current.id())) {
          plan.decided.put(pending, new CommitOutcome.Unchanged());
          continue;
        }
        inserter.insert(Constants.OBJ_BLOB, content);
        ObjectId tree = Trees.replaceBlob(reader, inserter, tipTree, segments, blob);
        ObjectId id = inserter.insert(commitOf(tip, tree, commit));
        tip = id;
        tipTree = tree;
        changedHere.put(path, id);
        plan.built.put(pending, id);
      }
      inserter.flush();
      plan.tip = tip;
    }
    return plan;
  }

  private CommitBuilder commitOf(ObjectId parent, ObjectId tree, ValuesCommit commit) {
    PersonIdent bot =
        new PersonIdent(
            properties.authorName(), properties.authorEmail(), clock.instant(), clock.getZone());
    CommitBuilder builder = new CommitBuilder();
    builder.setParentId(parent);
    builder.setTreeId(tree);
    builder.setAuthor(bot);
    builder.setCommitter(bot);
    builder.setEncoding(StandardCharsets.UTF_8);
    builder.setMessage(message(commit, tickets));
    return builder;
  }

  /**
   * {@link ValuesCommit#message(TicketPattern)}, ending in exactly one newline as git itself would
   * store it.
   */
  static String message(ValuesCommit commit, TicketPattern tickets) {
    return commit.message(tickets).stripTrailing() + "\n";
  }

  /** After a failed push: did the push land all the same (the answer was lost on the way)? */
  private boolean landedAnyway(Repository repo, Plan plan) {
    try {
      clone.fetchLocked();
      ObjectId head = clone.trackingHead(repo);
      try (RevWalk walk = new RevWalk(repo)) {
        return walk.isMergedInto(walk.parseCommit(plan.tip), walk.parseCommit(head));
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean retryable(RemoteRefUpdate result) {
    return switch (result.getStatus()) {
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> true;
      // A server that lost the race for its ref lock between advertisement and update.
      case REJECTED_OTHER_REASON ->
          result.getMessage() != null
              && result.getMessage().toLowerCase(Locale.ROOT).contains("lock");
      default -> false;
    };
  }

  private String describe(RemoteRefUpdate result) {
    String message = result.getMessage();
    return result.getStatus()
        + (message == null || message.isBlank()
            ? ""
            : ": " + clone.errors().sanitize(message.strip()));
  }

  private static void backoff(int attempt) {
    long base = Math.min(1_000L, 50L << Math.min(attempt - 1, 5));
    long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
    try {
      Thread.sleep(base / 2 + jitter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ValuesRepositoryException(
          "interrupted while retrying the push; nothing was committed");
    }
  }

  private static void complete(Plan plan, int attempts) {
    plan.built.forEach(
        (pending, id) ->
            pending.outcome().complete(new CommitOutcome.Committed(id.name(), attempts)));
    plan.decided.forEach((pending, outcome) -> pending.outcome().complete(outcome));
  }

  private static void fail(List<CommitQueue.Pending> open, ValuesRepositoryException e) {
    open.forEach(p -> p.outcome().completeExceptionally(e));
  }
}
