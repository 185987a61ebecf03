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
 * is this request's commit and refused otherwise.
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
    String ref = Constants.R_HEADS + branch;
    if (ref.equals(clone.branchRef()) || !Repository.isValidRefName(ref)) {
      throw new IllegalArgumentException(
          "a pull request's branch must be a valid branch other than the values branch: " + branch);
    }
    String request =
        commit.trailers().stream()
            .filter(t -> t.key().equals(Trailer.REQUEST))
            .map(Trailer::value)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the commit names no request"));
    clone.mutex.lock();
    try {
      Repository repo = clone.ensureOpenLocked();
      Optional<ObjectId> existing = clone.fetchOtherLocked(ref, "refs/helmgate/branches/" + branch);
      if (existing.isPresent()) {
        return taken(repo, branch, existing.get(), request);
      }
      clone.fetchLocked();
      ObjectId base = clone.trackingHead(repo).copy();
      ObjectId id;
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
          return new CommitOutcome.Stale(lastChange == null ? "" : lastChange.name());
        }
        byte[] content = commit.newContent().getBytes(StandardCharsets.UTF_8);
        ObjectId blob = inserter.idFor(Constants.OBJ_BLOB, content);
        if (blob.equals(current.id())) {
          return new CommitOutcome.Unchanged();
        }
        inserter.insert(Constants.OBJ_BLOB, content);
        ObjectId tree = Trees.replaceBlob(reader, inserter, baseCommit.getTree(), segments, blob);
        id = inserter.insert(commitOf(base, tree, commit));
        inserter.flush();
      }
      RemoteRefUpdate result =
          clone.pushLocked(
              new RemoteRefUpdate(repo, null, id, ref, false, null, ObjectId.zeroId()));
      if (result.getStatus() == RemoteRefUpdate.Status.OK) {
        return new CommitOutcome.Committed(id.name(), 1);
      }
      // Created meanwhile by an earlier run whose answer was lost: take it if it is ours.
      Optional<ObjectId> raced = clone.fetchOtherLocked(ref, "refs/helmgate/branches/" + branch);
      if (raced.isPresent()) {
        return taken(repo, branch, raced.get(), request);
      }
      throw new ValuesRepositoryException(
          "the remote "
              + properties.displayUrl()
              + " refused to create branch '"
              + branch
              + "' ("
              + result.getStatus()
              + (result.getMessage() == null
                  ? ""
                  : ": " + clone.errors().sanitize(result.getMessage().strip()))
              + "); nothing was pushed");
    } catch (ValuesRepositoryException | IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw clone.failure("commit to branch " + branch, e);
    } finally {
      clone.mutex.unlock();
    }
  }

  /** An existing branch whose tip is this request's commit is the earlier run's push. */
  private static CommitOutcome taken(Repository repo, String branch, ObjectId tip, String request)
      throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(tip);
      boolean ours =
          commit.getFooterLines(Trailer.REQUEST).stream().anyMatch(v -> v.strip().equals(request));
      if (!ours) {
        throw new ValuesRepositoryException(
            "branch '"
                + branch
                + "' exists already and its tip "
                + tip.abbreviate(10).name()
                + " is not this request's commit; nothing was pushed (delete the branch or ask"
                + " again)");
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
