package io.helmgate.domain.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValuesDocumentTest {

  private static KeyPath key(String dotted) {
    return KeyPath.of(dotted);
  }

  @Nested
  class Reading {

    private final ValuesDocument doc =
        ValuesDocument.parse(
            """
            \uFEFF# every scalar style Helm values use
            ---
            plain: 1.4.1
            plainComment: nginx   # trailing comment
            hashInside: a#b
            url: http://payments.acme.internal:8080/health
            single: 'it''s'
            double: "tab\\there \\"q\\" \\u00e9 \\x41 \\/"
            emptyDouble: ""
            nullTilde: ~
            empty:
            emptyWithComment:   # nothing yet
            anchored: &a value
            tagged: !!str 10
            taggedQuoted: !!str "10"
            multi: first
              second

              third
            "quotedKey": from a quoted key
            'singleKey': from a single-quoted key
            spaced : v
            nested:
              deeper:
                leaf: deep
            unicode: größe
            tabSeparated:\tvalue
            ...
            """);

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(
        delimiter = '|',
        emptyValue = "",
        value = {
          "plain            | 1.4.1",
          "plainComment     | nginx",
          "hashInside       | a#b",
          "url              | http://payments.acme.internal:8080/health",
          "single           | it's",
          "emptyDouble      | ''",
          "nullTilde        | ~",
          "empty            | ''",
          "emptyWithComment | ''",
          "anchored         | value",
          "tagged           | 10",
          "taggedQuoted     | 10",
          "quotedKey        | from a quoted key",
          "singleKey        | from a single-quoted key",
          "spaced           | v",
          "nested.deeper.leaf | deep",
          "unicode          | größe",
          "tabSeparated     | value"
        })
    void getReturnsTheScalarAsYamlReadsIt(String path, String expected) {
      assertThat(doc.get(key(path))).contains(expected);
    }

    @Test
    void getUnescapesDoubleQuotedScalars() {
      assertThat(doc.get(key("double"))).contains("tab\there \"q\" é A /");
    }

    @Test
    void getFoldsAPlainScalarSpreadOverSeveralLines() {
      assertThat(doc.get(key("multi"))).contains("first second\nthird");
    }

    @Test
    void getWhenKeyIsAbsentThenEmpty() {
      assertThat(doc.get(key("absent"))).isEmpty();
      assertThat(doc.get(key("nested.absent"))).isEmpty();
      assertThat(doc.get(key("nested.absent.deeper"))).isEmpty();
    }

    @Test
    void getReadsMultiLineQuotedScalars() {
      ValuesDocument multi =
          ValuesDocument.parse(
              """
              single: 'one
                two

                three'
              double: "joined\\
                without space, \\
                kept"
              """);
      assertThat(multi.get(key("single"))).contains("one two\nthree");
      assertThat(multi.get(key("double"))).contains("joinedwithout space, kept");
    }

    @Test
    void emptyDocumentsAreEmptyMappings() {
      assertThat(ValuesDocument.parse("").get(key("a"))).isEmpty();
      assertThat(ValuesDocument.parse("# nothing here\n\n").scalarPaths()).isEmpty();
      assertThat(ValuesDocument.parse("---\n...\n").get(key("a"))).isEmpty();
    }

    @Test
    void scalarPathsListsEveryReadableLeafInDocumentOrder() {
      ValuesDocument values =
          ValuesDocument.parse(
              """
              replicaCount: 2
              image:
                repository: registry.example.org/acme/payments-api
                tag: "1.4.1"
              podAnnotations:
                prometheus.io/scrape: "true"
              env:
                - name: DB_PASSWORD
                  value: <path:secret/data/acme/payments/prod#db-password>
              resources: {}
              config: |
                a: b
              base: &base
                level: info
              ref: *base
              db:
                password:
              """);

      assertThat(values.scalarPaths())
          .containsExactly(
              key("replicaCount"),
              key("image.repository"),
              key("image.tag"),
              key("base.level"),
              key("db.password"));
      for (KeyPath path : values.scalarPaths()) {
        assertThat(values.get(path)).isPresent();
      }
    }

    @Test
    void toStringNeverShowsTheContent() {
      assertThat(ValuesDocument.parse("password: hunter2\n").toString()).doesNotContain("hunter2");
    }
  }

  @Nested
  class RefusedPaths {

    private final ValuesDocument doc =
        ValuesDocument.parse(
            """
            image:
              tag: 1.4.1
              empty:
            env:
              - name: DB_URL
            list:
            - a
            resources: {}
            args: [--port=8080]
            config: |
              server.port=8080
            base: &base
              level: info
            ref: *base
            merged:
              <<: *base
              own: 2
            """);

    static Stream<Arguments> refusals() {
      return Stream.of(
          Arguments.of(
              "image.tag.x", "`image.tag.x`: `image.tag` (line 2) is a scalar, not a mapping"),
          Arguments.of("image.empty.x", "`image.empty` (line 3) is empty (null), not a mapping"),
          Arguments.of("env.name", "`env` (line 4) is a list; Helmgate cannot address list items"),
          Arguments.of("list.a", "`list` (line 6) is a list"),
          Arguments.of(
              "image", "`image` (line 1) is a mapping (keys: tag, empty), not a single value"),
          Arguments.of("env", "`env` (line 4) is a list, not a single value"),
          Arguments.of(
              "resources", "`resources` (line 8) is a flow mapping (`{…}`), not a single value"),
          Arguments.of(
              "resources.limits",
              "`resources` (line 8) is a flow mapping (`{…}`); Helmgate reads and edits block"
                  + " mappings only"),
          Arguments.of("args", "`args` (line 9) is a flow list (`[…]`), not a single value"),
          Arguments.of("config", "`config` (line 10) is a block scalar (`|`)"),
          Arguments.of("config.x", "`config` (line 10) is a block scalar (`|`), not a mapping"),
          Arguments.of("ref", "`ref` (line 14) is an alias (`*base`), not a value"),
          Arguments.of("ref.level", "`ref` (line 14) is an alias (`*base`), not a mapping"),
          Arguments.of(
              "merged.level",
              "`merged` takes keys from a merge key (`<<`, line 16) and has no `level` of its own"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void getRefusesPathsItCannotFollow(String path, String message) {
      assertThatThrownBy(() -> doc.get(key(path)))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void withRefusesTheSamePaths(String path, String message) {
      assertThatThrownBy(() -> doc.with(key(path), "x"))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessageContaining(message);
      assertThatThrownBy(() -> doc.withCreate(key(path), "x"))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessageContaining(message);
    }

    @Test
    void keysOfTheirOwnBesideAMergeStayReachable() {
      assertThat(doc.get(key("merged.own"))).contains("2");
      assertThat(doc.with(key("merged.own"), "3").get(key("merged.own"))).contains("3");
    }

    @Test
    void withWhenKeyIsMissingThenRefusedNamingTheMappingThatLacksIt() {
      assertThatThrownBy(() -> doc.with(key("image.digest"), "sha256:abc"))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessage(
              "`image.digest` does not exist in these values (`image` (line 1) has no key"
                  + " `digest`); Helmgate changes only existing keys unless creating keys is"
                  + " allowed");
      assertThatThrownBy(() -> doc.with(key("podLabels.team"), "payments"))
          .hasMessageContaining("(no top-level key `podLabels`)");
    }

    @Test
    void withCreateRefusesToAddKeysInsideFlowCollections() {
      assertThatThrownBy(() -> doc.withCreate(key("resources.limits.cpu"), "500m"))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessageContaining("flow mapping");
    }
  }

  @Nested
  class RefusedValues {

    private final ValuesDocument doc = ValuesDocument.parse("image:\n  tag: 1.4.1\n");

    @ParameterizedTest(name = "{1}")
    @MethodSource("io.helmgate.domain.values.ValuesDocumentTest#invalidValues")
    void withRefusesValuesThatAreNotOnePrintableLine(String value, String reason) {
      assertThatThrownBy(() -> doc.with(key("image.tag"), value))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessageStartingWith("new value for `image.tag`: ")
          .hasMessageContaining(reason);
      assertThatThrownBy(() -> doc.withCreate(key("image.digest"), value))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessageContaining(reason);
    }

    @Test
    void refusalsNeverRepeatTheValue() {
      assertThatThrownBy(() -> doc.with(key("image.tag"), "s3cr3t-value\nsecond line"))
          .message()
          .doesNotContain("s3cr3t");
    }

    @Test
    void aValueOfExactly256CharactersIsAccepted() {
      String longest = "a".repeat(256);
      assertThat(doc.with(key("image.tag"), longest).get(key("image.tag"))).contains(longest);
    }
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("1.4.2\n", "line break"),
        Arguments.of("a\r\nb", "line break"),
        Arguments.of("a".repeat(257), "257 characters long; Helmgate sets values of at most 256"),
        Arguments.of("bell\u0007", "U+0007 at position 5"),
        Arguments.of("tab\there", "U+0009"),
        Arguments.of("nul\u0000", "U+0000"),
        Arguments.of("line\u2028separator", "U+2028"),
        Arguments.of("\uFEFFbom", "U+FEFF"),
        Arguments.of("broken\uD800", "U+D800"),
        Arguments.of(null, "no value given"));
  }

  @Nested
  class MalformedDocuments {

    static Stream<Arguments> documents() {
      return Stream.of(
          Arguments.of("tab indentation", "image:\n\ttag: 1.4.1\n", 2, "tab character"),
          Arguments.of(
              "tab after spaces", "a:\n  b: 1\n  \tc: 2\n", 3, "tab character in the indentation"),
          Arguments.of(
              "key indented deeper than its sibling",
              "image:\n  repository: nginx\n    tag: 1.4.1\n",
              3,
              "inconsistent indentation"),
          Arguments.of(
              "key indented less than its sibling",
              "image:\n    repository: nginx\n  tag: 1.4.1\n",
              3,
              "inconsistent indentation: expected a key at column 1 like `image`"),
          Arguments.of(
              "unterminated double quote",
              "tag: \"1.4.1\nnext: 1\n",
              1,
              "double-quoted value is not closed before line 2"),
          Arguments.of(
              "unterminated single quote at the end",
              "tag: '1.4.1",
              1,
              "single-quoted value is not closed"),
          Arguments.of(
              "unclosed flow list", "args: [a, b\nnext: 1\n", 1, "opened here is not closed"),
          Arguments.of("mismatched brackets", "args: [a, b}\n", 1, "does not close the `[`"),
          Arguments.of(
              "duplicate key", "a: 1\nb: 2\na: 3\n", 3, "duplicate key `a` (first on line 1)"),
          Arguments.of("root is a list", "- a\n- b\n", 1, "the document is a list"),
          Arguments.of("root is a flow mapping", "{a: 1}\n", 1, "flow collection"),
          Arguments.of("root is a scalar", "just text\n", 1, "expected `key: value`"),
          Arguments.of("two documents", "a: 1\n---\nb: 2\n", 2, "a second YAML document"),
          Arguments.of("colon in a plain value", "cmd: echo a: b\n", 1, "`: ` inside a plain"),
          Arguments.of("list on its key's line", "a: - b\n", 1, "a list cannot start"),
          Arguments.of("text after a quoted value", "a: \"x\" y\n", 1, "after the closing quote"),
          Arguments.of("unknown escape", "a: \"\\q\"\n", 1, "unknown escape `\\q`"),
          Arguments.of("complex key", "? a\n: b\n", 1, "expected `key: value`"),
          Arguments.of("bare carriage return", "a: 1\rb: 2\n", 1, "carriage return"),
          Arguments.of("text after block header", "a: |x\n  t\n", 1, "block scalar header"),
          Arguments.of(
              "list and keys on one level", "a:\n  - x\n  b: 1\n", 3, "expected a list item"),
          Arguments.of("directive", "%YAML 1.2\n---\na: 1\n", 1, "directives"),
          Arguments.of("reserved indicator", "a: @x\n", 1, "cannot start with `@`"),
          Arguments.of("alias followed by text", "a: &x 1\nb: *x y\n", 2, "after the alias"),
          Arguments.of("content on the --- line", "--- a: 1\n", 1, "content on the `---` line"),
          Arguments.of("list item where a key belongs", "a: 1\n- b\n", 2, "a list item"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void parseRefusesDocumentsItCannotEditSafely(
        String name, String text, int line, String message) {
      assertThatThrownBy(() -> ValuesDocument.parse(text))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessageStartingWith("line " + line + ": ")
          .hasMessageContaining(message);
    }

    @Test
    void parseErrorsNeverQuoteTheDocument() {
      assertThatThrownBy(() -> ValuesDocument.parse("db:\n  password: \"hunter2\" oops\n"))
          .isInstanceOf(ValuesDocumentException.class)
          .message()
          .doesNotContain("hunter2");
    }
  }

  @Nested
  class Writing {

    static Stream<Arguments> rewrites() {
      return Stream.of(
          // a plain string stays plain while the new value reads as a string too
          Arguments.of("v: 1.4.1", "1.4.2", "v: 1.4.2"),
          Arguments.of("v: 1.4.1", "v1.5.0-rc.1", "v: v1.5.0-rc.1"),
          Arguments.of("v: nginx", "say \"hi\"", "v: say \"hi\""),
          Arguments.of("v: nginx", "-x", "v: -x"),
          Arguments.of("v: nginx", "größe", "v: größe"),
          // ... and is quoted when the new value would read as another type
          Arguments.of("v: 1.4.1", "true", "v: \"true\""),
          Arguments.of("v: 1.4.1", "null", "v: \"null\""),
          Arguments.of("v: 1.4.1", "~", "v: \"~\""),
          Arguments.of("v: 1.4.1", "yes", "v: \"yes\""),
          Arguments.of("v: 1.4.1", "On", "v: \"On\""),
          Arguments.of("v: 1.4.1", "10", "v: \"10\""),
          Arguments.of("v: 1.4.1", "1.5", "v: \"1.5\""),
          Arguments.of("v: 1.4.1", "1e3", "v: \"1e3\""),
          Arguments.of("v: 1.4.1", "0x1f", "v: \"0x1f\""),
          Arguments.of("v: 1.4.1", "0o17", "v: \"0o17\""),
          Arguments.of("v: 1.4.1", "012", "v: \"012\""),
          Arguments.of("v: 1.4.1", "1:30", "v: \"1:30\""),
          Arguments.of("v: 1.4.1", ".inf", "v: \".inf\""),
          Arguments.of("v: 1.4.1", "2024-01-31", "v: \"2024-01-31\""),
          // ... or when it cannot be written plain at all
          Arguments.of("v: 1.4.1", "", "v: \"\""),
          Arguments.of("v: nginx", "a: b", "v: \"a: b\""),
          Arguments.of("v: nginx", "a #b", "v: \"a #b\""),
          Arguments.of("v: nginx", "#b", "v: \"#b\""),
          Arguments.of("v: nginx", "*ref", "v: \"*ref\""),
          Arguments.of("v: nginx", "&anchor", "v: \"&anchor\""),
          Arguments.of("v: nginx", "- item", "v: \"- item\""),
          Arguments.of("v: nginx", " padded", "v: \" padded\""),
          Arguments.of("v: nginx", "'q'", "v: \"'q'\""),
          Arguments.of("v: nginx", "[a]", "v: \"[a]\""),
          Arguments.of("v: nginx", "ends:", "v: \"ends:\""),
          Arguments.of("v: nginx", "back\\slash \"q\" #", "v: \"back\\\\slash \\\"q\\\" #\""),
          // a plain number, boolean or date keeps its plain style
          Arguments.of("v: 2", "3", "v: 3"),
          Arguments.of("v: 2", "large", "v: large"),
          Arguments.of("v: false", "true", "v: true"),
          Arguments.of("v: 0.5", "0.75", "v: 0.75"),
          // an explicit tag decides the type, so the value stays plain
          Arguments.of("v: !!str 1.0", "2.0", "v: !!str 2.0"),
          // null and empty have no type to keep: strings and JSON literals plain, else quoted
          Arguments.of("v: ~", "3", "v: 3"),
          Arguments.of("v: null", "true", "v: true"),
          Arguments.of("v: ~", "nginx", "v: nginx"),
          Arguments.of("v: ~", "1.10", "v: \"1.10\""),
          Arguments.of("v: ~", "yes", "v: \"yes\""),
          Arguments.of("v:", "1.4.2", "v: 1.4.2"),
          Arguments.of("v:", "1.10", "v: \"1.10\""),
          Arguments.of("v:   # set by Ops", "42", "v: 42   # set by Ops"),
          Arguments.of("v: &tag", "1.4.2", "v: &tag 1.4.2"),
          // quoted stays quoted, with that style's escaping
          Arguments.of("v: \"1.10\"", "1.11", "v: \"1.11\""),
          Arguments.of("v: \"x\"", "true", "v: \"true\""),
          Arguments.of("v: \"x\"", "a\"b\\c", "v: \"a\\\"b\\\\c\""),
          Arguments.of("v: 'x'", "it's", "v: 'it''s'"),
          Arguments.of("v: 'x'", "back\\slash", "v: 'back\\slash'"),
          // what surrounds the scalar stays
          Arguments.of("v: &a x", "true", "v: &a \"true\""),
          Arguments.of("v: !!str &a x", "y", "v: !!str &a y"),
          Arguments.of("v:    1.4.1    # keep   ", "1.4.2", "v:    1.4.2    # keep   "),
          Arguments.of("v : 1.4.1", "1.4.2", "v : 1.4.2"),
          Arguments.of("\"v\": '1'", "2", "\"v\": '2'"));
    }

    @ParameterizedTest(name = "[{0}] ← [{1}] gives [{2}]")
    @MethodSource("rewrites")
    void withWritesTheValueInTheOldStyleUnlessThatWouldChangeItsType(
        String before, String value, String after) {
      ValuesDocument edited = ValuesDocument.parse(before + "\nnext: 1\n").with(key("v"), value);

      assertThat(edited.text()).isEqualTo(after + "\nnext: 1\n");
      assertThat(edited.get(key("v"))).contains(value);
    }

    @Test
    void withRefusesValuesWhoseTagIsNotAStringTag() {
      ValuesDocument doc = ValuesDocument.parse("weight: !!int 10\ntoken: !vault db/token\n");

      assertThatThrownBy(() -> doc.with(key("weight"), "20"))
          .isInstanceOf(ValuesDocumentException.class)
          .hasMessage(
              "`weight` (line 1) has the tag `!!int`; Helmgate writes only untagged or `!!str`"
                  + " values, change it by hand");
      assertThatThrownBy(() -> doc.with(key("token"), "x")).hasMessageContaining("`!vault`");
      assertThat(doc.get(key("weight"))).contains("10");
      assertThat(ValuesDocument.parse("v: ! 10\n").with(key("v"), "11").text())
          .isEqualTo("v: ! 11\n");
    }

    @Test
    void withTheCurrentValueReturnsTheSameDocument() {
      ValuesDocument doc = ValuesDocument.parse("a: \"\\x41\"\nb:\n");

      assertThat(doc.with(key("a"), "A")).isSameAs(doc);
      assertThat(doc.with(key("b"), "")).isSameAs(doc);
    }

    @Test
    void withLeavesTheOriginalDocumentUntouched() {
      ValuesDocument doc = ValuesDocument.parse("image:\n  tag: 1.4.1\n");

      doc.with(key("image.tag"), "1.4.2");

      assertThat(doc.get(key("image.tag"))).contains("1.4.1");
      assertThat(doc.text()).isEqualTo("image:\n  tag: 1.4.1\n");
    }

    @Test
    void withCreateOnAnExistingKeyChangesIt() {
      ValuesDocument doc = ValuesDocument.parse("image:\n  tag: 1.4.1\n");

      assertThat(doc.withCreate(key("image.tag"), "1.4.2").text())
          .isEqualTo("image:\n  tag: 1.4.2\n");
    }

    @Test
    void withCreateInAnEmptyDocumentStartsTheMapping() {
      assertThat(ValuesDocument.parse("").withCreate(key("image.tag"), "1.4.2").text())
          .isEqualTo("image:\n  tag: 1.4.2\n");
      assertThat(ValuesDocument.parse("# Ops values\n").withCreate(key("a"), "b").text())
          .isEqualTo("# Ops values\na: b\n");
      assertThat(ValuesDocument.parse("---\n").withCreate(key("a"), "b").text())
          .isEqualTo("---\na: b\n");
      assertThat(ValuesDocument.parse("\uFEFF").withCreate(key("a"), "b").text())
          .isEqualTo("\uFEFFa: b\n");
    }

    @Test
    void withCreateFollowsTheDocumentsIndentation() {
      ValuesDocument doc = ValuesDocument.parse("image:\n    repository: nginx\n");

      assertThat(doc.withCreate(key("autoscaling.limits.max"), "5").text())
          .isEqualTo("image:\n    repository: nginx\nautoscaling:\n    limits:\n        max: 5\n");
    }

    @Test
    void withCreateQuotesNewKeysThatWouldNotReadAsStrings() {
      ValuesDocument doc = ValuesDocument.parse("a: 1\n").withCreate(key("yes.1"), "x");

      assertThat(doc.text()).isEqualTo("a: 1\n\"yes\":\n  \"1\": x\n");
      assertThat(doc.get(key("yes.1"))).contains("x");
    }

    @Test
    void withCreateAddsUnderAnIndentlessListsParent() {
      ValuesDocument doc =
          ValuesDocument.parse("app:\n  env:\n  - name: A\n  port: 80\n")
              .withCreate(key("app.host"), "shop.example.org");

      assertThat(doc.text())
          .isEqualTo("app:\n  env:\n  - name: A\n  port: 80\n  host: shop.example.org\n");
    }

    @Test
    void editsKeepLineEndingsOfEachLine() {
      ValuesDocument doc = ValuesDocument.parse("a: 1\r\nb: 2\r\n");

      assertThat(doc.with(key("b"), "3").withCreate(key("c"), "4").text())
          .isEqualTo("a: 1\r\nb: 3\r\nc: 4\r\n");
    }

    @Test
    void aPathThroughAKeyWithDotsCannotBeNamedButDoesNotConfuseLookups() {
      ValuesDocument doc = ValuesDocument.parse("image.tag: wrong\nimage:\n  tag: right\n");

      assertThat(doc.get(key("image.tag"))).contains("right");
      assertThat(doc.scalarPaths()).isEqualTo(List.of(key("image.tag")));
    }
  }
}
