package io.helmgate.domain.values;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a promotion or explicit values into a {@link ChangeSet} (old → new per key), and applies a
 * change set to a values document. Computing and applying are separate so that what was approved is
 * exactly what is written.
 *
 * <p>A key absent from the target gets a change with a null old value: whether creating it is
 * allowed is the policy's decision, not this class's. Changes that change nothing are kept (a
 * preview shows them as unchanged); {@link ChangeSet#effective()} drops them.
 *
 * <p>A change of a value that aliases read ({@code tag: &appTag 1.4.1} and elsewhere {@code
 * *appTag}) is refused: writing it would silently change every key that reads the alias, which the
 * approver would not see as a change of those keys.
 */
public final class ChangeCalculator {

  private ChangeCalculator() {}

  /**
   * The change that gives {@code target} the {@code source} environment's values of the promotable
   * keys, in the order the keys are given (a repeated key counts once).
   *
   * @throws ValuesDocumentException when a key is missing from the source (all such keys are
   *     named), a key path is refused in either document, or a source value cannot be written
   */
  public static ChangeSet promotion(
      ValuesDocument target, ValuesDocument source, List<KeyPath> promotable) {
    List<KeyPath> keys = List.copyOf(new LinkedHashSet<>(promotable));
    List<String> missing = new ArrayList<>();
    List<ValueChange> changes = new ArrayList<>();
    for (KeyPath key : keys) {
      // as typed in the source: null stays null, a quoted "20240101" stays a string
      Optional<TypedValue> value = readTyped(source, key, "source");
      if (value.isEmpty()) {
        missing.add(key.toString());
        continue;
      }
      check(key, value.get().value(), "source");
      ValueChange change =
          ValueChange.promoted(key, readTyped(target, key, "target").orElse(null), value.get());
      refuseAliased(target, change);
      changes.add(change);
    }
    if (!missing.isEmpty()) {
      throw new ValuesDocumentException(
          "not set in the source environment's values, so it cannot be promoted: "
              + String.join(", ", missing)
              + "; set "
              + (missing.size() == 1 ? "it" : "them")
              + " in the source first, or set the target value explicitly");
    }
    return new ChangeSet(changes);
  }

  /**
   * The change that sets explicit values in {@code target}, in the map's iteration order (use a
   * {@link java.util.LinkedHashMap} to keep the order the person typed).
   *
   * @throws ValuesDocumentException when a key path is refused or a value cannot be written
   */
  public static ChangeSet explicit(ValuesDocument target, Map<KeyPath, String> values) {
    List<ValueChange> changes = new ArrayList<>();
    for (Map.Entry<KeyPath, String> e : values.entrySet()) {
      ValuesDocument.checkValue(e.getKey(), e.getValue());
      ValueChange change =
          new ValueChange(
              e.getKey(), read(target, e.getKey(), "target").orElse(null), e.getValue());
      refuseAliased(target, change);
      changes.add(change);
    }
    return new ChangeSet(changes);
  }

  /**
   * The text of {@code target} with the changes applied in order: existing keys edited in place,
   * keys whose old value is null created ({@link ValuesDocument#withCreate}), no-ops skipped.
   *
   * @throws ValuesDocumentException when a key's current value is no longer the change's old value
   *     (the document changed since the change was computed), or an edit is refused
   */
  public static String apply(ValuesDocument target, ChangeSet changes) {
    ValuesDocument doc = target;
    for (ValueChange change : changes.changes()) {
      String current;
      boolean sameType = true;
      if (change.isTyped()) {
        Optional<TypedValue> typed = readTyped(doc, change.key(), "target");
        current = typed.map(TypedValue::value).orElse(null);
        sameType = typed.map(t -> t.type() == change.oldType()).orElse(true);
      } else {
        current = read(doc, change.key(), "target").orElse(null);
      }
      if (!Objects.equals(current, change.oldValue()) || !sameType) {
        throw new ValuesDocumentException(
            "`"
                + change.key()
                + "` "
                + (current == null ? "no longer exists" : "has changed")
                + " in the target values since the change was prepared; prepare the change"
                + " again");
      }
      if (change.isNoOp()) {
        continue;
      }
      refuseAliased(doc, change);
      if (change.isTyped()) {
        doc = doc.withTyped(change.key(), change.newValue(), change.newType());
        continue;
      }
      doc =
          change.oldValue() == null
              ? doc.withCreate(change.key(), change.newValue())
              : doc.with(change.key(), change.newValue());
    }
    return doc.text();
  }

  /**
   * Refuses a change of a value that aliases read, naming the anchor and the aliases' lines (never
   * the value).
   */
  private static void refuseAliased(ValuesDocument target, ValueChange change) {
    if (change.isNoOp()) {
      return;
    }
    Map<String, List<Integer>> anchors = target.aliasedAnchors(change.key());
    if (anchors.isEmpty()) {
      return;
    }
    List<String> readers = new ArrayList<>();
    anchors.forEach(
        (name, lines) ->
            readers.add(
                "`&"
                    + name
                    + "` is read by the "
                    + (lines.size() == 1 ? "alias on line " : "aliases on lines ")
                    + lines.stream().map(String::valueOf).collect(Collectors.joining(", "))));
    throw new ValuesDocumentException(
        "in the target values, `"
            + change.key()
            + "` is an anchored value ("
            + String.join("; ", readers)
            + "), so changing it would also change every key that reads "
            + (anchors.size() == 1 ? "that alias" : "those aliases")
            + "; Helmgate does not make such hidden changes. Replace the aliases by their own"
            + " values in a reviewed commit first, then change each key explicitly");
  }

  private static Optional<String> read(ValuesDocument doc, KeyPath key, String which) {
    try {
      return doc.get(key);
    } catch (ValuesDocumentException e) {
      throw new ValuesDocumentException("in the " + which + " values: " + e.getMessage());
    }
  }

  private static Optional<TypedValue> readTyped(ValuesDocument doc, KeyPath key, String which) {
    try {
      return doc.typed(key);
    } catch (ValuesDocumentException e) {
      throw new ValuesDocumentException("in the " + which + " values: " + e.getMessage());
    }
  }

  private static void check(KeyPath key, String value, String which) {
    try {
      ValuesDocument.checkValue(key, value);
    } catch (ValuesDocumentException e) {
      throw new ValuesDocumentException("in the " + which + " values: " + e.getMessage());
    }
  }
}
