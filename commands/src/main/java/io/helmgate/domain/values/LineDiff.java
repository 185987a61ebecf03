package io.helmgate.domain.values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unified line diff of two texts ({@code @@ -3,4 +3,5 @@}, then {@code " "}, {@code -} and {@code
 * +} lines), for differences that no key path can express: lists, flow collections, block scalars,
 * aliases, comments, keys with dots or slashes. Written here (Myers' O(ND) shortest edit script)
 * rather than taken from a library because the domain has no dependencies.
 *
 * <p>Lines are compared exactly, line breaks excluded; a last line without a line break is marked
 * {@code \ No newline at end of file}, as git does, so that only byte-identical texts have an empty
 * diff.
 */
public final class LineDiff {

  /** Lines of unchanged context around each change. */
  static final int CONTEXT = 3;

  private static final String NO_NEWLINE = "\\ No newline at end of file";

  /** A mapping key at the start of a line: {@code key:}, {@code "key":} or {@code 'key':}. */
  private static final Pattern KEY =
      Pattern.compile("^ *(?:\"([^\"]*)\"|'([^']*)'|([^\\s#'\"\\-\\[{][^:#]*?)) *:(?: |$)");

  private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

  private LineDiff() {}

  /** The unified diff of {@code before} → {@code after}; empty when the texts are identical. */
  public static List<String> unified(String before, String after) {
    return unified(before, after, UnaryOperator.identity());
  }

  /**
   * The unified diff of {@code before} → {@code after}, compared as they are but shown through
   * {@code shown}, which must keep every line where it is (such as {@link Redaction#maskText}): a
   * changed secret shows as a changed line, never its value.
   */
  public static List<String> unified(String before, String after, UnaryOperator<String> shown) {
    if (before.equals(after)) {
      return List.of();
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<String> shownA = lines(shown.apply(before));
    List<String> shownB = lines(shown.apply(after));
    if (shownA.size() != a.size() || shownB.size() != b.size()) {
      throw new IllegalArgumentException("the shown text must keep every line where it is");
    }
    return hunks(shownA, shownB, script(a, b));
  }

  /**
   * The lines of a text without their line breaks; a last line that lacks one gets {@link
   * #NO_NEWLINE} appended, so that adding or removing the final line break is a visible change.
   */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
        String line = text.substring(start, end);
        // a CRLF line differs from an LF one in bytes, so the diff must show it
        out.add(end < i ? line + "\r" : line);
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start) + "\n" + NO_NEWLINE);
    }
    return out;
  }

  /**
   * The edit script as pairs {@code (i, j)} walked from (0, 0) to (n, m): a step in both is an
   * equal line, a step in {@code i} only a deletion, a step in {@code j} only an insertion.
   */
  private static List<int[]> script(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int max = n + m;
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= max && found < 0; d++) {
      trace.add(v.clone());
      for (int k = -d; k <= d; k += 2) {
        int x =
            k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                ? v[offset + k + 1]
                : v[offset + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && a.get(x).equals(b.get(y))) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          found = d;
          break;
        }
      }
    }
    // walk back through the saved frontiers to recover the path
    List<int[]> path = new ArrayList<>();
    int x = n;
    int y = m;
    for (int d = found; d >= 0; d--) {
      int[] vd = trace.get(d);
      int k = x - y;
      int prevK;
      if (d == 0) {
        prevK = 0;
      } else {
        prevK = k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
      }
      int prevX = d == 0 ? 0 : vd[offset + prevK];
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        path.add(new int[] {x, y});
        x--;
        y--;
      }
      if (d > 0) {
        path.add(new int[] {x, y});
      }
      x = prevX;
      y = prevY;
    }
    path.add(new int[] {0, 0});
    Collections.reverse(path);
    return path;
  }

  private static List<String> hunks(List<String> a, List<String> b, List<int[]> path) {
    // one row per step: ' ', '-' or '+', with the line indexes before it
    List<int[]> rows = new ArrayList<>();
    for (int s = 1; s < path.size(); s++) {
      int[] p = path.get(s - 1);
      int[] q = path.get(s);
      char op = q[0] > p[0] && q[1] > p[1] ? ' ' : q[0] > p[0] ? '-' : '+';
      rows.add(new int[] {op, p[0], p[1]});
    }
    List<String> out = new ArrayList<>();
    int r = 0;
    while (r < rows.size()) {
      if (rows.get(r)[0] == ' ') {
        r++;
        continue;
      }
      int start = Math.max(0, r - CONTEXT);
      // extend while the next change is within 2 * CONTEXT equal lines
      int equalRun = 0;
      int last = r;
      for (int t = r; t < rows.size(); t++) {
        if (rows.get(t)[0] == ' ') {
          equalRun++;
          if (equalRun > 2 * CONTEXT) {
            break;
          }
        } else {
          equalRun = 0;
          last = t;
        }
      }
      int end = Math.min(rows.size(), last + 1 + CONTEXT);
      int aStart = rows.get(start)[1];
      int bStart = rows.get(start)[2];
      int aCount = 0;
      int bCount = 0;
      List<String> body = new ArrayList<>();
      for (int t = start; t < end; t++) {
        int[] row = rows.get(t);
        switch (row[0]) {
          case ' ' -> {
            body.add(" " + a.get(row[1]));
            aCount++;
            bCount++;
          }
          case '-' -> {
            body.add("-" + a.get(row[1]));
            aCount++;
          }
          default -> {
            body.add("+" + b.get(row[2]));
            bCount++;
          }
        }
      }
      int[] first = rows.get(r);
      String where = first[0] == '-' ? enclosing(a, first[1]) : enclosing(b, first[2]);
      out.add(
          "@@ -"
              + range(aStart, aCount)
              + " +"
              + range(bStart, bCount)
              + " @@"
              + (where.isEmpty() ? "" : " " + where));
      for (String line : body) {
        // the marker of a last line without a line break becomes a line of its own, as in git
        int marker = line.indexOf("\n" + NO_NEWLINE);
        if (marker >= 0) {
          out.add(line.substring(0, marker));
          out.add(NO_NEWLINE);
        } else {
          out.add(line);
        }
      }
      r = end;
    }
    return List.copyOf(out);
  }

  /**
   * The key path of the mappings around line {@code index}, as git shows the function around a
   * hunk: {@code ingress.annotations}, a key with dots or slashes quoted ({@code
   * metadata.annotations["konghq.com/plugins"]}), so that a change deep in a file says where it is.
   * Read from indentation; empty at the top level or when the lines are not YAML keys.
   */
  static String enclosing(List<String> lines, int index) {
    if (index >= lines.size()) {
      return "";
    }
    int indent = indentOf(lines.get(index));
    List<String> keys = new ArrayList<>();
    for (int i = index - 1; i >= 0 && indent > 0; i--) {
      String line = lines.get(i);
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int ind = indentOf(line);
      if (ind >= indent) {
        continue;
      }
      Matcher m = KEY.matcher(line);
      if (!m.find()) {
        return "";
      }
      keys.add(0, m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
      indent = ind;
    }
    StringBuilder path = new StringBuilder();
    for (String key : keys) {
      if (PLAIN_SEGMENT.matcher(key).matches()) {
        path.append(path.length() == 0 ? "" : ".").append(key);
      } else {
        path.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
      }
    }
    return path.toString();
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static String range(int start, int count) {
    // unified diff numbers lines from 1; an empty range names the line before it
    int first = count == 0 ? start : start + 1;
    return count == 1 ? String.valueOf(first) : first + "," + count;
  }
}
