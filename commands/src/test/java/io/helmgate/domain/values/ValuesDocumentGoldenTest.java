package io.helmgate.domain.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files: {@code <case>.input.yaml} edited as {@code <case>.edits} says must equal {@code
 * <case>.expected.yaml} byte for byte, and a line diff must show only the lines the edits name.
 */
class ValuesDocumentGoldenTest {

  /**
   * {@code 9 image.tag = 1.4.2} (line 9 changes), {@code 1-4 description = x} (lines 1 to 4 become
   * one), {@code +2 a.b = c} (two lines are inserted).
   */
  private static final Pattern EDIT =
      Pattern.compile("(?:(\\d+)(?:-(\\d+))?|\\+(\\d+)) ([A-Za-z0-9_.-]+) = (.*)");

  /** {@code ~8}: input line 8 only gains a line break (a line is appended after the last one). */
  private static final Pattern LINE_BREAK_ADDED = Pattern.compile("~(\\d+)");

  private record Edit(int from, int to, int inserted, KeyPath path, String value) {
    boolean creates() {
      return inserted > 0;
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "helm-basic",
        "quoting",
        "anchors-merge",
        "block-scalars",
        "crlf",
        "flow",
        "create",
        "multiline",
        "lists"
      })
  void editingGoldenInputGivesExpectedBytesAndTouchesOnlyTheEditedLines(String name) {
    String input = resource(name + ".input.yaml");
    String expected = resource(name + ".expected.yaml");
    List<Edit> edits = edits(resource(name + ".edits"));

    ValuesDocument document = ValuesDocument.parse(input);
    for (Edit edit : edits) {
      document =
          edit.creates()
              ? document.withCreate(edit.path(), edit.value())
              : document.with(edit.path(), edit.value());
    }

    assertThat(document.text()).isEqualTo(expected);
    Set<Integer> declaredChanged = new TreeSet<>();
    int declaredAdded = 0;
    for (String line : resource(name + ".edits").split("\n")) {
      Matcher m = LINE_BREAK_ADDED.matcher(line);
      if (m.matches()) {
        declaredChanged.add(Integer.parseInt(m.group(1)));
        declaredAdded++;
      }
    }
    for (Edit edit : edits) {
      if (edit.creates()) {
        declaredAdded += edit.inserted();
      } else {
        for (int line = edit.from(); line <= edit.to(); line++) {
          declaredChanged.add(line);
        }
        declaredAdded++;
      }
    }
    LineDiff diff = LineDiff.of(lines(input), lines(document.text()));
    assertThat(diff.removed()).as("input lines changed").isEqualTo(declaredChanged);
    assertThat(diff.added()).as("lines written").isEqualTo(declaredAdded);
    ValuesDocument reread = ValuesDocument.parse(document.text());
    for (Edit edit : edits) {
      assertThat(reread.get(edit.path())).as(edit.path().toString()).contains(edit.value());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "helm-basic",
        "quoting",
        "anchors-merge",
        "block-scalars",
        "crlf",
        "flow",
        "create",
        "multiline",
        "lists"
      })
  void everyReadableScalarCanBeRewrittenTouchingOnlyItsOwnLines(String name) {
    String input = resource(name + ".input.yaml");
    ValuesDocument document = ValuesDocument.parse(input);
    assertThat(document.scalarPaths()).isNotEmpty();

    for (KeyPath path : document.scalarPaths()) {
      String edited = document.with(path, "edited-1.2.3").text();

      LineDiff diff = LineDiff.of(lines(input), lines(edited));
      assertThat(diff.added()).as(path.toString()).isEqualTo(1);
      int first = diff.removed().iterator().next();
      assertThat(diff.removed())
          .as(path.toString())
          .hasSizeGreaterThanOrEqualTo(1)
          .allMatch(line -> line < first + diff.removed().size());
    }
  }

  private static List<Edit> edits(String spec) {
    List<Edit> edits = new ArrayList<>();
    for (String line : spec.split("\n")) {
      if (line.isBlank() || line.startsWith("#") || LINE_BREAK_ADDED.matcher(line).matches()) {
        continue;
      }
      Matcher m = EDIT.matcher(line);
      assertThat(m.matches()).as("edit line `%s`", line).isTrue();
      KeyPath path = KeyPath.of(m.group(4));
      if (m.group(3) != null) {
        edits.add(new Edit(0, 0, Integer.parseInt(m.group(3)), path, m.group(5)));
      } else {
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        edits.add(new Edit(from, to, 0, path, m.group(5)));
      }
    }
    return edits;
  }

  /** Lines with their line breaks, so that a changed line ending counts as a changed line. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  private static String resource(String name) {
    try (InputStream in = ValuesDocumentGoldenTest.class.getResourceAsStream("golden/" + name)) {
      assertThat(in).as("test resource golden/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A longest-common-subsequence line diff: which old lines (1-based) went, how many came. */
  record LineDiff(Set<Integer> removed, int added) {

    static LineDiff of(List<String> before, List<String> after) {
      int n = before.size();
      int m = after.size();
      int[][] common = new int[n + 1][m + 1];
      for (int i = n - 1; i >= 0; i--) {
        for (int j = m - 1; j >= 0; j--) {
          common[i][j] =
              before.get(i).equals(after.get(j))
                  ? common[i + 1][j + 1] + 1
                  : Math.max(common[i + 1][j], common[i][j + 1]);
        }
      }
      Set<Integer> removed = new TreeSet<>();
      int added = 0;
      int i = 0;
      int j = 0;
      while (i < n && j < m) {
        if (before.get(i).equals(after.get(j))) {
          i++;
          j++;
        } else if (common[i + 1][j] >= common[i][j + 1]) {
          removed.add(++i);
        } else {
          added++;
          j++;
        }
      }
      while (i < n) {
        removed.add(++i);
      }
      return new LineDiff(removed, added + (m - j));
    }
  }
}
