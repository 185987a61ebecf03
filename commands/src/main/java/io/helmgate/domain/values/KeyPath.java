package io.helmgate.domain.values;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A dotted path to a scalar in a values document, such as {@code image.tag}. */
public record KeyPath(List<String> segments) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");

  public KeyPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a key path needs at least one segment");
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches()) {
        throw new IllegalArgumentException("`" + s + "` is not a valid key segment");
      }
    }
  }

  /** Parses {@code image.tag}; empty when a segment is not a plain key. */
  public static Optional<KeyPath> parse(String dotted) {
    if (dotted == null || dotted.isEmpty() || dotted.startsWith(".") || dotted.endsWith(".")) {
      return Optional.empty();
    }
    List<String> parts = List.of(dotted.split("\\.", -1));
    for (String s : parts) {
      if (!SEGMENT.matcher(s).matches()) {
        return Optional.empty();
      }
    }
    return Optional.of(new KeyPath(parts));
  }

  /** Like {@link #parse} but throws {@link IllegalArgumentException} for an invalid path. */
  public static KeyPath of(String dotted) {
    return parse(dotted)
        .orElseThrow(
            () -> new IllegalArgumentException("`" + dotted + "` is not a valid key path"));
  }

  /** The last segment: the key of the scalar itself. */
  public String leaf() {
    return segments.get(segments.size() - 1);
  }

  @Override
  public String toString() {
    return String.join(".", segments);
  }
}
