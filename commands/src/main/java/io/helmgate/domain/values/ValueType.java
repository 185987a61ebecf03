package io.helmgate.domain.values;

/**
 * The YAML type of a value, as far as a promotion must keep it: Helm reads {@code tag: null} as
 * "use the chart default", {@code tag: ""} as an empty string and {@code tag: "20240101"} as a
 * string, so a promotion that loses the type changes what is deployed.
 */
public enum ValueType {
  /**
   * Set with {@code key=value}: written by {@link ValuesDocument#with}'s documented rules, which
   * keep the old value's type where the new value allows.
   */
  AS_SET,
  /** Null in any spelling: {@code null}, {@code ~}, {@code Null}, {@code NULL} or nothing. */
  NULL,
  /** A string: quoted, tagged {@code !!str}, or plain text that YAML reads as a string. */
  STRING,
  /**
   * A plain scalar that YAML 1.1 or 1.2 reads as a number, boolean or timestamp ({@code 3}, {@code
   * true}, {@code yes}, {@code 0x1f}, {@code 2024-01-01}): copied as written, plain.
   */
  PLAIN
}
