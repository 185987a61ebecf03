package io.helmgate.bot.git;

import io.helmgate.domain.port.ValuesRepositoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one local clone of this process: a bare repository (no working tree, no index) holding the
 * remote-tracking branch that reads use and the local branch that pushes start from.
 *
 * <p>Locks: {@link #mutex} serialises everything that moves refs or rewrites the object database
 * (fetch, commit and push, gc, re-opening). Readers do not take it; they hold the read side of
 * {@code swap}, whose write side is taken only to close and replace the {@link Repository}, so a
 * read never sees a closed repository.
 *
 * <p>A fault inside the clone (a missing or corrupt object, a broken ref) marks it damaged; the
 * next operation moves it aside and clones again. Faults of the remote never do.
 */
final class LocalClone implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalClone.class);

  static final String REMOTE = "origin";

  /** Reads and writes that touch the clone. */
  @FunctionalInterface
  interface RepoFunction<T> {
    T apply(Repository repository) throws IOException;
  }

  private final GitProperties properties;
  private final Clock clock;
  private final RemoteAccess access;
  private final RemoteErrors errors;
  private final FileHistory history;
  private final String branchRef;
  private final String trackingRef;
  private final long fetchIntervalNanos;

  final ReentrantLock mutex = new ReentrantLock();
  private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();

  private volatile Repository repository;
  private volatile boolean damaged;

  /**
   * True while the clone is being opened or made (under {@link #mutex}): the repository is set
   * before its first fetch has run, and a read must wait for that fetch, not see a clone without
   * its branch. Matters since the first clone runs in the background while start-up goes on.
   */
  private volatile boolean opening;

  private volatile boolean closed;
  private volatile long lastFetchNanos;
  private volatile boolean fetchedOnce;

  LocalClone(GitProperties properties, Clock clock, FileHistory history) {
    this.properties = properties;
    this.clock = clock;
    this.history = history;
    this.access = new RemoteAccess(properties);
    this.errors = new RemoteErrors(properties);
    this.branchRef = Constants.R_HEADS + properties.branch();
    this.trackingRef = Constants.R_REMOTES + REMOTE + "/" + properties.branch();
    this.fetchIntervalNanos = properties.fetchInterval().toNanos();
  }

  String branchRef() {
    return branchRef;
  }

  String trackingRef() {
    return trackingRef;
  }

  RemoteErrors errors() {
    return errors;
  }

  // ---------------------------------------------------------------- opening and repair

  /** Opens the clone if needed (or rebuilds it when damaged), without fetching when it exists. */
  void ensureOpen() {
    if (repository != null && !damaged && !opening) {
      return;
    }
    mutex.lock();
    try {
      ensureOpenLocked();
    } finally {
      mutex.unlock();
    }
  }

  /** The open repository; the caller holds {@link #mutex}. */
  Repository ensureOpenLocked() {
    checkNotClosed();
    if (repository != null && !damaged) {
      return repository;
    }
    opening = true;
    try {
      openLocked(true);
      return repository;
    } catch (ValuesRepositoryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure("open the local clone", e);
    } finally {
      opening = false;
    }
  }

  private void openLocked(boolean mayRebuild) throws IOException {
    Path dir = properties.workdirPath();
    boolean rebuild = damaged;
    replaceRepository(null);
    history.clear();
    if (properties.remoteKind() == GitProperties.RemoteKind.EMBEDDED) {
      EmbeddedRemote.ensure(properties, clock);
    }
    if (rebuild && Files.exists(dir)) {
      moveAside(dir);
    }
    Repository repo;
    if (RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
      repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    } else {
      if (Files.exists(dir) && !isEmptyDirectory(dir)) {
        log.warn("{} exists but is not a git repository; moving it aside", dir);
        moveAside(dir);
      }
      Files.createDirectories(dir);
      repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).build();
      repo.create(true);
      log.info("Cloning the values repository {} into {}", properties.displayUrl(), dir);
    }
    configure(repo);
    replaceRepository(repo);
    damaged = false;
    fetchedOnce = false;
    if (repo.exactRef(trackingRef) == null) {
      fetchLocked();
    }
    if (!verifyHead(repo)) {
      damaged = true;
      if (!mayRebuild) {
        throw new IOException("the fresh clone cannot read its branch head");
      }
      // The clone cannot read its own head: rebuild it once, right now.
      log.warn("The local clone {} cannot read its branch head; cloning again", dir);
      openLocked(false);
    }
  }

  private void configure(Repository repo) throws IOException {
    StoredConfig config = repo.getConfig();
    config.setString("remote", REMOTE, "url", remoteUrl());
    config.setString("remote", REMOTE, "fetch", "+" + branchRef + ":" + trackingRef);
    // gc runs on Helmgate's schedule under the writer lock, never in the middle of a command.
    config.setInt("gc", null, "auto", 0);
    config.setBoolean("core", null, "logAllRefUpdates", false);
    config.save();
    RefUpdate head = repo.updateRef(Constants.HEAD);
    Ref current = repo.exactRef(Constants.HEAD);
    if (current == null
        || !current.isSymbolic()
        || !branchRef.equals(current.getTarget().getName())) {
      head.link(branchRef);
    }
  }

  private String remoteUrl() {
    return switch (properties.remoteKind()) {
      case EMBEDDED -> properties.embeddedRemotePath().toString();
      case LOCAL ->
          properties.url().startsWith("file:")
              ? properties.url()
              : Path.of(properties.url()).toAbsolutePath().normalize().toString();
      default -> properties.url();
    };
  }

  private boolean verifyHead(Repository repo) throws IOException {
    Ref tracking = repo.exactRef(trackingRef);
    if (tracking == null) {
      return true; // nothing fetched yet: nothing to verify
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit head = walk.parseCommit(tracking.getObjectId());
      walk.parseTree(head.getTree());
      return true;
    } catch (IOException e) {
      if (RemoteErrors.isRemote(e)) {
        throw e;
      }
      return false;
    }
  }

  private void replaceRepository(Repository next) {
    swap.writeLock().lock();
    try {
      Repository previous = repository;
      repository = next;
      if (previous != null && previous != next) {
        previous.close();
      }
    } finally {
      swap.writeLock().unlock();
    }
  }

  private void moveAside(Path dir) throws IOException {
    Path aside = dir.resolveSibling(dir.getFileName() + ".damaged");
    deleteRecursively(aside);
    Files.move(dir, aside);
    log.warn("Moved the damaged clone {} aside to {}; cloning again", dir, aside);
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * Runs a read against the clone. Reads do not wait for the writer: they use the remote-tracking
   * head as it is, which the writer keeps current.
   */
  <T> T read(String doing, RepoFunction<T> read) {
    ensureOpen();
    swap.readLock().lock();
    try {
      Repository repo = repository;
      if (repo == null) {
        throw new ValuesRepositoryException(
            "the local clone of the values repository is being rebuilt; try again");
      }
      return read.apply(repo);
    } catch (ValuesRepositoryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure(doing, e);
    } finally {
      swap.readLock().unlock();
    }
  }

  /**
   * Fetches when the last fetch is older than {@code helmgate.git.fetch-interval}, or always when
   * {@code force}. Without force it does not wait for a writer that holds the lock: the writer
   * updates the remote-tracking branch itself.
   */
  void refresh(boolean force) {
    if (!force
        && fetchedOnce
        && fetchIntervalNanos > 0
        && System.nanoTime() - lastFetchNanos < fetchIntervalNanos) {
      return;
    }
    boolean locked;
    if (force) {
      mutex.lock();
      locked = true;
    } else {
      try {
        locked = mutex.tryLock(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ValuesRepositoryException("interrupted while waiting for the values repository");
      }
    }
    if (!locked) {
      ensureOpen();
      return;
    }
    try {
      ensureOpenLocked();
      fetchLocked();
    } finally {
      mutex.unlock();
    }
  }

  // ---------------------------------------------------------------- under the mutex

  /** Fetches the branch into the remote-tracking ref; the caller holds {@link #mutex}. */
  void fetchLocked() {
    Repository repo = repository;
    try (Git git = Git.wrap(repo)) {
      FetchResult result =
          git.fetch()
              .setRemote(REMOTE)
              .setRefSpecs(new RefSpec("+" + branchRef + ":" + trackingRef))
              .setTimeout(access.timeoutSeconds())
              .setCredentialsProvider(access.credentials())
              .setTransportConfigCallback(access::configure)
              .setProgressMonitor(NullProgressMonitor.INSTANCE)
              .call();
      for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
        switch (update.getResult()) {
          case LOCK_FAILURE,
              IO_FAILURE,
              REJECTED,
              REJECTED_CURRENT_BRANCH,
              REJECTED_MISSING_OBJECT,
              REJECTED_OTHER_REASON ->
              throw new IOException(
                  "could not update " + update.getLocalName() + ": " + update.getResult());
          default -> {}
        }
      }
      if (repo.exactRef(trackingRef) == null) {
        throw new ValuesRepositoryException(
            "git fetch failed: the remote "
                + properties.displayUrl()
                + " has no branch '"
                + properties.branch()
                + "' (check helmgate.git.branch)");
      }
      lastFetchNanos = System.nanoTime();
      fetchedOnce = true;
    } catch (ValuesRepositoryException e) {
      throw e;
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw failure("fetch", e);
    }
  }

  /** Pushes one ref update; the caller holds {@link #mutex} and checks every status. */
  /**
   * The tip of another branch of the remote ({@code refs/heads/helmgate/R-42}), fetched into {@code
   * localRef}; empty when the remote has no such branch.
   */
  Optional<ObjectId> fetchOtherLocked(String remoteRef, String localRef) {
    Repository repo = repository;
    try (Git git = Git.wrap(repo)) {
      boolean exists =
          git
              .lsRemote()
              .setRemote(REMOTE)
              .setHeads(true)
              .setTimeout(access.timeoutSeconds())
              .setCredentialsProvider(access.credentials())
              .setTransportConfigCallback(access::configure)
              .call()
              .stream()
              .anyMatch(r -> r.getName().equals(remoteRef));
      if (!exists) {
        return Optional.empty();
      }
      git.fetch()
          .setRemote(REMOTE)
          .setRefSpecs(new RefSpec("+" + remoteRef + ":" + localRef))
          .setTimeout(access.timeoutSeconds())
          .setCredentialsProvider(access.credentials())
          .setTransportConfigCallback(access::configure)
          .setProgressMonitor(NullProgressMonitor.INSTANCE)
          .call();
      return Optional.ofNullable(repo.exactRef(localRef)).map(r -> r.getObjectId());
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw failure("fetch of " + remoteRef, e);
    }
  }

  RemoteRefUpdate pushLocked(RemoteRefUpdate update) {
    try (Transport transport = Transport.open(repository, REMOTE)) {
      access.configure(transport);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate reported = result.getRemoteUpdate(update.getRemoteName());
      return reported != null ? reported : update;
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      throw failure("push", e);
    }
  }

  /** The remote-tracking head. */
  ObjectId trackingHead(Repository repo) throws IOException {
    Ref ref = repo.exactRef(trackingRef);
    if (ref == null || ref.getObjectId() == null) {
      throw new ValuesRepositoryException(
          "the values repository "
              + properties.displayUrl()
              + " has no branch '"
              + properties.branch()
              + "' yet (check helmgate.git.branch)");
    }
    return ref.getObjectId();
  }

  /** Moves the local branch; the caller holds {@link #mutex}. */
  void setLocalBranchLocked(ObjectId id) throws IOException {
    RefUpdate update = repository.updateRef(branchRef);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    RefUpdate.Result result = update.update();
    switch (result) {
      case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
      default -> throw new IOException("could not move " + branchRef + ": " + result);
    }
  }

  /**
   * Puts the local branch back on the remote-tracking head after a failed push, so nothing
   * half-done remains. Best effort: a failure here marks the clone damaged.
   */
  void resetLocalBranchLocked() {
    Repository repo = repository;
    if (repo == null) {
      return;
    }
    try {
      Ref tracking = repo.exactRef(trackingRef);
      if (tracking != null) {
        setLocalBranchLocked(tracking.getObjectId());
      }
    } catch (IOException | RuntimeException e) {
      damaged = true;
      log.warn("Could not reset {} in the local clone; it will be rebuilt", branchRef, e);
    }
  }

  /** Garbage-collects the clone; the caller holds {@link #mutex}. */
  void gcLocked() {
    Repository repo = ensureOpenLocked();
    try (Git git = Git.wrap(repo)) {
      git.gc().setProgressMonitor(NullProgressMonitor.INSTANCE).call();
    } catch (GitAPIException | RuntimeException e) {
      throw failure("gc", e);
    }
    if (properties.remoteKind() == GitProperties.RemoteKind.EMBEDDED) {
      // The embedded remote receives a pack per push and has auto-gc switched off.
      try (Repository remote =
              new FileRepositoryBuilder()
                  .setGitDir(properties.embeddedRemotePath().toFile())
                  .setMustExist(true)
                  .build();
          Git git = Git.wrap(remote)) {
        git.gc().setProgressMonitor(NullProgressMonitor.INSTANCE).call();
      } catch (GitAPIException | IOException | RuntimeException e) {
        log.warn("gc of the embedded values remote failed", e);
      }
    }
  }

  /**
   * Translates a failure: remote problems become a message about the remote; anything else means
   * the clone itself is damaged, and the next operation rebuilds it.
   */
  ValuesRepositoryException failure(String doing, Throwable e) {
    if (e instanceof ValuesRepositoryException vre) {
      return vre;
    }
    if (RemoteErrors.isRemote(e) && !RemoteErrors.isLocalDamage(e)) {
      return errors.remote(doing, e);
    }
    damaged = true;
    log.warn(
        "The local clone {} failed to {}; it will be rebuilt", properties.workdirPath(), doing, e);
    return new ValuesRepositoryException(
        "the local clone of the values repository failed to "
            + doing
            + " ("
            + errors.sanitize(
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
            + "); it is rebuilt from the remote on the next operation",
        e);
  }

  boolean isDamaged() {
    return damaged;
  }

  private void checkNotClosed() {
    if (closed) {
      throw new ValuesRepositoryException("the values repository is shut down");
    }
  }

  @Override
  public void close() {
    closed = true;
    mutex.lock();
    try {
      replaceRepository(null);
      access.close();
    } finally {
      mutex.unlock();
    }
  }
}
