package io.helmgate.domain.service;

import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.values.ChangeCalculator;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.LineDiff;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.TypedValue;
import io.helmgate.domain.values.ValueChange;
import io.helmgate.domain.values.ValueType;
import io.helmgate.domain.values.ValuesDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Computes a request's change from values files, and the new file content it produces. */
public final class Changes {

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
  public String apply(ValuesFile file, ChangeSet change) {
    return ChangeCalculator.apply(ValuesDocument.parse(file.content()), change);
  }

  /**
   * What a rollback changes, for people to review: every scalar whose value differs between the
   * current and the restored content, and the file's line diff whenever those alone do not turn the
   * current bytes into the restored ones (lists, flow collections, block scalars, aliases,
   * comments, keys with dots or slashes, a file that cannot be parsed). Empty only when the bytes
   * are identical.
   */
  ChangeSet difference(String current, String restored, Redaction redaction) {
    if (current.equals(restored)) {
      return ChangeSet.NONE;
    }
    Optional<ValuesDocument> now = parse(current);
    Optional<ValuesDocument> then = parse(restored);
    List<ValueChange> diff = new ArrayList<>();
    if (now.isPresent() && then.isPresent()) {
      Set<KeyPath> paths = new LinkedHashSet<>(now.get().scalarPaths());
      paths.addAll(then.get().scalarPaths());
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
    }
    if (now.isPresent() && then.isPresent()) {
      diff.addAll(readers(diff, now.get(), then.get()));
    }
    ChangeSet keys = new ChangeSet(diff);
    if (now.isPresent() && replays(now.get(), keys, restored)) {
      return keys;
    }
    return new ChangeSet(diff, LineDiff.unified(current, restored, redaction::maskText));
  }

  /**
   * The keys that read a changed value through an alias ({@code sidecar.tag: *appTag} when {@code
   * image.tag: &appTag} changes), each shown changing as the value it reads. Aliases in lists, flow
   * collections and merge keys ({@code <<}) have no key path; the line diff shows their anchor.
   */
  private static List<ValueChange> readers(
      List<ValueChange> changed, ValuesDocument now, ValuesDocument then) {
    Map<KeyPath, String> aliases = new LinkedHashMap<>(now.aliasKeys());
    then.aliasKeys().forEach(aliases::putIfAbsent);
    List<ValueChange> out = new ArrayList<>();
    Set<KeyPath> seen = new LinkedHashSet<>();
    changed.forEach(c -> seen.add(c.key()));
    for (ValueChange c : changed) {
      Set<ValuesDocument.Anchor> anchors = new LinkedHashSet<>(now.anchorsOn(c.key()));
      anchors.addAll(then.anchorsOn(c.key()));
      for (ValuesDocument.Anchor anchor : anchors) {
        List<String> below = c.key().segments().subList(anchor.depth(), c.key().segments().size());
        aliases.forEach(
            (path, name) -> {
              if (!name.equals(anchor.name())) {
                return;
              }
              List<String> segments = new ArrayList<>(path.segments());
              segments.addAll(below);
              KeyPath reader = new KeyPath(segments);
              if (seen.add(reader)) {
                out.add(new ValueChange(reader, c.oldValue(), c.newValue()));
              }
            });
      }
    }
    return out;
  }

  /**
   * True when writing the key changes into {@code current} gives exactly {@code restored}: only
   * then do they say everything the rollback commits.
   */
  private static boolean replays(ValuesDocument current, ChangeSet keys, String restored) {
    try {
      return ChangeCalculator.apply(current, keys).equals(restored);
    } catch (RuntimeException e) {
      return false;
    }
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
