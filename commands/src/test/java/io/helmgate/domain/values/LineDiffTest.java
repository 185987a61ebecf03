package io.helmgate.domain.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {

  @Test
  void identicalTextsHaveNoDiff() {
    assertThat(LineDiff.unified("a: 1\nb: 2\n", "a: 1\nb: 2\n")).isEmpty();
  }

  @Test
  void aChangedLineIsShownWithItsContextAndLineNumbers() {
    String before = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\n";
    String after = "a: 1\nb: 2\nc: 3\nd: 4\ne: 50\nf: 6\ng: 7\nh: 8\n";

    assertThat(LineDiff.unified(before, after))
        .containsExactly(
            "@@ -2,7 +2,7 @@",
            " b: 2",
            " c: 3",
            " d: 4",
            "-e: 5",
            "+e: 50",
            " f: 6",
            " g: 7",
            " h: 8");
  }

  @Test
  void insertionsAndDeletionsAreShown() {
    assertThat(LineDiff.unified("list:\n  - a\n  - b\n", "list:\n  - b\n  - c\n"))
        .containsExactly("@@ -1,3 +1,3 @@ list", " list:", "-  - a", "   - b", "+  - c");
  }

  @Test
  void changesFarApartMakeSeparateHunks() {
    StringBuilder before = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      before.append("k").append(i).append(": ").append(i).append('\n');
    }
    String after = before.toString().replace("k2: 2\n", "k2: x\n").replace("k18: 18\n", "");

    List<String> diff = LineDiff.unified(before.toString(), after);

    assertThat(diff.stream().filter(l -> l.startsWith("@@")))
        .containsExactly("@@ -1,5 +1,5 @@", "@@ -15,6 +15,5 @@");
    assertThat(diff).contains("-k2: 2", "+k2: x", "-k18: 18");
  }

  @Test
  void aDifferenceOnlyInTheLastLineBreakIsShown() {
    assertThat(LineDiff.unified("a: 1\n", "a: 1"))
        .containsExactly("@@ -1 +1 @@", "-a: 1", "+a: 1", "\\ No newline at end of file");
  }

  @Test
  void aDifferenceOnlyInLineEndingsIsShown() {
    assertThat(LineDiff.unified("a: 1\n", "a: 1\r\n")).hasSize(3);
  }

  @Test
  void fromAndToEmptyTexts() {
    assertThat(LineDiff.unified("", "a: 1\n")).containsExactly("@@ -0,0 +1 @@", "+a: 1");
    assertThat(LineDiff.unified("a: 1\nb: 2\n", ""))
        .containsExactly("@@ -1,2 +0,0 @@", "-a: 1", "-b: 2");
  }

  @Test
  void aHunkNamesTheMappingsAroundItsChangeQuotingKeysWithDotsOrSlashes() {
    String before =
        "ingress:\n  enabled: true\n  annotations:\n    a: 1\n    b: 2\n    c: 3\n"
            + "    konghq.com/plugins: rate-limit\n";
    String after = before.replace("rate-limit\n", "rate-limit,auth\n");

    assertThat(LineDiff.unified(before, after).get(0))
        .isEqualTo("@@ -4,4 +4,4 @@ ingress.annotations");
    assertThat(LineDiff.enclosing(List.of("metadata:", "  \"konghq.com/plugins\":", "    x: 1"), 2))
        .isEqualTo("metadata[\"konghq.com/plugins\"]");
  }
}
