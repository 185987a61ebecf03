package io.helmgate.domain.values;

import java.util.List;
import java.util.stream.Collectors;

/** The keys a request changes, in the order they were given. Empty means "sync as it is". */
public record ChangeSet(List<ValueChange> changes) {

  public static final ChangeSet NONE = new ChangeSet(List.of());

  public ChangeSet {
    changes = List.copyOf(changes);
  }

  /** The changes that really change something. */
  public ChangeSet effective() {
    return new ChangeSet(changes.stream().filter(c -> !c.isNoOp()).toList());
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** {@code image.tag 1.4.1 → 1.4.2, replicaCount 2 → 3}: for commit subjects and logs. */
  public String summary() {
    return changes.stream().map(ValueChange::toString).collect(Collectors.joining(", "));
  }
}
