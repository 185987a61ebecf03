package io.helmgate.bot.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The first-parent history of one file, as {@code git log --first-parent -- path} sees it: a commit
 * changes the file when the file's entry differs from the one in its first parent.
 *
 * <p>Finding the last change is the staleness check of every commit, and on a long history it is
 * the expensive part. So the answer is remembered per path together with the tip it was computed
 * at; the next question walks only the commits added since that tip, provided the tip is still on
 * the first-parent chain (otherwise, e.g. after a force-push by someone else, it walks it all).
 */
final class FileHistory {

  private static final int MAX_REMEMBERED = 100_000;
  private static final int MAX_INCREMENTAL_WALK = 10_000;

  private record Known(ObjectId tip, ObjectId change) {}

  private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

  /** Forgets everything, e.g. after the clone was rebuilt. */
  void clear() {
    known.clear();
  }

  /**
   * The newest commit on the first-parent chain from {@code tip} that changed the path, or null
   * when no commit on the chain has the file.
   */
  ObjectId lastChange(ObjectReader reader, AnyObjectId tip, String[] segments) throws IOException {
    String path = String.join("/", segments);
    Known remembered = known.get(path);
    if (remembered != null && remembered.tip().equals(tip)) {
      return remembered.change();
    }
    try (RevWalk walk = new RevWalk(reader)) {
      walk.setRetainBody(false);
      RevCommit start = walk.parseCommit(tip);
      ObjectId change = null;
      boolean answered = false;
      if (remembered != null) {
        List<RevCommit> added = chainUntil(walk, start, remembered.tip());
        if (added != null) {
          change = firstChange(reader, walk, added, segments);
          if (change == null) {
            change = remembered.change();
          }
          answered = true;
        }
      }
      if (!answered) {
        List<RevCommit> found = changes(reader, walk, start, segments, 1);
        change = found.isEmpty() ? null : found.get(0).copy();
      }
      if (known.size() >= MAX_REMEMBERED) {
        known.clear();
      }
      if (change != null) {
        known.put(path, new Known(start.copy(), change));
      }
      return change;
    }
  }

  /**
   * The newest {@code limit} commits on the first-parent chain from {@code start} that changed the
   * path, newest first. Bodies are parsed when the walk retains them.
   */
  static List<RevCommit> changes(
      ObjectReader reader, RevWalk walk, RevCommit start, String[] segments, int limit)
      throws IOException {
    List<RevCommit> found = new ArrayList<>();
    RevCommit commit = start;
    while (commit != null && found.size() < limit) {
      RevCommit parent = firstParent(walk, commit);
      if (Trees.differsAt(
          reader, commit.getTree(), parent == null ? null : parent.getTree(), segments)) {
        found.add(commit);
      }
      commit = parent;
    }
    return found;
  }

  private static RevCommit firstParent(RevWalk walk, RevCommit commit) throws IOException {
    if (commit.getParentCount() == 0) {
      return null;
    }
    RevCommit parent = commit.getParent(0);
    walk.parseHeaders(parent);
    return parent;
  }

  /** The commits from {@code start} down to, not including, {@code stop}; null if not on chain. */
  private static List<RevCommit> chainUntil(RevWalk walk, RevCommit start, ObjectId stop)
      throws IOException {
    List<RevCommit> chain = new ArrayList<>();
    RevCommit commit = start;
    while (commit != null && chain.size() <= MAX_INCREMENTAL_WALK) {
      if (commit.equals(stop)) {
        return chain;
      }
      chain.add(commit);
      commit = firstParent(walk, commit);
    }
    return null;
  }

  private static ObjectId firstChange(
      ObjectReader reader, RevWalk walk, List<RevCommit> commits, String[] segments)
      throws IOException {
    for (RevCommit commit : commits) {
      RevCommit parent = firstParent(walk, commit);
      if (Trees.differsAt(
          reader, commit.getTree(), parent == null ? null : parent.getTree(), segments)) {
        return commit.copy();
      }
    }
    return null;
  }
}
