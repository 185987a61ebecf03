package io.helmgate.bot.git;

import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
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

/**
 * Pull-request mode's writer: one commit on the values branch's head, pushed as a new branch of its
 * own. The push only creates the branch (its expected old value is "none"), so it can never move or
 * force any existing branch, protected or not; a branch that exists already is taken when its tip
 * is this request's commit and refused otherwise. A rebase moves the branch only from the tip the
 * caller last saw (a compare-and-swap), so it never overwrites someone else's push.
 */
final class BranchWriter {

  private final LocalClone clone;
  private final FileHistory history;
  private final GitProperties properties;
  private final Clock clock;

  BranchWriter(LocalClone clone, FileHistory history, GitProperties properties, Clock clock) {
    this.clone = clone;
    this.history = history;
    this.properties = properties;
    this.clock = clock;
  }

  CommitOutcome write(String branch, ValuesCommit commit) {
    String ref = branchRef(branch);
    String request =
        commit.trailers().stream()
            .filter(t -> t.key().equals(Trailer.REQUEST))
            .map(Trailer::value)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the commit names no request"));
    clone.mutex.lock();
    try {
      Repository repo = clone.ensureOpenLocked();
      Optional<ObjectId> existing = clone.fetchOtherLocked(ref, localRef(branch));
      if (existing.isPresent()) {
        return taken(repo, branch, existing.get(), request, commit);
      }
      clone.fetchLocked();
      Built built = build(repo, commit);
      if (built.decided() != null) {
        return built.decided();
      }
      RemoteRefUpdate result =
          clone.pushLocked(
              new RemoteRefUpdate(repo, null, built.id(), ref, false, null, ObjectId.zeroId()));
      if (result.getStatus() == RemoteRefUpdate.Status.OK) {
        return new CommitOutcome.Committed(built.id().name(), 1);
      }
      // Created meanwhile by an earlier run whose answer was lost: take it if it is ours.
      Optional<ObjectId> raced = clone.fetchOtherLocked(ref, localRef(branch));
      if (raced.isPresent()) {
        return taken(repo, branch, raced.get(), request, commit);
      }
      throw refused("create", branch, result);
    } catch (ValuesRepositoryException | IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw clone.failure("commit to branch " + branch, e);
    } finally {
      clone.mutex.unlock();
    }
  }

  /**
   * Builds the change anew on the values branch's current head and moves {@code branch} there with
   * a compare-and-swap on the remote ref: the push names {@code expectedTip} as the ref's old
   * value, so a branch someone else pushed to is refused, never overwritten. The new commit does
   * not descend from the old tip, so the update is forced, but only from that exact old value.
   */
  CommitOutcome rebase(String branch, String expectedTip, ValuesCommit commit) {
    String ref = branchRef(branch);
    if (expectedTip == null || !ObjectId.isId(expectedTip.strip().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "rebasing a branch needs its expected tip as a full commit id: " + expectedTip);
    }
    ObjectId expected = ObjectId.fromString(expectedTip.strip().toLowerCase(Locale.ROOT));
    clone.mutex.lock();
    try {
      Repository repo = clone.ensureOpenLocked();
      clone.fetchLocked();
      Built built = build(repo, commit);
      if (built.decided() != null) {
        return built.decided();
      }
      RemoteRefUpdate result =
          clone.pushLocked(new RemoteRefUpdate(repo, null, built.id(), ref, true, null, expected));
      if (result.getStatus() == RemoteRefUpdate.Status.OK) {
        return new CommitOutcome.Committed(built.id().name(), 1);
      }
      // An earlier run may have moved the branch and lost the answer: the same change on the same
      // head (same parent, same tree) is that run's commit, not someone else's push.
      Optional<ObjectId> now = clone.fetchOtherLocked(ref, localRef(branch));
      if (now.isPresent() && sameChange(repo, now.get(), built.id())) {
        return new CommitOutcome.Committed(now.get().name(), 0);
      }
      if (result.getStatus() == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED) {
        throw new ValuesRepositoryException(
            "branch '"
                + branch
                + "' is no longer at "
                + expected.abbreviate(10).name()
                + (now.isPresent()
                    ? " but at " + now.get().abbreviate(10).name() + " (someone pushed to it)"
                    : " (it was deleted)")
                + "; it was left as it is");
      }
      throw refused("move", branch, result);
    } catch (ValuesRepositoryException | IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw clone.failure("rebase branch " + branch, e);
    } finally {
      clone.mutex.unlock();
    }
  }

  private String branchRef(String branch) {
    String ref = Constants.R_HEADS + branch;
    if (ref.equals(clone.branchRef()) || !Repository.isValidRefName(ref)) {
      throw new IllegalArgumentException(
          "a pull request's branch must be a valid branch other than the values branch: " + branch);
    }
    return ref;
  }

