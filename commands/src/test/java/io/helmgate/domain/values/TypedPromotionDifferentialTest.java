package io.helmgate.domain.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Promotion keeps the YAML type the source states, checked against a real YAML parser
 * (snakeyaml-engine, YAML 1.2 core schema) and against YAML 1.1's type rules (what Helm's parser
 * reads), written here from the YAML 1.1 type repository independently of {@link ScalarText}.
 */
class TypedPromotionDifferentialTest {

  /** Texts that look like another type to YAML 1.1 or 1.2, written plain or quoted below. */
  static final List<String> LOOK_ALIKES =
      List.of(
          "true",
          "false",
          "True",
          "FALSE",
          "yes",
          "no",
          "Yes",
          "NO",
          "on",
          "off",
          "On",
          "OFF",
          "y",
          "n",
          "Y",
          "null",
          "Null",
          "NULL",
          "~",
          "0",
          "1",
          "-1",
          "+1",
          "10",
          "010",
          "0777",
          "0o17",
          "0x1f",
          "0xFF",
          "0b101",
          "1_000",
          "1.5",
          "1.10",
          "-2.5",
          ".5",
          "1.",
          "1e3",
          "1E3",
          "6.8523015e+5",
          "685.230_15e+03",
          ".inf",
          "-.inf",
          "+.INF",
          ".Inf",
          ".nan",
          ".NaN",
          "1:30",
          "190:20:30",
          "12:00",
          "2024-01-01",
          "2001-12-14t21:59:43.10-05:00",
          "2001-12-14 21:59:43.10 -5",
          "2002-1-2",
          "20240101",
          "<<",
          "=");

  /** Plain texts every YAML reads as strings. */
  static final List<String> STRINGS =
      List.of(
          "nginx",
          "1.4.1",
          "v1.2",
          "hello world",
          "a-b",
          "1.10.0",
          "latest",
          "registry/app:1.2",
          "sha256:abcd",
          "x=y",
          "yes-please",
          "nullable",
          "0x",
          "1.2.3.4",
          "-v");

  /** Everything a leaf can be written as, after {@code key: }. */
  static final List<String> FORMS = forms();

  static List<String> forms() {
    List<String> forms = new ArrayList<>();
    forms.add("");
    forms.add("# nothing but a comment");
    forms.add("\"\"");
    forms.add("''");
    forms.add("null # commented null");
    forms.add("!!str 123");
    forms.add("!!str null");
    forms.add("!!str");
    forms.add("\"a: b\"");
    forms.add("'#not a comment'");
    forms.add("\"*star\"");
    forms.add("' lead and trail '");
    forms.add("'it''s'");
    forms.add("\"say \\\"hi\\\"\"");
    forms.add("\"20240101\"   # a date-like string");
    for (String s : STRINGS) {
      forms.add(s);
      forms.add("'" + s + "'");
    }
    for (String s : LOOK_ALIKES) {
      forms.add(s);
      forms.add("\"" + s + "\"");
      forms.add("'" + s + "'");
    }
    forms.removeIf(f -> f.equals("<<") || f.equals("="));
    return List.copyOf(forms);
  }

  /**
   * The target forms of the table: the special ones and every fifth of the rest (each style and
   * type still occurs), so that the table stays a unit test's few seconds.
   */
  static final List<String> TARGETS =
      java.util.stream.IntStream.range(0, FORMS.size())
          .filter(i -> i < 15 || i % 5 == 0)
          .mapToObj(FORMS::get)
          .toList();

  static final KeyPath KEY = KeyPath.of("image.tag");

  static String document(String tagForm, String otherForm) {
    return "# values\n"
        + "image:\n"
        + "  repository: registry.example.org/acme/app\n"
        + "  tag:"
        + (tagForm.isEmpty() ? "" : " " + tagForm)
        + "\n"
        + "  pullPolicy: "
        + otherForm
        + "\n"
        + "replicaCount: 2\n";
  }

  // ------------------------------------------------------------------ explicit table

  @Test
  void everyFormPromotedOverEveryFormReadsInTheTargetAsInTheSource() {
    int promotions = 0;
    for (String source : FORMS) {
      for (String target : TARGETS) {
        String sourceText = document(source, "IfNotPresent");
        String targetText = document(target, "'Always'");
        String result = promote(sourceText, targetText, List.of(KEY));
        if (result == null) {
          continue;
        }
        promotions++;
        assertSameLeaf(sourceText, result, KEY, source + " over " + target);
        assertSameLeaf(
            targetText, result, KeyPath.of("image.pullPolicy"), source + " over " + target);
        assertSameLeaf(targetText, result, KeyPath.of("replicaCount"), source + " over " + target);
      }
    }
    assertThat(promotions).isGreaterThan(FORMS.size() * TARGETS.size() * 9 / 10);
  }

