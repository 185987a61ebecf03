package io.helmgate.bot.git;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values repository over JGit: reads come from the object database at the remote-tracking head;
 * commits go through {@link CommitQueue} to {@link CommitWriter}.
 */
final class JGitValuesRepository implements GitValuesRepository {

  private static final Logger log = LoggerFactory.getLogger(JGitValuesRepository.class);
  private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{4,40}");
  private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
  private static final int MAX_HISTORY = 500;

  private record Listing(ObjectId head, List<Target> targets) {}

  private final GitProperties properties;
  private final FileHistory history = new FileHistory();
  private final LocalClone clone;
  private final CommitQueue queue;
  private final BranchWriter branches;
  private final ScheduledExecutorService maintenance;
  private volatile Listing listing;

  JGitValuesRepository(GitProperties properties, Clock clock) {
    this.properties = Objects.requireNonNull(properties, "properties");
    this.clone = new LocalClone(properties, clock, history);
    CommitWriter writer = new CommitWriter(clone, history, properties, clock);
    this.queue = new CommitQueue(writer::write);
    this.branches = new BranchWriter(clone, history, properties, clock);
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "helmgate-git-gc");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    start(false);
  }

  /**
   * Starts the writer and the periodic gc, and opens (or clones) the local clone: here, or with
   * {@code inBackground} on the maintenance thread, so that start-up goes on meanwhile. Every
   * operation opens the clone under its lock first, so one that comes during the background clone
   * waits for it; the readiness check (a fetch) is one of them, so readiness is not UP before it.
   */
  void start(boolean inBackground) {
    queue.start();
    Duration every = properties.gcInterval();
    if (!every.isZero()) {
      maintenance.scheduleWithFixedDelay(
          this::scheduledGc, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (inBackground) {
      maintenance.execute(this::openThenWarmUp);
    } else {
      openThenWarmUp();
    }
  }

  private void openThenWarmUp() {
    try {
      clone.ensureOpen();
      maintenance.execute(this::warmUp);
    } catch (ValuesRepositoryException e) {
      log.warn("The values repository is not available yet: {}", e.getMessage());
    }
  }

  /**
   * Waits until the background work queued so far (the history index started at open) has run.
   * Tests that damage the clone call it first, or the index could trip over the damage first.
   */
  void awaitBackgroundWork() throws Exception {
    maintenance.submit(() -> {}).get(60, TimeUnit.SECONDS);
  }

  /** Indexes the file histories in the background; on a long history that takes a while. */
  private void warmUp() {
    try {
      clone.read(
          "index the history",
          repo -> {
            try (ObjectReader reader = repo.newObjectReader()) {
              history.warmUp(reader, clone.trackingHead(repo));
            }
            return null;
          });
    } catch (RuntimeException e) {
      log.debug("Indexing the values history at start-up failed: {}", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<Target> environments() {
    clone.refresh(false);
    return clone.read(
        "list environments",
        repo -> {
          ObjectId head = clone.trackingHead(repo);
          Listing cached = listing;
          if (cached != null && cached.head().equals(head)) {
            return cached.targets();
          }
          try (RevWalk walk = new RevWalk(repo)) {
            RevTree tree = walk.parseCommit(head).getTree();
            List<Target> targets = List.copyOf(Trees.environments(walk.getObjectReader(), tree));
            listing = new Listing(head.copy(), targets);
            return targets;
          }
        });
  }

  @Override
  public ValuesFile read(Target target) {
    Objects.requireNonNull(target, "target");
    clone.refresh(false);
    return clone.read(
        "read " + target.valuesPath(),
        repo -> {
          ObjectId head = clone.trackingHead(repo);
          try (ObjectReader reader = repo.newObjectReader();
              RevWalk walk = new RevWalk(reader)) {
            RevTree tree = walk.parseCommit(head).getTree();
            Trees.Entry entry = existing(reader, tree, target);
            String content = text(reader, entry, target);
            ObjectId lastChange = history.lastChange(reader, head, Trees.segments(target));
            if (lastChange == null) {
              throw new ValuesRepositoryException(
                  "could not find the commit that last changed " + target.valuesPath());
            }
            return new ValuesFile(target, content, lastChange.name(), head.name());
          }
        });
  }

  @Override
  public Optional<String> readAt(Target target, String commit) {
    Objects.requireNonNull(target, "target");
    String id = commit == null ? "" : commit.trim().toLowerCase(Locale.ROOT);
    if (!COMMIT_ID.matcher(id).matches()) {
      throw new ValuesRepositoryException(
          "'" + commit + "' is not a commit id: use 4 to 40 hex digits, e.g. 3f2a9c1");
    }
    clone.refresh(false);
    Optional<Optional<String>> found = clone.read("read " + id, repo -> readAt(repo, target, id));
    if (found.isEmpty()) {
      // Perhaps a commit this clone has not fetched yet.
      clone.refresh(true);
      found = clone.read("read " + id, repo -> readAt(repo, target, id));
    }
    return found.orElseThrow(
        () ->
            new ValuesRepositoryException(
                "there is no commit " + id + " in the values repository"));
  }

  @Override
  public boolean contains(String descendant, String commit) {
    if (descendant == null || commit == null) {
      return false;
    }
    if (descendant.equalsIgnoreCase(commit)) {
      return true;
    }
    String later = descendant.trim().toLowerCase(Locale.ROOT);
    String earlier = commit.trim().toLowerCase(Locale.ROOT);
    if (!COMMIT_ID.matcher(later).matches() || !COMMIT_ID.matcher(earlier).matches()) {
      return false;
    }
    clone.refresh(false);
    return clone.read(
        "compare " + earlier + " with " + later,
        repo -> {
          try (ObjectReader reader = repo.newObjectReader();
              RevWalk walk = new RevWalk(reader)) {
            ObjectId from = resolve(reader, earlier);
            ObjectId to = resolve(reader, later);
            if (from == null || to == null) {
              return false;
            }
            return walk.isMergedInto(walk.parseCommit(from), walk.parseCommit(to));
          } catch (IncorrectObjectTypeException e) {
            return false;
          }
        });
  }

  /** Empty when the commit is unknown; otherwise the file content there (or empty). */
  private Optional<Optional<String>> readAt(Repository repo, Target target, String id)
      throws IOException {
    ObjectId head = clone.trackingHead(repo);
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId objectId = resolve(reader, id);
      if (objectId == null) {
        return Optional.empty();
      }
      RevCommit commit;
      try {
        commit = walk.parseCommit(objectId);
      } catch (IncorrectObjectTypeException e) {
        throw new ValuesRepositoryException(id + " is not a commit in the values repository");
      }
      if (!walk.isMergedInto(commit, walk.parseCommit(head))) {
        throw new ValuesRepositoryException(
            "commit "
                + id
                + " is not on branch '"
                + properties.branch()
                + "' of the values repository");
      }
      Trees.Lookup lookup = Trees.lookup(reader, commit.getTree(), Trees.segments(target));
      if (lookup instanceof Trees.Lookup.Refused refused) {
        throw new ValuesRepositoryException(refused.reason() + " at " + abbreviate(commit));
      }
      if (lookup instanceof Trees.Lookup.Found found) {
        return Optional.of(Optional.of(text(reader, found.entry(), target)));
      }
      return Optional.of(Optional.empty());
    }
  }

  private static ObjectId resolve(ObjectReader reader, String id) throws IOException {
    if (ObjectId.isId(id)) {
      ObjectId full = ObjectId.fromString(id);
      return reader.has(full) ? full : null;
    }
    Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(id));
    if (matches.size() > 1) {
      throw new ValuesRepositoryException(
          id + " is ambiguous in the values repository; give more digits of the commit id");
    }
    return matches.isEmpty() ? null : matches.iterator().next();
  }

  @Override
  public List<ValuesHistoryEntry> history(Target target, int limit) {
    Objects.requireNonNull(target, "target");
    if (limit <= 0) {
      return List.of();
    }
    int bounded = Math.min(limit, MAX_HISTORY);
    clone.refresh(false);
    return clone.read(
        "read the history of " + target.valuesPath(),
        repo -> {
          ObjectId head = clone.trackingHead(repo);
          try (ObjectReader reader = repo.newObjectReader();
              RevWalk walk = new RevWalk(reader)) {
            RevCommit start = walk.parseCommit(head);
            existing(reader, start.getTree(), target);
            List<ValuesHistoryEntry> entries = new ArrayList<>();
            for (ObjectId id : history.changes(reader, head, Trees.segments(target), bounded)) {
              RevCommit commit = walk.parseCommit(id);
              walk.parseBody(commit);
              entries.add(entry(commit));
            }
            return List.copyOf(entries);
          }
        });
  }

  private static ValuesHistoryEntry entry(RevCommit commit) {
    List<Trailer> trailers = new ArrayList<>();
    for (FooterLine line : commit.getFooterLines()) {
      try {
        trailers.add(new Trailer(line.getKey(), line.getValue()));
      } catch (IllegalArgumentException notATrailer) {
        // a footer Helmgate cannot represent is not one of its trailers; skip it
      }
    }
    return new ValuesHistoryEntry(
        commit.name(),
        commit.getParentCount() == 0 ? Optional.empty() : Optional.of(commit.getParent(0).name()),
        commit.getCommitterIdent().getWhenAsInstant(),
        commit.getAuthorIdent().getName(),
        commit.getShortMessage(),
        trailers);
  }

  /** The values file of a target at a tree, or the exception that says why there is none. */
  private static Trees.Entry existing(ObjectReader reader, RevTree tree, Target target)
      throws IOException {
    Trees.Lookup lookup = Trees.lookup(reader, tree, Trees.segments(target));
    if (lookup instanceof Trees.Lookup.Found found) {
      return found.entry();
    }
    if (lookup instanceof Trees.Lookup.Refused refused) {
      throw new ValuesRepositoryException(refused.reason());
    }
    throw Trees.unknown(reader, tree, target, ((Trees.Lookup.Missing) lookup).depth());
  }

  private static String text(ObjectReader reader, Trees.Entry entry, Target target)
      throws IOException {
    ObjectLoader loader = reader.open(entry.id(), Constants.OBJ_BLOB);
    byte[] bytes;
    try {
      if (loader.getSize() > MAX_FILE_BYTES) {
        throw new LargeObjectException(entry.id());
      }
      bytes = loader.getCachedBytes(MAX_FILE_BYTES);
    } catch (LargeObjectException e) {
      throw new ValuesRepositoryException(
          target.valuesPath() + " is larger than " + MAX_FILE_BYTES / 1024 / 1024 + " MB");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ValuesRepositoryException(target.valuesPath() + " is not UTF-8 text");
    }
  }

  private static String abbreviate(RevCommit commit) {
    return commit.abbreviate(10).name();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public CommitOutcome commit(ValuesCommit commit) {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(commit.target(), "target");
    Objects.requireNonNull(commit.newContent(), "newContent");
    Objects.requireNonNull(commit.subject(), "subject");
    if (commit.expectedBase() == null || commit.expectedBase().isBlank()) {
      throw new IllegalArgumentException("a commit needs the base commit it was computed from");
    }
    if (commit.subject().isBlank() || commit.subject().contains("\n")) {
      throw new IllegalArgumentException("a commit subject is one non-empty line");
    }
    try {
      return queue.submit(commit).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ValuesRepositoryException("the commit failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ValuesRepositoryException(
          "interrupted while waiting for the commit of "
              + commit.target()
              + "; it may still land, check its history");
    }
  }

  @Override
  public CommitOutcome commitToBranch(String branch, ValuesCommit commit) {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    if (commit.expectedBase() == null || commit.expectedBase().isBlank()) {
      throw new IllegalArgumentException("a commit needs the base commit it was computed from");
    }
    return branches.write(branch, commit);
  }

  @Override
  public CommitOutcome rebaseBranch(String branch, String expectedTip, ValuesCommit commit) {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    if (commit.expectedBase() == null || commit.expectedBase().isBlank()) {
      throw new IllegalArgumentException("a commit needs the base commit it was computed from");
    }
    return branches.rebase(branch, expectedTip, commit);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void refresh() {
    clone.refresh(true);
  }

  @Override
  public void gc() {
    clone.mutex.lock();
    try {
      clone.gcLocked();
    } finally {
      clone.mutex.unlock();
    }
  }

  private void scheduledGc() {
    try {
      gc();
    } catch (RuntimeException e) {
      log.warn("Scheduled gc of the values clone failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    queue.close();
    clone.close();
  }
}
