package io.helmgate.bot.testsupport.forge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What the GitHub stand-in does to the repository behind it: the bare repository on disk that the
 * bot pushes to. Opened anew for each operation so that pushes made meanwhile by anyone are seen.
 */
final class BareRepository {

  /** A person or GitHub itself, as git records them. */
  record Person(String name, String email) {
    PersonIdent at(Instant when) {
      return new PersonIdent(name, email, when, ZoneOffset.UTC);
    }
  }

  /** GitHub's committer on merges made through its API or web UI. */
  static final Person GITHUB = new Person("GitHub", "noreply@github.com");

  private final Path dir;

  BareRepository(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The tip of {@code branch}, empty when there is no such branch. */
  Optional<String> tip(String branch) {
    try (Repository repo = open()) {
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      return Optional.ofNullable(ref).map(r -> r.getObjectId().name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code sha} names a commit of the repository. */
  boolean hasCommit(String sha) {
    if (sha == null || !ObjectId.isId(sha)) {
      return false;
    }
    try (Repository repo = open();
        RevWalk walk = new RevWalk(repo)) {
      walk.parseCommit(ObjectId.fromString(sha));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether every commit of {@code head} is on {@code base} already ("no commits between"). */
  boolean contains(String base, String head) {
    try (Repository repo = open();
        RevWalk walk = new RevWalk(repo)) {
      return walk.isMergedInto(
          walk.parseCommit(ObjectId.fromString(head)), walk.parseCommit(ObjectId.fromString(base)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code head} merges into {@code base} without a conflict. */
  boolean mergesCleanly(String base, String head) {
    try (Repository repo = open()) {
      ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(repo, true);
      return merger.merge(ObjectId.fromString(base), ObjectId.fromString(head));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges {@code head} into {@code base}'s tip {@code baseTip} and moves {@code base} there, only
   * from {@code baseTip}: with {@code squash} one commit whose parent is the base's tip, otherwise
   * a merge commit whose parents are the base's tip and the head. Empty on a conflict or when the
   * base moved meanwhile; nothing is written then.
   */
  Optional<String> merge(
      String base,
      String baseTip,
      String head,
      boolean squash,
      String message,
      Person author,
      Instant when) {
    try (Repository repo = open();
        ObjectInserter inserter = repo.newObjectInserter()) {
      ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(repo, true);
      ObjectId baseId = ObjectId.fromString(baseTip);
      ObjectId headId = ObjectId.fromString(head);
      if (!merger.merge(baseId, headId)) {
        return Optional.empty();
      }
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(merger.getResultTreeId());
      commit.setParentIds(squash ? List.of(baseId) : List.of(baseId, headId));
      commit.setAuthor(author.at(when));
      commit.setCommitter(GITHUB.at(when));
      commit.setEncoding(StandardCharsets.UTF_8);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return move(repo, base, baseId, id) ? Optional.of(id.name()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A commit on {@code branch} (created from {@code from}'s tip when it does not exist) that sets
   * {@code file} to {@code content}; answers its id.
   */
  String commitFile(
      String branch, String from, String file, String content, Person who, Instant when) {
    try (Repository repo = open();
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      Ref existing = repo.exactRef(Constants.R_HEADS + branch);
      Ref start = existing != null ? existing : repo.exactRef(Constants.R_HEADS + from);
      if (start == null) {
        throw new IllegalArgumentException("the repository has no branch " + from);
      }
      RevCommit parent = walk.parseCommit(start.getObjectId());
      DirCache index = DirCache.read(reader, parent.getTree());
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      DirCacheEditor editor = index.editor();
      editor.add(
          new DirCacheEditor.PathEdit(file) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(FileMode.REGULAR_FILE);
              entry.setObjectId(blob);
            }
          });
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(parent);
      commit.setAuthor(who.at(when));
      commit.setCommitter(who.at(when));
      commit.setEncoding(StandardCharsets.UTF_8);
      commit.setMessage("Change " + file + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      ObjectId expected = existing == null ? ObjectId.zeroId() : parent.getId();
      if (!move(repo, branch, expected, id)) {
        throw new IllegalStateException("branch " + branch + " moved while committing to it");
      }
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parents of a commit, first parent first. */
  List<String> parents(String sha) {
    try (Repository repo = open();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(sha));
      return java.util.Arrays.stream(commit.getParents()).map(ObjectId::name).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean move(Repository repo, String branch, ObjectId from, ObjectId to)
      throws IOException {
    RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
    update.setExpectedOldObjectId(from);
    update.setNewObjectId(to);
    update.setForceUpdate(true);
    RefUpdate.Result result = update.update();
    return switch (result) {
      case NEW, FAST_FORWARD, FORCED -> true;
      default -> false;
    };
  }

  private Repository open() throws IOException {
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
  }
}