  // ------------------------------------------------------------------ seeded random documents

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4711})
  void randomDocumentsPromoteTheChosenKeysAndLeaveTheOthersAlone(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 60; round++) {
      int count = 3 + random.nextInt(6);
      List<KeyPath> keys = new ArrayList<>();
      Map<KeyPath, String> source = new LinkedHashMap<>();
      Map<KeyPath, String> target = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        KeyPath key = KeyPath.of((i % 2 == 0 ? "app.k" : "k") + i);
        keys.add(key);
        source.put(key, FORMS.get(random.nextInt(FORMS.size())));
        if (random.nextInt(8) != 0) {
          target.put(key, FORMS.get(random.nextInt(FORMS.size())));
        }
      }
      List<KeyPath> promoted = keys.stream().filter(k -> random.nextBoolean()).toList();
      String sourceText = nested(source);
      String targetText = nested(target);
      String result = promote(sourceText, targetText, promoted);
      if (result == null) {
        continue;
      }
      for (KeyPath key : keys) {
        String what = "seed " + seed + " round " + round + " key " + key;
        if (promoted.contains(key)) {
          assertSameLeaf(sourceText, result, key, what + " (promoted)");
        } else if (target.containsKey(key)) {
          assertSameLeaf(targetText, result, key, what + " (not promoted)");
        } else {
          assertThat(leaf(result, key)).as(what + " (absent, not promoted)").isNull();
        }
      }
    }
  }

  static String nested(Map<KeyPath, String> leaves) {
    StringBuilder top = new StringBuilder("name: demo\n");
    StringBuilder app = new StringBuilder("app:\n  enabled: true\n");
    leaves.forEach(
        (key, form) -> {
          if (key.segments().size() == 2) {
            app.append("  ").append(key.segments().get(1)).append(": ").append(form).append('\n');
          } else {
            top.append(key).append(": ").append(form).append('\n');
          }
        });
    return top.append(app).toString();
  }

  /**
   * The target after promoting {@code keys}, or null when the promotion is refused for the one
   * documented reason: a {@code !!str} target cannot take a null or a non-string.
   */
  static String promote(String sourceText, String targetText, List<KeyPath> keys) {
    ValuesDocument source = ValuesDocument.parse(sourceText);
    ValuesDocument target = ValuesDocument.parse(targetText);
    ChangeSet change = ChangeCalculator.promotion(target, source, keys);
    try {
      return ChangeCalculator.apply(target, change);
    } catch (ValuesDocumentException e) {
      assertThat(e.getMessage()).contains("has the tag `!!str`");
      return null;
    }
  }

  // ------------------------------------------------------------------ what parsers see

  /** The leaf's value in the YAML 1.2 core schema, in YAML 1.1 and as a loaded Java object. */
  record View(String core, String yaml11, Object loaded) {}

  static void assertSameLeaf(String expectedDoc, String actualDoc, KeyPath key, String what) {
    View expected = view(expectedDoc, key);
    View actual = view(actualDoc, key);
    assertThat(actual)
        .as(what + "\n--- expected from:\n" + expectedDoc + "--- got:\n" + actualDoc)
        .isEqualTo(expected);
    if (expected.loaded() != null) {
      assertThat(actual.loaded().getClass()).as(what).isEqualTo(expected.loaded().getClass());
    }
  }

  static View view(String doc, KeyPath key) {
    ScalarNode node = leaf(doc, key);
    assertThat(node).as(key + " in\n" + doc).isNotNull();
    String core = node.getTag().getValue();
    String coreValue = core.endsWith(":null") ? core : core + " " + node.getValue();
    return new View(coreValue, yaml11(node), loaded(node));
  }

  static final LoadSettings SETTINGS = LoadSettings.builder().setSchema(new CoreSchema()).build();

  /** Documents as composed; the table promotes each source over many targets. */
  static final Map<String, Node> COMPOSED = new java.util.concurrent.ConcurrentHashMap<>();

  static ScalarNode leaf(String doc, KeyPath key) {
    if (COMPOSED.size() > 10_000) {
      COMPOSED.clear();
    }
    Node node =
        COMPOSED.computeIfAbsent(
            doc, text -> new Compose(SETTINGS).composeString(text).orElseThrow());
    for (String segment : key.segments()) {
      if (!(node instanceof MappingNode mapping)) {
        return null;
      }
      Node next = null;
      for (NodeTuple tuple : mapping.getValue()) {
        if (((ScalarNode) tuple.getKeyNode()).getValue().equals(segment)) {
          next = tuple.getValueNode();
        }
      }
      if (next == null) {
        return null;
      }
      node = next;
    }
    return (ScalarNode) node;
  }

  /**
   * The leaf as snakeyaml-engine constructs it; a scalar it resolves but cannot construct (it fails
   * on {@code .inf} in lower case) is compared by its resolved tag and text instead.
   */
  static Object loaded(ScalarNode leaf) {
    try {
      return new StandardConstructor(SETTINGS).constructSingleDocument(Optional.of(leaf));
    } catch (YamlEngineException e) {
      return "unconstructed " + leaf.getTag().getValue() + " " + leaf.getValue();
    }
  }

  // YAML 1.1 type repository (yaml.org/type): bool, int, float, null, timestamp, merge, value.
  // The float is the one YAML 1.1 parsers use (PyYAML, SnakeYAML): the repository's literal
  // `[0-9.]*` would make `1.4.1` a float, which no parser does.
  static final Pattern Y11_BOOL =
      Pattern.compile(
          "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  static final Pattern Y11_INT =
      Pattern.compile(
          "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+");
  static final Pattern Y11_FLOAT =
      Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  static final Pattern Y11_NULL = Pattern.compile("~|null|Null|NULL|");
  static final Pattern Y11_TIMESTAMP =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
              + "(\\.[0-9]*)?(([ \\t]*)Z|[ \\t]*[-+][0-9]{1,2}(:[0-9]{2})?)?");

  /** How a YAML 1.1 reader (Helm's) types the scalar, with its text. */
  static String yaml11(ScalarNode node) {
    String text = node.getValue();
    if (node.getScalarStyle() != ScalarStyle.PLAIN) {
      return "str " + text;
    }
    if (!node.isResolved()) {
      // an explicit tag; `!!str null` is the string "null" as much as "null" is
      return node.getTag().getValue().endsWith(":str")
          ? "str " + text
          : "explicit " + node.getTag().getValue() + " " + text;
    }
    if (Y11_NULL.matcher(text).matches()) {
      return "null";
    }
    for (Pattern p : List.of(Y11_BOOL, Y11_INT, Y11_FLOAT, Y11_TIMESTAMP)) {
      if (p.matcher(text).matches()) {
        return "non-string " + text;
      }
    }
    if (text.equals("<<") || text.equals("=")) {
      return "non-string " + text;
    }
    return "str " + text;
  }

  // ------------------------------------------------------------------ the rules, one by one

  @Test
  void nullInEverySpellingStaysNullWrittenAsNull() {
    for (String spelling : List.of("null", "~", "", "Null", "NULL")) {
      String result = promote(document(spelling, "x"), document("1.4.1", "x"), List.of(KEY));
      assertThat(result).contains("  tag: null\n");
      assertThat(loaded(leaf(result, KEY))).isNull();
    }
  }

  @Test
  void aQuotedStringThatLooksLikeAnotherTypeIsQuotedInAPlainTarget() {
    String result = promote(document("\"20240101\"", "x"), document("1.4.1", "x"), List.of(KEY));

    assertThat(result).contains("  tag: \"20240101\"\n");
    assertThat(loaded(leaf(result, KEY))).isEqualTo("20240101");
  }

  @Test
  void anEmptyStringAndNullAreDifferentValues() {
    ChangeSet change =
        ChangeCalculator.promotion(
            ValuesDocument.parse(document("", "x")),
            ValuesDocument.parse(document("\"\"", "x")),
            List.of(KEY));

    assertThat(change.effective().changes()).hasSize(1);
    assertThat(change.changes().get(0).toString()).isEqualTo("image.tag null → \"\"");
  }

  @Test
  void theSameValueInAnotherSpellingIsUnchanged() {
    ChangeSet change =
        ChangeCalculator.promotion(
            ValuesDocument.parse(document("'1.4.1'", "x")),
            ValuesDocument.parse(document("1.4.1", "x")),
            List.of(KEY));

    assertThat(change.effective().isEmpty()).isTrue();
  }

  @Test
  void aPlainNumberIsCopiedPlainEvenOverAQuotedString() {
    String result = promote(document("3", "x"), document("\"2\"", "x"), List.of(KEY));

    assertThat(result).contains("  tag: 3\n");
    assertThat(loaded(leaf(result, KEY))).isEqualTo(3);
  }

  @Test
  void settingAKeyExplicitlyKeepsTheDocumentedRules() {
    ChangeSet change =
        ChangeCalculator.explicit(ValuesDocument.parse(document("", "x")), Map.of(KEY, "null"));

    assertThat(change.changes().get(0).isTyped()).isFalse();
    assertThat(ChangeCalculator.apply(ValuesDocument.parse(document("", "x")), change))
        .contains("  tag: null\n");
  }

  @Test
  void aTargetTaggedStrRefusesANull() {
    assertThatThrownBy(
            () ->
                ChangeCalculator.apply(
                    ValuesDocument.parse(document("!!str 1.0", "x")),
                    ChangeCalculator.promotion(
                        ValuesDocument.parse(document("!!str 1.0", "x")),
                        ValuesDocument.parse(document("~", "x")),
                        List.of(KEY))))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageContaining("has the tag `!!str`");
  }
}
