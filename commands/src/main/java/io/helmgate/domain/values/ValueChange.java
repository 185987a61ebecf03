package io.helmgate.domain.values;

import java.util.Objects;

/**
 * One key's change: {@code image.tag 1.4.1 → 1.4.2}. {@code oldValue} is null when the key does not
 * exist yet (only where the policy allows creating keys).
 */
public record ValueChange(KeyPath key, String oldValue, String newValue) {

  public ValueChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(newValue, "newValue");
  }

  /** True when applying it would change nothing. */
  public boolean isNoOp() {
    return newValue.equals(oldValue);
  }

  @Override
  public String toString() {
    return key + " " + (oldValue == null ? "(new)" : oldValue) + " → " + newValue;
  }
}
