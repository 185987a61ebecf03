package io.helmgate.domain.values;

import java.util.List;

/**
 * The structure {@link YamlParser} finds in a values document: just enough to locate a scalar's
 * bytes, never enough to re-serialise (nothing is ever re-serialised). Lines are 1-based.
 */
sealed interface YamlNode {

  /** The 1-based line the node starts on. */
  int line();

  /** How a scalar is written, which decides how a new value is written in its place. */
  enum Style {
    /** {@code key:} with nothing after it: null. The span is where a value would go. */
    EMPTY,
    PLAIN,
    SINGLE_QUOTED,
    DOUBLE_QUOTED
  }

  /** One {@code key: value} of a block mapping. */
  record Entry(String key, int line, YamlNode value) {}

  /**
   * A block mapping.
   *
   * @param indent the column of its keys
   * @param endOffset where a new last entry is inserted: the end (before the line break) of the
   *     last line holding its content, or -1 when the mapping is an empty document without any line
   * @param mergeLine the line of its merge key ({@code <<}), or 0 when it has none
   */
  record Mapping(int line, int indent, List<Entry> entries, int endOffset, int mergeLine)
      implements YamlNode {

    Entry find(String key) {
      for (Entry e : entries) {
        if (e.key().equals(key)) {
          return e;
        }
      }
      return null;
    }
  }

  /** A block sequence. Its items are parsed for structure but are not addressable. */
  record Sequence(int line) implements YamlNode {}

  /**
   * A plain, quoted or empty scalar.
   *
   * @param start offset of its first character (an opening quote included)
   * @param end offset just after its last character (a closing quote included)
   * @param value the value as YAML reads it: unquoted, unescaped, folded
   * @param tag its explicit tag such as {@code !!str}, or null
   */
  record Scalar(int line, Style style, int start, int end, String value, String tag)
      implements YamlNode {}

  /** A literal ({@code |}) or folded ({@code >}) block scalar. */
  record BlockScalar(int line, char indicator) implements YamlNode {}

  /** An alias such as {@code *defaults}. */
  record Alias(int line, String name) implements YamlNode {}

  /** A flow collection ({@code [a, b]} or {@code {a: 1}}), kept opaque. */
  record Flow(int line, boolean mapping) implements YamlNode {}
}
