package io.helmgate.domain.values;

import io.helmgate.domain.values.YamlNode.Alias;
import io.helmgate.domain.values.YamlNode.BlockScalar;
import io.helmgate.domain.values.YamlNode.Entry;
import io.helmgate.domain.values.YamlNode.Flow;
import io.helmgate.domain.values.YamlNode.Mapping;
import io.helmgate.domain.values.YamlNode.Scalar;
import io.helmgate.domain.values.YamlNode.Sequence;
import io.helmgate.domain.values.YamlNode.Style;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An immutable Helm values file that can read a scalar by key path and change it by rewriting only
 * that scalar's bytes: comments, key order, indentation, anchors, tags, quoting and line endings
 * stay as they were, because Ops review these diffs.
 *
 * <h2>What it reads</h2>
 *
 * One YAML document ({@code ---} and {@code ...} markers allowed) whose root is a block mapping.
 * Inside: block mappings and sequences at any depth (also a list at its key's own indentation),
 * plain, single- and double-quoted scalars (also spread over several lines), block scalars ({@code
 * |}, {@code >}, with chomping and indentation indicators), flow collections ({@code [a, b]},
 * {@code {a: 1}}, kept opaque), anchors, aliases, merge keys ({@code <<: *base}), tags and
 * comments. It refuses, with the line number: tabs in indentation, inconsistent indentation,
 * unclosed quotes or brackets, duplicate keys, several documents, a root that is not a mapping, and
 * complex keys ({@code ? }).
 *
 * <h2>What a key path reaches</h2>
 *
 * A {@link KeyPath} walks block mappings only. {@link #get} and {@link #with} refuse (with {@link
 * ValuesDocumentException}) a path that goes through a list, a scalar, an alias or a flow
 * collection, a path that ends on anything but a plain, quoted or empty scalar, and a key that a
 * mapping would only get through a merge key ({@code <<}): Helmgate does not follow merges, since
 * editing the anchored original would change every environment that merges it.
 *
 * <h2>How a new value is written</h2>
 *
 * New values are one line of at most 256 printable characters. The old scalar's style decides:
 *
 * <ul>
 *   <li>single-quoted stays single-quoted ({@code '} doubled); double-quoted stays double-quoted
 *       ({@code \} and {@code "} escaped);
 *   <li>plain, and the old value read as a string ({@code 1.4.1}, {@code nginx}): stays plain if
 *       the new value is also read as a string, else it is double-quoted so its type cannot
 *       silently change ({@code true}, {@code null}, {@code ~}, {@code yes}, {@code 1.5}, {@code
 *       1e3}, {@code 0x1f}, {@code 2024-01-01} all become quoted strings);
 *   <li>plain, and the old value read as a number, boolean or date ({@code replicaCount: 2}): stays
 *       plain, so its type is kept where the new value allows;
 *   <li>plain with a string tag ({@code !!str 1.0}): stays plain, the tag keeps it a string; values
 *       with any other tag ({@code !!int}, {@code !vault}) are refused;
 *   <li>no type to keep — the old value is null ({@code key:}, {@code ~}) or the key is new: plain
 *       for strings and JSON-style literals ({@code 3}, {@code true}, {@code null}), double-quoted
 *       otherwise (so {@code 1.10} stays {@code "1.10"}, never the float 1.1);
 *   <li>in every case, a value that cannot be written plain ({@code a: b}, {@code #x}, leading
 *       {@code *}, an empty value) is double-quoted.
 * </ul>
 *
 * <h2>How a promoted value is written</h2>
 *
 * A promotion copies a value <em>as typed in the source</em> ({@link #typed}, {@link #withTyped}):
 *
 * <ul>
 *   <li>null in any spelling ({@code null}, {@code ~}, nothing) is written {@code null};
 *   <li>a string stays a string: in the target scalar's quotes when it has them, plain when the
 *       plain form reads as a string under YAML 1.1 and 1.2, else double-quoted ({@code
 *       "20240101"}, {@code "true"}, {@code "yes"}, {@code "null"}, {@code ""});
 *   <li>a plain number, boolean or timestamp is written plain, as in the source.
 * </ul>
 *
 * A target scalar with a tag keeps it, so only a string may be promoted into a {@code !!str} one.
 *
 * <p>Editing an anchored value ({@code tag: &appTag 1.4.1}) changes every alias of it too: that is
 * what the document says; {@link #aliasedAnchors} tells callers so, and {@link ChangeCalculator}
 * refuses such an edit. Messages never repeat values or document text, which may be secret.
 */
public final class ValuesDocument {

  /** Tags that make a scalar a string whatever its text: `!!str` and the non-specific `!`. */
  private static final Set<String> STRING_TAGS = Set.of("!!str", "!");

  /** An anchor among a value's properties, right after its key: {@code key: !!str &name value}. */
  private static final Pattern ANCHOR =
      Pattern.compile(":[ \\t]+(?:![^ \\t]*[ \\t]+)?&([^ \\t,\\[\\]{}]+)");

  private final String text;
  private final YamlParser.Result parsed;

  private ValuesDocument(String text, YamlParser.Result parsed) {
    this.text = text;
    this.parsed = parsed;
  }

  /**
   * Reads a values file.
   *
   * @throws ValuesDocumentException when it is not a document Helmgate can work with; the message
   *     names the line
   */
  public static ValuesDocument parse(String text) {
    if (text == null) {
      throw new ValuesDocumentException("no values document given");
    }
    return new ValuesDocument(text, YamlParser.parse(text));
  }

  /** The document's text, exactly as read or as edited. */
  public String text() {
    return text;
  }

  /**
   * The scalar value at {@code path}: unquoted, unescaped and folded for quoted styles, the text as
   * written for plain ones ({@code 1.4.1}, {@code ~}), empty for {@code key:} with nothing after
   * it. Empty when the key, or one of the mappings leading to it, is absent.
   *
   * @throws ValuesDocumentException when the path goes through or ends on something other than
   *     block mappings and a scalar (see the class documentation)
   */
  public Optional<String> get(KeyPath path) {
    Lookup lookup = lookup(path);
    if (lookup.node() == null) {
      return Optional.empty();
    }
    return Optional.of(scalarAt(path, lookup).value());
  }

  /**
   * The scalar at {@code path} with its YAML type, as a promotion copies it; empty when the key, or
   * one of the mappings leading to it, is absent.
   *
   * @throws ValuesDocumentException as {@link #get}, and for a scalar with a tag other than {@code
   *     !!str}, {@code !} or {@code !!null} (its type is the tag's, which Helmgate does not copy)
   */
  public Optional<TypedValue> typed(KeyPath path) {
    Lookup lookup = lookup(path);
    if (lookup.node() == null) {
      return Optional.empty();
    }
    Scalar scalar = scalarAt(path, lookup);
    return Optional.of(new TypedValue(scalar.value(), typeOf(path, lookup.line(), scalar)));
  }

  /**
   * A copy in which the scalar at {@code path} has {@code value} of YAML type {@code type}, written
   * as the class documentation says for promoted values; a missing key is created as {@link
   * #withCreate} does. Returns this document when it already has that value and type.
   *
   * @throws ValuesDocumentException as {@link #withCreate}, when a plain value cannot be written
   *     plain, or when the target scalar's tag would change the type
   */
  public ValuesDocument withTyped(KeyPath path, String value, ValueType type) {
    if (type == ValueType.AS_SET) {
      return withCreate(path, value);
    }
    TypedValue wanted = new TypedValue(value, type);
    checkValue(path, wanted.value());
    if (type == ValueType.PLAIN && !ScalarText.safeAsPlain(wanted.value())) {
      throw new ValuesDocumentException(
          "the new value for `" + path + "` cannot be written as a plain scalar");
    }
    Lookup lookup = lookup(path);
    if (lookup.node() == null) {
      return created(
          path, lookup, typedText(wanted), r -> r.typed(path).equals(Optional.of(wanted)));
    }
    Scalar scalar = scalarAt(path, lookup);
    if (new TypedValue(scalar.value(), typeOf(path, lookup.line(), scalar)).equals(wanted)) {
      return this;
    }
    if (scalar.tag() != null && type != ValueType.STRING) {
      throw new ValuesDocumentException(
          "`"
              + path
              + "` (line "
              + lookup.line()
              + ") has the tag `"
              + scalar.tag()
              + "`, which would make the promoted "
              + type.name().toLowerCase(java.util.Locale.ROOT)
              + " value a string; change it by hand");
    }
    String written;
    if (type == ValueType.STRING && scalar.style() == Style.SINGLE_QUOTED) {
      written = ScalarText.singleQuoted(wanted.value());
    } else if (type == ValueType.STRING && scalar.style() == Style.DOUBLE_QUOTED) {
      written = ScalarText.doubleQuoted(wanted.value());
    } else if (type == ValueType.STRING && scalar.tag() != null) {
      written =
          ScalarText.safeAsPlain(wanted.value())
              ? wanted.value()
              : ScalarText.doubleQuoted(wanted.value());
    } else {
      written = typedText(wanted);
    }
    if (scalar.style() == Style.EMPTY) {
      written = " " + written;
    }
    String edited = text.substring(0, scalar.start()) + written + text.substring(scalar.end());
    return verified(path, r -> r.typed(path).equals(Optional.of(wanted)), edited);
  }

  /**
   * A copy in which only the bytes of the scalar at {@code path} changed to {@code newValue},
   * written as the class documentation says. Returns this document when the value is already {@code
   * newValue}.
   *
   * @throws ValuesDocumentException when the key does not exist, the path is refused by {@link
   *     #get}, or the value is not one printable line of at most 256 characters
   */
  public ValuesDocument with(KeyPath path, String newValue) {
    checkValue(path, newValue);
    Lookup lookup = lookup(path);
    if (lookup.node() == null) {
      throw new ValuesDocumentException(
          "`"
              + path
              + "` does not exist in these values ("
              + describeMissing(path, lookup)
              + "); Helmgate changes only existing keys unless creating keys is allowed");
    }
    Scalar scalar = scalarAt(path, lookup);
    if (scalar.value().equals(newValue)) {
      return this;
    }
    if (scalar.tag() != null && !STRING_TAGS.contains(scalar.tag())) {
      throw new ValuesDocumentException(
          "`"
              + path
              + "` (line "
              + lookup.line()
              + ") has the tag `"
              + scalar.tag()
              + "`; Helmgate writes only untagged or `!!str` values, change it by hand");
    }
    String written = render(scalar, newValue);
    if (scalar.style() == Style.EMPTY) {
      written = " " + written;
    }
    String edited = text.substring(0, scalar.start()) + written + text.substring(scalar.end());
    return verified(path, newValue, edited);
  }

  /** How YAML types a scalar; the line is for the message about a tag it cannot copy. */
  private static ValueType typeOf(KeyPath path, int line, Scalar scalar) {
    if (scalar.tag() != null) {
      if (STRING_TAGS.contains(scalar.tag())) {
        return ValueType.STRING;
      }
      if (scalar.tag().equals("!!null")) {
        return ValueType.NULL;
      }
      throw new ValuesDocumentException(
          "`"
              + path
              + "` (line "
              + line
              + ") has the tag `"
              + scalar.tag()
              + "`; Helmgate promotes only untagged or `!!str` values, change it by hand");
    }
    return switch (scalar.style()) {
      case EMPTY -> ValueType.NULL;
      case SINGLE_QUOTED, DOUBLE_QUOTED -> ValueType.STRING;
      case PLAIN ->
          ScalarText.isNull(scalar.value())
              ? ValueType.NULL
              : ScalarText.readsAsString(scalar.value()) ? ValueType.STRING : ValueType.PLAIN;
    };
  }

  /** A typed value's text where nothing else decides its form (a plain or new scalar). */
  private static String typedText(TypedValue v) {
    return switch (v.type()) {
      case NULL -> TypedValue.NULL_TEXT;
      case PLAIN -> v.value();
      default ->
          ScalarText.safeAsPlain(v.value()) && ScalarText.readsAsString(v.value())
              ? v.value()
              : ScalarText.doubleQuoted(v.value());
    };
  }

  /**
   * Like {@link #with}, but a missing key (and missing mappings on the way to it) is added as the
   * last entry of the deepest existing block mapping on the path, at that mapping's indentation.
   *
   * @throws ValuesDocumentException as {@link #with}, except for a missing key
   */
  public ValuesDocument withCreate(KeyPath path, String newValue) {
    checkValue(path, newValue);
    Lookup lookup = lookup(path);
    if (lookup.node() != null) {
      return with(path, newValue);
    }
    return created(
        path, lookup, ScalarText.untyped(newValue), r -> r.get(path).equals(Optional.of(newValue)));
  }

  /** Adds the missing key (and mappings) at {@code path} with {@code written} as its text. */
  private ValuesDocument created(
      KeyPath path, Lookup lookup, String written, Predicate<ValuesDocument> readsBack) {
    Mapping parent = lookup.parent();
    int unit = parsed.indentUnit() > 0 ? parsed.indentUnit() : 2;
    List<String> missing = path.segments().subList(lookup.depth(), path.segments().size());
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < missing.size(); k++) {
      String key = missing.get(k);
      String keyText = ScalarText.readsAsString(key) ? key : ScalarText.doubleQuoted(key);
      String indent = " ".repeat(parent.indent() + k * unit);
      boolean leaf = k == missing.size() - 1;
      lines.add(indent + keyText + ":" + (leaf ? " " + written : ""));
    }
    String edited;
    int at = parent.endOffset();
    if (at < 0) {
      // no line at all: the text is empty, or only a byte order mark
      edited = text + String.join(parsed.lineBreak(), lines) + parsed.lineBreak();
    } else {
      String eol = lineBreakAt(at);
      edited = text.substring(0, at) + eol + String.join(eol, lines) + text.substring(at);
    }
    return verified(path, readsBack, edited);
  }

  /**
   * Every key path that {@link #get} can read: plain, quoted and empty scalars reached through
   * block mappings only, in document order. Keys that are not valid {@link KeyPath} segments and
   * everything below them are left out.
   */
  public List<KeyPath> scalarPaths() {
    List<KeyPath> paths = new ArrayList<>();
    collect(parsed.root(), new ArrayList<>(), paths);
    return List.copyOf(paths);
  }

  /**
   * The anchors ({@code &name}) on the value at {@code path} or on a mapping leading to it that an
   * alias ({@code *name}) in the document reads, each with the 1-based lines of those aliases, in
   * document order. Changing the value changes what every such alias reads. Found in the text, so
   * an alias-like {@code *name} in a comment or a quoted string counts too: it errs towards
   * reporting.
   */
  public Map<String, List<Integer>> aliasedAnchors(KeyPath path) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (Anchor anchor : anchorsOn(path)) {
      List<Integer> lines = aliasLines(anchor.name());
      if (!lines.isEmpty()) {
        out.put(anchor.name(), lines);
      }
    }
    return out;
  }

  /**
   * An anchor ({@code &name}) on the value that the first {@code depth} segments of a key path
   * reach.
   */
  public record Anchor(String name, int depth) {}

  /**
   * The anchors on the value at {@code path} and on the mappings leading to it, outermost first.
   */
  public List<Anchor> anchorsOn(KeyPath path) {
    List<Anchor> out = new ArrayList<>();
    YamlNode node = parsed.root();
    int depth = 0;
    for (String segment : path.segments()) {
      if (!(node instanceof Mapping mapping)) {
        break;
      }
      Entry entry = mapping.find(segment);
      if (entry == null) {
        break;
      }
      depth++;
      Matcher anchor = ANCHOR.matcher(lineText(entry.line()));
      if (anchor.find()) {
        out.add(new Anchor(anchor.group(1), depth));
      }
      node = entry.value();
    }
    return out;
  }

  /**
   * Every key path, reached through block mappings, whose value is an alias ({@code tag: *appTag}),
   * with the name of the anchor it reads, in document order.
   */
  public Map<KeyPath, String> aliasKeys() {
    Map<KeyPath, String> out = new LinkedHashMap<>();
    collectAliases(parsed.root(), new ArrayList<>(), out);
    return out;
  }

  private static void collectAliases(
      Mapping mapping, List<String> prefix, Map<KeyPath, String> out) {
    for (Entry entry : mapping.entries()) {
      if (!isSegment(entry.key())) {
        continue;
      }
      prefix.add(entry.key());
      if (entry.value() instanceof Alias alias) {
        out.put(new KeyPath(prefix), alias.name());
      } else if (entry.value() instanceof Mapping child) {
        collectAliases(child, prefix, out);
      }
      prefix.remove(prefix.size() - 1);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValuesDocument other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Never the content: values documents may hold secrets. */
  @Override
  public String toString() {
    return "ValuesDocument[" + text.length() + " characters]";
  }

  // ---------------------------------------------------------------- helpers

  /** Refuses a value Helmgate will not write; the message names the key, never the value. */
  static void checkValue(KeyPath path, String value) {
    String reason = ScalarText.invalidValueReason(value);
    if (reason != null) {
      throw new ValuesDocumentException("new value for `" + path + "`: " + reason);
    }
  }

  /**
   * Where a path leads: its node, or (node null) the deepest existing mapping and the index of the
   * first segment missing from it.
   */
  private record Lookup(YamlNode node, int line, Mapping parent, int depth) {}

  private Lookup lookup(KeyPath path) {
    YamlNode node = parsed.root();
    int line = 0;
    List<String> segments = path.segments();
    for (int i = 0; i < segments.size(); i++) {
      if (!(node instanceof Mapping mapping)) {
        String prefix = String.join(".", segments.subList(0, i));
        throw new ValuesDocumentException(
            "`" + path + "`: `" + prefix + "` (line " + line + ") " + notAMapping(node));
      }
      Entry entry = mapping.find(segments.get(i));
      if (entry == null) {
        if (mapping.mergeLine() > 0) {
          String where =
              i == 0 ? "the top level" : "`" + String.join(".", segments.subList(0, i)) + "`";
          throw new ValuesDocumentException(
              "`"
                  + path
                  + "`: "
                  + where
                  + " takes keys from a merge key (`<<`, line "
                  + mapping.mergeLine()
                  + ") and has no `"
                  + segments.get(i)
                  + "` of its own; Helmgate does not follow merges, so set the key explicitly"
                  + " there, or edit the anchored original by its own path");
        }
        return new Lookup(null, line, mapping, i);
      }
      node = entry.value();
      line = entry.line();
    }
    return new Lookup(node, line, null, segments.size());
  }

  private static Scalar scalarAt(KeyPath path, Lookup lookup) {
    YamlNode node = lookup.node();
    if (node instanceof Scalar scalar) {
      return scalar;
    }
    String what;
    if (node instanceof Mapping m) {
      what = "is a mapping (keys: " + keys(m) + "), not a single value";
    } else if (node instanceof BlockScalar b) {
      what =
          "is a block scalar (`"
              + b.indicator()
              + "`); Helmgate edits only single-line values, change it by hand";
    } else if (node instanceof Alias a) {
      what = "is an alias (`*" + a.name() + "`), not a value; change the anchored original instead";
    } else {
      what = describe(node) + ", not a single value";
    }
    throw new ValuesDocumentException("`" + path + "` (line " + lookup.line() + ") " + what);
  }

  private static String notAMapping(YamlNode node) {
    if (node instanceof Scalar s) {
      return s.style() == Style.EMPTY
          ? "is empty (null), not a mapping"
          : "is a scalar, not a mapping";
    }
    if (node instanceof Sequence) {
      return "is a list; Helmgate cannot address list items";
    }
    if (node instanceof Flow) {
      return describe(node) + "; Helmgate reads and edits block mappings only";
    }
    if (node instanceof Alias) {
      return describe(node) + ", not a mapping; change the anchored original instead";
    }
    return describe(node) + ", not a mapping";
  }

  private static String describe(YamlNode node) {
    if (node instanceof Sequence) {
      return "is a list";
    }
    if (node instanceof BlockScalar b) {
      return "is a block scalar (`" + b.indicator() + "`)";
    }
    if (node instanceof Alias a) {
      return "is an alias (`*" + a.name() + "`)";
    }
    if (node instanceof Flow f) {
      return "is a flow " + (f.mapping() ? "mapping (`{…}`)" : "list (`[…]`)");
    }
    return "is a " + node.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private static String keys(Mapping mapping) {
    String keys =
        mapping.entries().stream().limit(5).map(Entry::key).collect(Collectors.joining(", "));
    return mapping.entries().size() > 5 ? keys + ", …" : keys;
  }

  private static String describeMissing(KeyPath path, Lookup lookup) {
    List<String> segments = path.segments();
    String missing = segments.get(lookup.depth());
    if (lookup.depth() == 0) {
      return "no top-level key `" + missing + "`";
    }
    return "`"
        + String.join(".", segments.subList(0, lookup.depth()))
        + "` (line "
        + lookup.line()
        + ") has no key `"
        + missing
        + "`";
  }

  private static String render(Scalar old, String value) {
    switch (old.style()) {
      case SINGLE_QUOTED:
        return ScalarText.singleQuoted(value);
      case DOUBLE_QUOTED:
        return ScalarText.doubleQuoted(value);
      case EMPTY:
        return ScalarText.untyped(value);
      case PLAIN:
      default:
        if (!ScalarText.safeAsPlain(value)) {
          return ScalarText.doubleQuoted(value);
        }
        if (old.tag() != null) {
          return value;
        }
        if (ScalarText.isNull(old.value())) {
          return ScalarText.untyped(value);
        }
        if (ScalarText.readsAsString(old.value()) && !ScalarText.readsAsString(value)) {
          return ScalarText.doubleQuoted(value);
        }
        return value;
    }
  }

  /**
   * Re-reads an edit and checks that it says what was asked and that every other value reads as
   * before: a wrong edit must never reach a commit. A failure here is a bug in this class.
   */
  private ValuesDocument verified(KeyPath path, String value, String edited) {
    return verified(path, r -> r.get(path).equals(Optional.of(value)), edited);
  }

  private ValuesDocument verified(
      KeyPath path, Predicate<ValuesDocument> readsBack, String edited) {
    ValuesDocument result;
    try {
      result = parse(edited);
    } catch (ValuesDocumentException e) {
      throw new IllegalStateException(
          "editing `" + path + "` produced a document that does not read back: " + e.getMessage(),
          e);
    }
    if (!readsBack.test(result)) {
      throw new IllegalStateException("editing `" + path + "` did not read back as the new value");
    }
    List<KeyPath> expected = new ArrayList<>(scalarPaths());
    if (!expected.contains(path)) {
      expected.add(path);
    }
    List<KeyPath> actual = result.scalarPaths();
    if (!new HashSet<>(actual).equals(new HashSet<>(expected))) {
      throw new IllegalStateException("editing `" + path + "` changed which keys the values have");
    }
    for (KeyPath other : expected) {
      if (!other.equals(path) && !get(other).equals(result.get(other))) {
        throw new IllegalStateException("editing `" + path + "` changed `" + other + "` too");
      }
    }
    return result;
  }

  /** The text of a 1-based line, without its line break. */
  private String lineText(int line) {
    int start = 0;
    for (int i = 1; i < line && start >= 0; i++) {
      start = text.indexOf('\n', start);
      start = start < 0 ? -1 : start + 1;
    }
    if (start < 0) {
      return "";
    }
    int end = text.indexOf('\n', start);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  private List<Integer> aliasLines(String anchor) {
    Pattern alias =
        Pattern.compile("(?<![^\\s\\[{,:])\\*" + Pattern.quote(anchor) + "(?![^\\s,\\]}])");
    List<Integer> lines = new ArrayList<>();
    int line = 1;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (alias.matcher(text.substring(start, end < 0 ? text.length() : end)).find()) {
        lines.add(line);
      }
      if (end < 0) {
        break;
      }
      start = end + 1;
      line++;
    }
    return lines;
  }

  private String lineBreakAt(int offset) {
    if (text.startsWith("\r\n", offset)) {
      return "\r\n";
    }
    if (text.startsWith("\n", offset)) {
      return "\n";
    }
    return parsed.lineBreak();
  }

  private static void collect(Mapping mapping, List<String> prefix, List<KeyPath> out) {
    for (Entry entry : mapping.entries()) {
      if (!isSegment(entry.key())) {
        continue;
      }
      prefix.add(entry.key());
      if (entry.value() instanceof Scalar) {
        out.add(new KeyPath(prefix));
      } else if (entry.value() instanceof Mapping child) {
        collect(child, prefix, out);
      }
      prefix.remove(prefix.size() - 1);
    }
  }

  private static boolean isSegment(String key) {
    return KeyPath.parse(key).map(p -> p.segments().size() == 1).orElse(false);
  }
}
