package io.helmgate.domain.values;

import java.util.Objects;

/**
 * One key's change: {@code image.tag 1.4.1 → 1.4.2}. {@code oldValue} is null when the key does not
 * exist yet (only where the policy allows creating keys).
 *
 * <p>A promoted value carries its YAML types ({@link ValueType}; {@code null} for every null
 * spelling), so {@code ""} → null is a change and {@code "20240101"} stays a string; a value set
 * with {@code key=value} has type {@link ValueType#AS_SET} and is compared as text.
 */
public record ValueChange(
    KeyPath key, String oldValue, String newValue, ValueType oldType, ValueType newType) {

  public ValueChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(newValue, "newValue");
    Objects.requireNonNull(oldType, "oldType");
    Objects.requireNonNull(newType, "newType");
  }

  /** A change set with {@code key=value}, compared and written as text. */
  public ValueChange(KeyPath key, String oldValue, String newValue) {
    this(key, oldValue, newValue, ValueType.AS_SET, ValueType.AS_SET);
  }

  /** A promotion's change: the target's value (null when absent) becomes the source's. */
  public static ValueChange promoted(KeyPath key, TypedValue old, TypedValue promoted) {
    return new ValueChange(
        key,
        old == null ? null : old.value(),
        promoted.value(),
        old == null ? promoted.type() : old.type(),
        promoted.type());
  }

  /** True when the value keeps its YAML type ({@link ValueType#AS_SET} does not). */
  public boolean isTyped() {
    return newType != ValueType.AS_SET;
  }

  /** True when applying it would change nothing. */
  public boolean isNoOp() {
    return newValue.equals(oldValue) && (!isTyped() || oldType == newType);
  }

  @Override
  public String toString() {
    return key
        + " "
        + (oldValue == null ? "(new)" : shown(oldValue, oldType))
        + " → "
        + shown(newValue, newType);
  }

  /** A string that reads as another type, or is empty, in quotes: {@code ""}, {@code "true"}. */
  private static String shown(String value, ValueType type) {
    return type == ValueType.STRING && !ScalarText.readsAsString(value)
        ? ScalarText.doubleQuoted(value)
        : value;
  }
}
