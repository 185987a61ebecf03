package io.helmgate.domain.values;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a request changes, as its approver sees it: the keys it changes (old → new, in the order
 * they were given) and, when those do not say everything, a unified line diff of the whole values
 * file ({@link LineDiff}) with secret-looking values masked. Empty means "sync as it is": no byte
 * of the file changes.
 *
 * @param changes the changes of values that key paths reach
 * @param fileDiff the file's line diff when the key changes alone do not produce the new file
 *     (lists, flow collections, block scalars, aliases, comments, keys with dots or slashes); empty
 *     when they do
 */
public record ChangeSet(List<ValueChange> changes, List<String> fileDiff) {

  public static final ChangeSet NONE = new ChangeSet(List.of());

  public ChangeSet {
    changes = List.copyOf(changes);
    fileDiff = List.copyOf(fileDiff);
  }

  /** Key changes only: what a promotion or {@code key=value} edit is. */
  public ChangeSet(List<ValueChange> changes) {
    this(changes, List.of());
  }

  /** The changes that really change something; the file diff is kept. */
  public ChangeSet effective() {
    return new ChangeSet(changes.stream().filter(c -> !c.isNoOp()).toList(), fileDiff);
  }

  /** True when nothing changes at all: no key change and no file diff. */
  public boolean isEmpty() {
    return changes.isEmpty() && fileDiff.isEmpty();
  }

  /**
   * {@code image.tag 1.4.1 → 1.4.2, replicaCount 2 → 3}: for commit subjects and logs; a file diff
   * is counted, not shown.
   */
  public String summary() {
    String keys = changes.stream().map(ValueChange::toString).collect(Collectors.joining(", "));
    if (fileDiff.isEmpty()) {
      return keys;
    }
    String lines = changedLines() + " changed lines of the file";
    return keys.isEmpty() ? lines : keys + ", " + lines;
  }

  /** How many lines the file diff removes or adds. */
  public int changedLines() {
    return (int)
        fileDiff.stream()
            .filter(l -> (l.startsWith("-") || l.startsWith("+")) && !l.startsWith("@@"))
            .count();
  }
}
