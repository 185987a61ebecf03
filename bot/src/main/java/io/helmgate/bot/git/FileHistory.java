package io.helmgate.bot.git;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The first-parent history of every values file, as {@code git log --first-parent -- path} sees it:
 * a commit changes a file when the file's entry differs from the one in its first parent.
 *
 * <p>The staleness check of every commit asks for a file's last change, and on a long history
 * walking it per question is the expensive part (seconds on 20,000 commits). So one walk down the
 * first-parent chain records, for every {@code customer/product/env/values.yaml}, the commits that
 * changed it; when the branch moves on, only the new commits are examined. A branch that moved
 * anywhere else (someone force-pushed) is indexed again from scratch.
 */
final class FileHistory {

  /** Changes remembered per file, newest first; more than any history request returns. */
  static final int MAX_CHANGES_PER_FILE = 1_000;

  private static final int LAYOUT_DEPTH = 4;
  private static final int MAX_INCREMENTAL_WALK = 10_000;

  private ObjectId indexedTip;
  private final Map<String, Deque<ObjectId>> changes = new HashMap<>();

  /** Forgets everything, e.g. after the clone was rebuilt. */
  synchronized void clear() {
    indexedTip = null;
    changes.clear();
  }

  /** Indexes the history up to {@code tip} now, so that the first read does not wait for it. */
  synchronized void warmUp(ObjectReader reader, AnyObjectId tip) throws IOException {
    catchUp(reader, tip);
  }

  /**
   * The newest commit on the first-parent chain from {@code tip} that changed the file, or null
   * when no commit on the chain has it.
   */
  ObjectId lastChange(ObjectReader reader, AnyObjectId tip, String[] segments) throws IOException {
    List<ObjectId> found = changes(reader, tip, segments, 1);
    return found.isEmpty() ? null : found.get(0);
  }

  /** The newest {@code limit} commits from {@code tip} that changed the file, newest first. */
  synchronized List<ObjectId> changes(
      ObjectReader reader, AnyObjectId tip, String[] segments, int limit) throws IOException {
    Set<ObjectId> newerThanTip = catchUp(reader, tip);
    Deque<ObjectId> known = changes.get(String.join("/", segments));
    List<ObjectId> result = new ArrayList<>();
    if (known != null) {
      for (ObjectId id : known) {
        if (result.size() >= limit) {
          break;
        }
        if (!newerThanTip.contains(id)) {
          result.add(id);
        }
      }
    }
    return result;
  }

  /**
   * Brings the index to {@code tip}. Returns the indexed commits that are newer than {@code tip}
   * (non-empty only when a reader asks about a head the writer has already moved past).
   */
  private Set<ObjectId> catchUp(ObjectReader reader, AnyObjectId tip) throws IOException {
    if (tip.equals(indexedTip)) {
      return Set.of();
    }
    try (RevWalk walk = new RevWalk(reader)) {
      walk.setRetainBody(false);
      RevCommit start = walk.parseCommit(tip);
      if (indexedTip != null) {
        List<RevCommit> added = chainUntil(walk, start, indexedTip);
        if (added != null) {
          for (int i = added.size() - 1; i >= 0; i--) {
            RevCommit commit = added.get(i);
            for (String path : changedPaths(reader, walk, commit)) {
              Deque<ObjectId> list = changes.computeIfAbsent(path, p -> new ArrayDeque<>());
              list.addFirst(commit.copy());
              if (list.size() > MAX_CHANGES_PER_FILE) {
                list.removeLast();
              }
            }
          }
          indexedTip = start.copy();
          return Set.of();
        }
        List<RevCommit> newer = chainUntil(walk, walk.parseCommit(indexedTip), start);
        if (newer != null) {
          Set<ObjectId> ids = new HashSet<>();
          newer.forEach(c -> ids.add(c.copy()));
          return ids;
        }
      }
      rebuild(reader, walk, start);
      return Set.of();
    }
  }

  private void rebuild(ObjectReader reader, RevWalk walk, RevCommit start) throws IOException {
    changes.clear();
    RevCommit commit = start;
    while (commit != null) {
      for (String path : changedPaths(reader, walk, commit)) {
        Deque<ObjectId> list = changes.computeIfAbsent(path, p -> new ArrayDeque<>());
        if (list.size() < MAX_CHANGES_PER_FILE) {
          list.addLast(commit.copy());
        }
      }
      commit = firstParent(walk, commit);
    }
    indexedTip = start.copy();
  }

  /**
   * The layout paths ({@code a/b/c/values.yaml}) whose entry differs between a commit and its first
   * parent. Identical subtrees are skipped by id, so the cost follows the size of the change, not
   * of the repository.
   */
  private static Set<String> changedPaths(ObjectReader reader, RevWalk walk, RevCommit commit)
      throws IOException {
    RevCommit parent = firstParent(walk, commit);
    // a set: a file and a directory of the same name are two entries of one changed path
    Set<String> paths = new LinkedHashSet<>(2);
    try (TreeWalk tree = new TreeWalk(reader)) {
      if (parent == null) {
        tree.addTree(new EmptyTreeIterator());
      } else {
        tree.addTree(parent.getTree());
      }
      tree.addTree(commit.getTree());
      tree.setFilter(TreeFilter.ANY_DIFF);
      tree.setRecursive(false);
      while (tree.next()) {
        int depth = tree.getDepth();
        if (tree.isSubtree()) {
          if (depth < LAYOUT_DEPTH - 1) {
            tree.enterSubtree();
          } else if (depth == LAYOUT_DEPTH - 1 && Trees.VALUES_FILE.equals(tree.getNameString())) {
            paths.add(tree.getPathString()); // values.yaml became (or stopped being) a directory
          }
        } else if (depth == LAYOUT_DEPTH - 1 && Trees.VALUES_FILE.equals(tree.getNameString())) {
          paths.add(tree.getPathString());
        }
      }
    }
    return paths;
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
  private static List<RevCommit> chainUntil(RevWalk walk, RevCommit start, AnyObjectId stop)
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
}
