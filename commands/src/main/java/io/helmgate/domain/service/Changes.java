package io.helmgate.domain.service;

import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.values.ChangeCalculator;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.TypedValue;
import io.helmgate.domain.values.ValueChange;
import io.helmgate.domain.values.ValueType;
import io.helmgate.domain.values.ValuesDocument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Computes a request's change from values files, and the new file content it produces. */
final class Changes {

  private final PolicyConfig config;

  Changes(PolicyConfig config) {
    this.config = config;
  }

  /** A computed change with the keys it touches and the keys it would create. */
  record Computed(ChangeSet change, Set<KeyPath> keys, Set<KeyPath> newKeys) {}

  /** The change is not possible; the message says why and what to do. */
  static final class ChangeException extends RuntimeException {
    ChangeException(String message) {
      super(message);
    }
  }

  /** Promote the product's promotable keys from {@code source} into {@code target}. */
  Computed promotion(ValuesFile target, ValuesFile source) {
    List<KeyPath> keys =
        config.promotableKeys(target.target().customer(), target.target().product());
    ChangeSet change =
        ChangeCalculator.promotion(
            ValuesDocument.parse(target.content()), ValuesDocument.parse(source.content()), keys);
    return computed(change);
  }

  /** Set explicit values in {@code target}. */
  Computed explicit(ValuesFile target, Map<KeyPath, String> values) {
    return computed(ChangeCalculator.explicit(ValuesDocument.parse(target.content()), values));
  }

  /** The new content of {@code file} with {@code change} applied. */
  String apply(ValuesFile file, ChangeSet change) {
    return ChangeCalculator.apply(ValuesDocument.parse(file.content()), change);
  }

  /**
   * What a rollback changes, for people to review: every scalar whose value differs between the
   * current and the restored content. A file that cannot be parsed still rolls back (the whole
   * content is restored); its preview is then empty.
   */
  ChangeSet difference(String current, String restored) {
    Optional<ValuesDocument> now = parse(current);
    Optional<ValuesDocument> then = parse(restored);
    if (now.isEmpty() || then.isEmpty()) {
      return ChangeSet.NONE;
    }
    Set<KeyPath> paths = new LinkedHashSet<>(now.get().scalarPaths());
    paths.addAll(then.get().scalarPaths());
    List<ValueChange> diff = new ArrayList<>();
    for (KeyPath path : paths) {
      // typed, so that restoring `tag:` (null) over `tag: ""` shows as the change it is
      Optional<TypedValue> before = typed(now.get(), path);
      Optional<TypedValue> after = typed(then.get(), path);
      if (after.isPresent() && !after.equals(before)) {
        diff.add(ValueChange.promoted(path, before.orElse(null), after.get()));
      } else if (after.isEmpty() && before.isPresent()) {
        diff.add(new ValueChange(path, before.get().value(), "(removed)"));
      }
    }
    return new ChangeSet(diff);
  }

  private static Computed computed(ChangeSet change) {
    Set<KeyPath> keys = new LinkedHashSet<>();
    Set<KeyPath> newKeys = new LinkedHashSet<>();
    for (ValueChange c : change.changes()) {
      keys.add(c.key());
      if (c.oldValue() == null) {
        newKeys.add(c.key());
      }
    }
    return new Computed(change, keys, newKeys);
  }

  private static Optional<ValuesDocument> parse(String text) {
    try {
      return Optional.of(ValuesDocument.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The typed value at {@code path}; a tagged value counts by its text as a string. */
  private static Optional<TypedValue> typed(ValuesDocument doc, KeyPath path) {
    try {
      return doc.typed(path);
    } catch (RuntimeException e) {
      try {
        return doc.get(path).map(text -> new TypedValue(text, ValueType.STRING));
      } catch (RuntimeException unreadable) {
        return Optional.empty();
      }
    }
  }
}
