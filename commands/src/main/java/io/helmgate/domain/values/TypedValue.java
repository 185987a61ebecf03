package io.helmgate.domain.values;

import java.util.Objects;

/**
 * A scalar as YAML reads it: its text (unquoted; {@code null} for every null spelling) and its
 * {@link ValueType}.
 */
public record TypedValue(String value, ValueType type) {

  /** The text every null is read as. */
  public static final String NULL_TEXT = "null";

  public TypedValue {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(type, "type");
    if (type == ValueType.AS_SET) {
      throw new IllegalArgumentException("a value read from a document has a YAML type");
    }
    if (type == ValueType.NULL) {
      value = NULL_TEXT;
    }
  }
}