  private static String localRef(String branch) {
    return "refs/helmgate/branches/" + branch;
  }

  /** Either the commit built on the values branch's head, or why none was (stale, unchanged). */
  private record Built(ObjectId id, CommitOutcome decided) {}

  /**
   * The change as one commit on the remote-tracking head of the values branch, decided stale or
   * unchanged as {@link CommitWriter} decides it; the caller holds the mutex and has fetched.
   */
  private Built build(Repository repo, ValuesCommit commit) throws IOException {
    ObjectId base = clone.trackingHead(repo).copy();
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit baseCommit = walk.parseCommit(base);
      String[] segments = Trees.segments(commit.target());
      Trees.Lookup lookup = Trees.lookup(reader, baseCommit.getTree(), segments);
      if (lookup instanceof Trees.Lookup.Missing missing) {
        throw Trees.unknown(reader, baseCommit.getTree(), commit.target(), missing.depth());
      }
      if (lookup instanceof Trees.Lookup.Refused refused) {
        throw new ValuesRepositoryException(refused.reason() + "; nothing was committed");
      }
      Trees.Entry current = ((Trees.Lookup.Found) lookup).entry();
      ObjectId lastChange = history.lastChange(reader, base, segments);
      if (lastChange == null
          || !lastChange.name().equals(commit.expectedBase().toLowerCase(Locale.ROOT))) {
        return new Built(
            null, new CommitOutcome.Stale(lastChange == null ? "" : lastChange.name()));
      }
      byte[] content = commit.newContent().getBytes(StandardCharsets.UTF_8);
      ObjectId blob = inserter.idFor(Constants.OBJ_BLOB, content);
      if (blob.equals(current.id())) {
        return new Built(null, new CommitOutcome.Unchanged());
      }
      inserter.insert(Constants.OBJ_BLOB, content);
      ObjectId tree = Trees.replaceBlob(reader, inserter, baseCommit.getTree(), segments, blob);
      ObjectId id = inserter.insert(commitOf(base, tree, commit));
      inserter.flush();
      return new Built(id, null);
    }
  }

  /** Whether two commits make the same change: the same single parent and the same tree. */
  private static boolean sameChange(Repository repo, ObjectId a, ObjectId b) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit one = walk.parseCommit(a);
      RevCommit two = walk.parseCommit(b);
      return one.getParentCount() == 1
          && two.getParentCount() == 1
          && one.getParent(0).equals(two.getParent(0))
          && one.getTree().equals(two.getTree());
    }
  }

  private ValuesRepositoryException refused(String doing, String branch, RemoteRefUpdate result) {
    return new ValuesRepositoryException(
        "the remote "
            + properties.displayUrl()
            + " refused to "
            + doing
            + " branch '"
            + branch
            + "' ("
            + result.getStatus()
            + (result.getMessage() == null
                ? ""
                : ": " + clone.errors().sanitize(result.getMessage().strip()))
            + "); nothing was pushed");
  }

  /**
   * An existing branch is an earlier run's push only when its tip is this request's commit in every
   * respect that matters, since request ids are predictable and anyone who may push could prepare
   * {@code helmgate/R-<next>}: the request's trailer, one parent that the values branch has, and
   * exactly the tree this change makes on that parent. Anything else is refused.
   */
  private CommitOutcome taken(
      Repository repo, String branch, ObjectId tip, String request, ValuesCommit change)
      throws IOException {
    clone.fetchLocked();
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit commit = walk.parseCommit(tip);
      boolean trailer =
          commit.getFooterLines(Trailer.REQUEST).stream().anyMatch(v -> v.strip().equals(request));
      boolean ours = trailer && commit.getParentCount() == 1;
      if (ours) {
        RevCommit parent = walk.parseCommit(commit.getParent(0));
        RevCommit head = walk.parseCommit(clone.trackingHead(repo));
        String[] segments = Trees.segments(change.target());
        ObjectId blob =
            inserter.idFor(
                Constants.OBJ_BLOB, change.newContent().getBytes(StandardCharsets.UTF_8));
        ours =
            walk.isMergedInto(parent, head)
                && Trees.lookup(reader, parent.getTree(), segments) instanceof Trees.Lookup.Found
                && Trees.replaceBlob(reader, inserter, parent.getTree(), segments, blob)
                    .equals(commit.getTree());
      }
      if (!ours) {
        throw new ValuesRepositoryException(
            "branch '"
                + branch
                + "' exists already and its tip "
                + tip.abbreviate(10).name()
                + " is not this request's commit (the change, on a commit of the values branch);"
                + " nothing was pushed and nothing will be merged from it (delete the branch or"
                + " ask again)");
      }
      return new CommitOutcome.Committed(tip.name(), 0);
    }
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
    builder.setMessage(CommitWriter.message(commit, properties.tickets()));
    return builder;
  }
}
