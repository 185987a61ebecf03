package io.helmgate.domain.values;

import io.helmgate.domain.values.YamlNode.Alias;
import io.helmgate.domain.values.YamlNode.BlockScalar;
import io.helmgate.domain.values.YamlNode.Entry;
import io.helmgate.domain.values.YamlNode.Flow;
import io.helmgate.domain.values.YamlNode.Mapping;
import io.helmgate.domain.values.YamlNode.Scalar;
import io.helmgate.domain.values.YamlNode.Sequence;
import io.helmgate.domain.values.YamlNode.Style;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the block structure of one YAML document and where each scalar's bytes are. It is a
 * recogniser for the YAML that Helm values files use, not a general YAML parser: it refuses what it
 * does not understand instead of guessing, because a wrong guess would edit the wrong bytes.
 *
 * <p>Offsets are absolute positions in the text; line indexes are 0-based inside, 1-based in
 * messages and nodes. Error messages never quote document text, which may hold secrets.
 */
final class YamlParser {

  /**
   * The parsed document.
   *
   * @param indentUnit how far the document indents a nested block (0 when it has none)
   * @param lineBreak the document's first line break, or {@code \n} when it has none
   */
  record Result(Mapping root, int indentUnit, String lineBreak) {}

  private record KeyScan(String key, int after, boolean quoted) {}

  private record PlainLine(int end, boolean comment) {}

  private final String text;
  private final int[] starts;
  private final int[] ends;
  private final int n;
  private int li;
  private int lastContent = -1;
  private int indentUnit;

  private YamlParser(String text, List<int[]> lines) {
    this.text = text;
    this.n = lines.size();
    this.starts = new int[n];
    this.ends = new int[n];
    for (int i = 0; i < n; i++) {
      starts[i] = lines.get(i)[0];
      ends[i] = lines.get(i)[1];
    }
  }

  static Result parse(String text) {
    List<int[]> lines = new ArrayList<>();
    String lineBreak = null;
    int lineStart = text.startsWith("\uFEFF") ? 1 : 0;
    for (int i = lineStart; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        boolean crlf = i > lineStart && text.charAt(i - 1) == '\r';
        lines.add(new int[] {lineStart, crlf ? i - 1 : i});
        if (lineBreak == null) {
          lineBreak = crlf ? "\r\n" : "\n";
        }
        lineStart = i + 1;
      } else if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
        throw ValuesDocumentException.atLine(
            lines.size() + 1,
            "carriage return without a line feed; use \\n or \\r\\n line endings");
      }
    }
    if (lineStart < text.length()) {
      lines.add(new int[] {lineStart, text.length()});
    }
    YamlParser parser = new YamlParser(text, lines);
    Mapping root = parser.document();
    return new Result(root, parser.indentUnit, lineBreak == null ? "\n" : lineBreak);
  }

  // ---------------------------------------------------------------- document and collections

  private Mapping document() {
    li = 0;
    skipInsignificant();
    if (li < n && at(li, starts[li]) == '%') {
      throw err(li, "YAML directives (`%YAML`, `%TAG`) are not supported; remove the line");
    }
    if (li < n && isMarker(li, "---")) {
      if (!restIsCommentOrEnd(li, starts[li] + 3)) {
        throw err(
            li, "content on the `---` line is not supported; start the values on the next line");
      }
      li++;
      skipInsignificant();
    }
    Mapping root;
    if (li >= n || isMarker(li, "...") || isMarker(li, "---")) {
      int last = li >= n ? n - 1 : li - 1;
      root = new Mapping(1, 0, List.of(), last >= 0 ? ends[last] : -1, 0);
    } else {
      checkTabs(li);
      int indent = indentOf(li);
      int p = starts[li] + indent;
      int c = at(li, p);
      if (isSeqIndicator(li, p)) {
        throw err(li, "the document is a list; a values file must be a mapping of `key: value`");
      }
      if (c == '[' || c == '{') {
        throw err(
            li,
            "the document is a flow collection; a values file must be a block mapping of"
                + " `key: value` lines");
      }
      if (scanKey(li, p) == null) {
        throw err(li, "expected `key: value`; a values file must be a mapping of keys");
      }
      root = mapping(li, indent);
    }
    skipInsignificant();
    if (li < n) {
      if (isMarker(li, "...")) {
        li++;
        skipInsignificant();
        if (li < n) {
          throw err(
              li,
              isMarker(li, "---")
                  ? "a second YAML document; Helmgate expects one document per values file"
                  : "content after the document end marker `...`");
        }
      } else if (isMarker(li, "---")) {
        throw err(
            li, "a second YAML document (`---`); Helmgate expects one document per values file");
      } else {
        throw err(
            li,
            "inconsistent indentation: this line is indented less than the first key (column "
                + (root.indent() + 1)
                + ")");
      }
    }
    return root;
  }

  /** A block mapping whose first key is on line {@code line} at column {@code indent}. */
  private Mapping mapping(int line, int indent) {
    List<Entry> entries = new ArrayList<>();
    Map<String, Entry> byKey = new HashMap<>();
    int mergeLine = 0;
    boolean first = true;
    Entry previous = null;
    while (true) {
      if (!first) {
        skipInsignificant();
        if (li >= n || isMarker(li, "---") || isMarker(li, "...")) {
          break;
        }
        checkTabs(li);
        int ind = indentOf(li);
        if (ind < indent) {
          break;
        }
        if (ind > indent) {
          throw err(
              li,
              "inconsistent indentation: expected a key at column "
                  + (indent + 1)
                  + " like `"
                  + previous.key()
                  + "` on line "
                  + previous.line()
                  + ", found column "
                  + (ind + 1));
        }
      }
      first = false;
      int p = starts[li] + indent;
      if (isSeqIndicator(li, p)) {
        throw err(
            li,
            "a list item (`- `) where a key was expected; a list must follow its key (`key:`)"
                + " on the next lines");
      }
      KeyScan key = scanKey(li, p);
      if (key == null) {
        throw err(li, "expected `key: value` at column " + (indent + 1));
      }
      Entry earlier = byKey.get(key.key());
      if (earlier != null) {
        throw err(li, "duplicate key `" + key.key() + "` (first on line " + earlier.line() + ")");
      }
      if (!key.quoted() && key.key().equals("<<")) {
        mergeLine = li + 1;
      }
      int keyLine = li;
      YamlNode value = value(li, key.after(), indent, true);
      previous = new Entry(key.key(), keyLine + 1, value);
      entries.add(previous);
      byKey.put(previous.key(), previous);
    }
    return new Mapping(line + 1, indent, entries, ends[lastContent], mergeLine);
  }

  /**
   * A block sequence whose first {@code -} is on line {@code line} at column {@code indent}. {@code
   * indentless}: it is a mapping value at the mapping's own indentation, so a key at that column
   * ends it.
   */
  private Sequence sequence(int line, int indent, boolean indentless) {
    boolean first = true;
    while (true) {
      if (!first) {
        skipInsignificant();
        if (li >= n || isMarker(li, "---") || isMarker(li, "...")) {
          break;
        }
        checkTabs(li);
        int ind = indentOf(li);
        if (ind < indent) {
          break;
        }
        if (ind > indent) {
          throw err(
              li,
              "inconsistent indentation: expected a list item (`- `) at column "
                  + (indent + 1)
                  + ", found column "
                  + (ind + 1));
        }
        if (!isSeqIndicator(li, starts[li] + ind)) {
          if (indentless) {
            break;
          }
          throw err(
              li,
              "expected a list item (`- `) at column "
                  + (indent + 1)
                  + "; a list and keys cannot share one indentation level");
        }
      }
      first = false;
      value(li, starts[li] + indent + 1, indent, false);
    }
    return new Sequence(line + 1);
  }

  /**
   * The node after a mapping's {@code :} or a sequence's {@code -} at offset {@code p} of line
   * {@code line}: on the same line, on the following more-indented lines, or empty.
   */
  private YamlNode value(int line, int p, int parentIndent, boolean inMapping) {
    markContent(line);
    int propsEnd = p;
    int q = skipWs(line, p);
    String tag = null;
    boolean anchored = false;
    while (at(line, q) == '&' || at(line, q) == '!') {
      char c = text.charAt(q);
      int r = q + 1;
      if (c == '!' && at(line, r) == '<') {
        while (r < ends[line] && text.charAt(r) != '>') {
          r++;
        }
        if (r >= ends[line]) {
          throw err(line, "a verbatim tag (`!<…>`) is not closed");
        }
        r++;
      } else {
        while (r < ends[line] && !isWs(text.charAt(r))) {
          r++;
        }
      }
      if (c == '&') {
        if (r == q + 1) {
          throw err(line, "an anchor (`&`) needs a name");
        }
        if (anchored) {
          throw err(line, "a value can have only one anchor (`&`)");
        }
        anchored = true;
      } else {
        if (tag != null) {
          throw err(line, "a value can have only one tag (`!`)");
        }
        tag = text.substring(q, r);
      }
      if (r < ends[line] && !isWs(text.charAt(r))) {
        throw err(line, "expected a space after the tag");
      }
      propsEnd = r;
      q = skipWs(line, r);
    }
    if (q == ends[line] || (text.charAt(q) == '#' && q > propsEnd)) {
      li = line + 1;
      skipInsignificant();
      if (li < n && !isMarker(li, "---") && !isMarker(li, "...")) {
        checkTabs(li);
        int ind = indentOf(li);
        int s = starts[li] + ind;
        if (ind > parentIndent) {
          if (inMapping && indentUnit == 0 && (isSeqIndicator(li, s) || scanKey(li, s) != null)) {
            indentUnit = ind - parentIndent;
          }
          return blockNode(li, ind, parentIndent, tag);
        }
        if (inMapping && ind == parentIndent && isSeqIndicator(li, s)) {
          return sequence(li, ind, true);
        }
      }
      return new Scalar(line + 1, Style.EMPTY, propsEnd, propsEnd, "", tag);
    }
    li = line;
    if (inMapping) {
      if (isSeqIndicator(line, q)) {
        throw err(
            line,
            "a list cannot start on the same line as its key; put the `- ` items on the next"
                + " lines");
      }
    } else {
      if (isSeqIndicator(line, q)) {
        return sequence(line, q - starts[line], false);
      }
      if (scanKey(line, q) != null) {
        return mapping(line, q - starts[line]);
      }
    }
    return inline(line, q, parentIndent, tag, anchored);
  }

  /** A node that starts on its own line, at column {@code ind}. */
  private YamlNode blockNode(int line, int ind, int parentIndent, String tag) {
    int p = starts[line] + ind;
    if (isSeqIndicator(line, p)) {
      return sequence(line, ind, false);
    }
    if (scanKey(line, p) != null) {
      return mapping(line, ind);
    }
    int c = at(line, p);
    if (c == '&' || c == '!') {
      throw err(line, "an anchor or tag on its own line is not supported; put it after the key");
    }
    return inline(line, p, parentIndent, tag, false);
  }

  /** A scalar, flow collection, alias or block scalar starting at offset {@code p}. */
  private YamlNode inline(int line, int p, int parentIndent, String tag, boolean anchored) {
    int c = at(line, p);
    int next = at(line, p + 1);
    boolean spaceAfter = next < 0 || isWs((char) next);
    switch (c) {
      case '|', '>':
        return blockScalar(line, p, parentIndent);
      case '"', '\'':
        return quoted(line, p, parentIndent, tag);
      case '[', '{':
        return flow(line, p, parentIndent);
      case '*':
        return alias(line, p, tag != null || anchored);
      case ',', ']', '}':
        throw err(line, "unexpected `" + (char) c + "` at the start of a value; quote the value");
      case '@', '`', '%':
        throw err(
            line, "a plain value cannot start with `" + (char) c + "`; quote the value (\"…\")");
      case '-', '?', ':':
        if (spaceAfter) {
          throw err(
              line,
              "unexpected `"
                  + (char) c
                  + " ` at the start of a value; quote the value, or fix the indentation");
        }
        return plain(line, p, parentIndent, tag);
      default:
        return plain(line, p, parentIndent, tag);
    }
  }

  // ---------------------------------------------------------------- scalars

  private Scalar plain(int line, int p, int parentIndent, String tag) {
    List<String> segments = new ArrayList<>();
    PlainLine first = plainLine(line, p, false);
    segments.add(text.substring(p, first.end()));
    int end = first.end();
    int lastLine = line;
    if (!first.comment()) {
      for (int j = line + 1; j < n; j++) {
        if (isBlank(j)) {
          continue;
        }
        if (isMarker(j, "---") || isMarker(j, "...")) {
          break;
        }
        int ind = indentOf(j);
        if (ind <= parentIndent || isComment(j)) {
          break;
        }
        checkTabs(j);
        int from = starts[j] + ind;
        PlainLine more = plainLine(j, from, true);
        for (int k = lastLine + 1; k < j; k++) {
          segments.add("");
        }
        segments.add(text.substring(from, more.end()));
        end = more.end();
        lastLine = j;
        if (more.comment()) {
          break;
        }
      }
    }
    markContent(lastLine);
    li = lastLine + 1;
    return new Scalar(line + 1, Style.PLAIN, p, end, fold(segments, null), tag);
  }

  /** The end of a plain scalar's text on one line (trailing spaces and comment excluded). */
  private PlainLine plainLine(int line, int from, boolean continuation) {
    int e = ends[line];
    int lastNonWs = from;
    for (int q = from; q < e; q++) {
      char ch = text.charAt(q);
      if (ch == '#' && q > from && isWs(text.charAt(q - 1))) {
        return new PlainLine(lastNonWs, true);
      }
      if (ch == ':' && (q + 1 == e || isWs(text.charAt(q + 1)))) {
        throw err(
            line,
            continuation
                ? "inconsistent indentation: this line is indented more than the key above it, so"
                    + " YAML reads it as the continuation of that key's value, yet it looks like"
                    + " `key: value`"
                : "`: ` inside a plain value; quote the value (\"…\") or fix the indentation");
      }
      if (!isWs(ch)) {
        lastNonWs = q + 1;
      }
    }
    return new PlainLine(lastNonWs, false);
  }

  private Scalar quoted(int line, int p, int parentIndent, String tag) {
    char quote = text.charAt(p);
    boolean dbl = quote == '"';
    String kind = dbl ? "double-quoted" : "single-quoted";
    List<int[]> pieces = new ArrayList<>();
    int cur = line;
    int q = p + 1;
    int pieceStart = q;
    while (true) {
      if (q >= ends[cur]) {
        pieces.add(new int[] {pieceStart, ends[cur]});
        cur++;
        if (cur >= n) {
          throw err(line, "the " + kind + " value is not closed (missing `" + quote + "`)");
        }
        if (isMarker(cur, "---")
            || isMarker(cur, "...")
            || (!isBlank(cur) && indentOf(cur) <= parentIndent)) {
          throw err(
              line,
              "the "
                  + kind
                  + " value is not closed before line "
                  + (cur + 1)
                  + " (missing `"
                  + quote
                  + "`)");
        }
        q = starts[cur];
        pieceStart = q;
        continue;
      }
      char ch = text.charAt(q);
      if (dbl && ch == '\\') {
        q = Math.min(q + 2, ends[cur]);
        continue;
      }
      if (ch == quote) {
        if (!dbl && q + 1 < ends[cur] && text.charAt(q + 1) == '\'') {
          q += 2;
          continue;
        }
        pieces.add(new int[] {pieceStart, q});
        break;
      }
      q++;
    }
    int end = q + 1;
    if (!restIsCommentOrEnd(cur, end)) {
      throw err(
          cur,
          "unexpected text after the closing quote; a quoted value must end the line"
              + " (a comment may follow after a space)");
    }
    markContent(cur);
    li = cur + 1;
    Style style = dbl ? Style.DOUBLE_QUOTED : Style.SINGLE_QUOTED;
    return new Scalar(line + 1, style, p, end, decodeQuoted(pieces, dbl, line), tag);
  }

  private String decodeQuoted(List<int[]> pieces, boolean dbl, int line) {
    List<String> segments = new ArrayList<>();
    boolean[] glued = new boolean[pieces.size()];
    for (int i = 0; i < pieces.size(); i++) {
      String raw = text.substring(pieces.get(i)[0], pieces.get(i)[1]);
      if (i > 0) {
        raw = stripLeadingWs(raw);
      }
      if (i < pieces.size() - 1) {
        if (dbl && endsWithOddBackslashes(raw)) {
          raw = raw.substring(0, raw.length() - 1);
          glued[i] = true;
        } else {
          raw = stripTrailingWs(raw);
        }
      }
      segments.add(dbl ? unescape(raw, line) : raw.replace("''", "'"));
    }
    return fold(segments, glued);
  }

  /**
   * Joins the lines of a multi-line flow scalar the way YAML folds them: a single line break
   * becomes a space, each empty line a line feed; an escaped break joins without anything.
   */
  private static String fold(List<String> segments, boolean[] glued) {
    StringBuilder sb = new StringBuilder(segments.get(0));
    boolean glue = glued != null && glued[0];
    int blanks = 0;
    for (int i = 1; i < segments.size(); i++) {
      String s = segments.get(i);
      if (s.isEmpty() && i < segments.size() - 1 && !glue) {
        blanks++;
        continue;
      }
      if (!glue) {
        sb.append(blanks == 0 ? " " : "\n".repeat(blanks));
      }
      blanks = 0;
      sb.append(s);
      glue = glued != null && glued[i];
    }
    return sb.toString();
  }

  private String unescape(String raw, int line) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++i >= raw.length()) {
        throw err(line, "a double-quoted value ends with a lone `\\`");
      }
      char e = raw.charAt(i);
      switch (e) {
        case '0' -> sb.append('\0');
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 't', '\t' -> sb.append('\t');
        case 'n' -> sb.append('\n');
        case 'v' -> sb.append('\u000B');
        case 'f' -> sb.append('\f');
        case 'r' -> sb.append('\r');
        case 'e' -> sb.append('\u001B');
        case ' ' -> sb.append(' ');
        case '"' -> sb.append('"');
        case '/' -> sb.append('/');
        case '\\' -> sb.append('\\');
        case 'N' -> sb.append('\u0085');
        case '_' -> sb.append('\u00A0');
        case 'L' -> sb.append('\u2028');
        case 'P' -> sb.append('\u2029');
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          String hex = i + digits < raw.length() ? raw.substring(i + 1, i + 1 + digits) : "";
          if (hex.isEmpty() || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
            throw err(line, "the escape `\\" + e + "` needs " + digits + " hex digits");
          }
          int cp = Integer.parseUnsignedInt(hex, 16);
          if (!Character.isValidCodePoint(cp)) {
            throw err(line, "the escape `\\" + e + "` is not a valid character");
          }
          sb.appendCodePoint(cp);
          i += digits;
        }
        default -> throw err(line, "unknown escape `\\" + e + "` in a double-quoted value");
      }
    }
    return sb.toString();
  }

  private BlockScalar blockScalar(int line, int p, int parentIndent) {
    char indicator = text.charAt(p);
    int q = p + 1;
    int explicit = 0;
    char chomp = 0;
    for (int k = 0; k < 2; k++) {
      int c = at(line, q);
      if (c >= '1' && c <= '9' && explicit == 0) {
        explicit = c - '0';
        q++;
      } else if ((c == '+' || c == '-') && chomp == 0) {
        chomp = (char) c;
        q++;
      } else {
        break;
      }
    }
    if (!restIsCommentOrEnd(line, q)) {
      throw err(
          line,
          "unexpected text after the block scalar header `"
              + text.substring(p, q)
              + "`; its content starts on the next line");
    }
    markContent(line);
    int contentIndent = explicit > 0 ? parentIndent + explicit : -1;
    int lastNonBlank = line;
    int lastConsumed = line;
    for (int j = line + 1; j < n; j++) {
      if (isBlank(j)) {
        lastConsumed = j;
        continue;
      }
      int ind = indentOf(j);
      if (contentIndent < 0) {
        if (ind <= parentIndent) {
          break;
        }
        contentIndent = ind;
      }
      if (ind < contentIndent) {
        break;
      }
      lastNonBlank = j;
      lastConsumed = j;
    }
    // keep-chomping owns its trailing empty lines: a key inserted after the mapping goes below them
    int last = chomp == '+' ? lastConsumed : lastNonBlank;
    markContent(last);
    li = last + 1;
    return new BlockScalar(line + 1, indicator);
  }

  private YamlNode alias(int line, int p, boolean hasProperties) {
    int q = p + 1;
    while (q < ends[line] && !isWs(text.charAt(q))) {
      q++;
    }
    if (q == p + 1) {
      throw err(line, "an alias (`*`) needs a name");
    }
    if (hasProperties) {
      throw err(line, "an alias (`*`) cannot have an anchor or a tag");
    }
    if (!restIsCommentOrEnd(line, q)) {
      throw err(line, "unexpected text after the alias");
    }
    markContent(line);
    li = line + 1;
    return new Alias(line + 1, text.substring(p + 1, q));
  }

  private Flow flow(int line, int p, int parentIndent) {
    Deque<Character> open = new ArrayDeque<>();
    int cur = line;
    int q = p;
    char inQuote = 0;
    char lastSignificant = 0;
    while (true) {
      if (q >= ends[cur]) {
        cur++;
        if (cur >= n) {
          throw err(line, "the flow collection `" + text.charAt(p) + "` opened here is not closed");
        }
        if (isMarker(cur, "---") || isMarker(cur, "...")) {
          throw err(
              line,
              "the flow collection `"
                  + text.charAt(p)
                  + "` opened here is not closed before line "
                  + (cur + 1));
        }
        if (inQuote == 0 && !isBlank(cur) && indentOf(cur) <= parentIndent) {
          int c = at(cur, starts[cur] + indentOf(cur));
          if (c != ']' && c != '}') {
            throw err(
                line,
                "the flow collection `"
                    + text.charAt(p)
                    + "` opened here is not closed before line "
                    + (cur + 1));
          }
        }
        q = starts[cur];
        continue;
      }
      char ch = text.charAt(q);
      if (inQuote == '"') {
        if (ch == '\\') {
          q = Math.min(q + 2, ends[cur]);
          continue;
        }
        if (ch == '"') {
          inQuote = 0;
        }
        q++;
        continue;
      }
      if (inQuote == '\'') {
        if (ch == '\'') {
          if (q + 1 < ends[cur] && text.charAt(q + 1) == '\'') {
            q += 2;
            continue;
          }
          inQuote = 0;
        }
        q++;
        continue;
      }
      if ((ch == '"' || ch == '\'') && "[{,:".indexOf(lastSignificant) >= 0) {
        inQuote = ch;
        q++;
        continue;
      }
      if (ch == '#' && (q == starts[cur] || isWs(text.charAt(q - 1)))) {
        q = ends[cur];
        continue;
      }
      if (ch == '[' || ch == '{') {
        open.push(ch);
      } else if (ch == ']' || ch == '}') {
        char o = open.pop();
        if ((o == '[') != (ch == ']')) {
          throw err(cur, "`" + ch + "` does not close the `" + o + "` of this flow collection");
        }
        if (open.isEmpty()) {
          q++;
          break;
        }
      }
      if (!isWs(ch)) {
        lastSignificant = ch;
      }
      q++;
    }
    if (!restIsCommentOrEnd(cur, q)) {
      throw err(cur, "unexpected text after the end of the flow collection");
    }
    markContent(cur);
    li = cur + 1;
    return new Flow(line + 1, text.charAt(p) == '{');
  }

  // ---------------------------------------------------------------- keys

  /** A key at offset {@code p} ({@code key:}, {@code "key":}), or null when the line has none. */
  private KeyScan scanKey(int line, int p) {
    int e = ends[line];
    int c = at(line, p);
    if (c == '"' || c == '\'') {
      int q = p + 1;
      while (q < e) {
        char ch = text.charAt(q);
        if (c == '"' && ch == '\\') {
          q += 2;
          continue;
        }
        if (ch == c) {
          if (c == '\'' && q + 1 < e && text.charAt(q + 1) == '\'') {
            q += 2;
            continue;
          }
          break;
        }
        q++;
      }
      if (q >= e) {
        return null;
      }
      int r = skipWs(line, q + 1);
      if (at(line, r) != ':' || (r + 1 < e && !isWs(text.charAt(r + 1)))) {
        return null;
      }
      String raw = text.substring(p + 1, q);
      String key = c == '"' ? unescape(raw, line) : raw.replace("''", "'");
      return new KeyScan(key, r + 1, true);
    }
    if (c < 0 || "[]{},#&*!|>%@`".indexOf(c) >= 0) {
      return null;
    }
    if ((c == '-' || c == '?' || c == ':') && (p + 1 >= e || isWs(text.charAt(p + 1)))) {
      return null;
    }
    for (int q = p; q < e; q++) {
      char ch = text.charAt(q);
      if (ch == ':' && (q + 1 >= e || isWs(text.charAt(q + 1)))) {
        return new KeyScan(stripTrailingWs(text.substring(p, q)), q + 1, false);
      }
      if (ch == '#' && q > p && isWs(text.charAt(q - 1))) {
        return null;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- lines

  private void skipInsignificant() {
    while (li < n && (isBlank(li) || isComment(li))) {
      li++;
    }
  }

  private void markContent(int line) {
    lastContent = Math.max(lastContent, line);
  }

  private int indentOf(int line) {
    int p = starts[line];
    while (p < ends[line] && text.charAt(p) == ' ') {
      p++;
    }
    return p - starts[line];
  }

  private int firstNonWs(int line) {
    return skipWs(line, starts[line]);
  }

  private int skipWs(int line, int p) {
    while (p < ends[line] && isWs(text.charAt(p))) {
      p++;
    }
    return p;
  }

  private boolean isBlank(int line) {
    return firstNonWs(line) == ends[line];
  }

  private boolean isComment(int line) {
    int p = firstNonWs(line);
    return p < ends[line] && text.charAt(p) == '#';
  }

  private boolean isMarker(int line, String marker) {
    int s = starts[line];
    return text.startsWith(marker, s)
        && s + 3 <= ends[line]
        && (s + 3 == ends[line] || isWs(text.charAt(s + 3)));
  }

  private boolean isSeqIndicator(int line, int p) {
    return at(line, p) == '-' && (p + 1 >= ends[line] || isWs(text.charAt(p + 1)));
  }

  private void checkTabs(int line) {
    int p = starts[line] + indentOf(line);
    if (p < ends[line] && text.charAt(p) == '\t') {
      throw err(line, "tab character in the indentation; YAML indents with spaces only");
    }
  }

  /** True when only spaces and, after at least one space, a comment follow offset {@code p}. */
  private boolean restIsCommentOrEnd(int line, int p) {
    int r = skipWs(line, p);
    return r == ends[line] || (text.charAt(r) == '#' && r > p);
  }

  private int at(int line, int p) {
    return p < ends[line] ? text.charAt(p) : -1;
  }

  private static boolean isWs(char c) {
    return c == ' ' || c == '\t';
  }

  private static String stripLeadingWs(String s) {
    int i = 0;
    while (i < s.length() && isWs(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailingWs(String s) {
    int i = s.length();
    while (i > 0 && isWs(s.charAt(i - 1))) {
      i--;
    }
    return s.substring(0, i);
  }

  private static boolean endsWithOddBackslashes(String s) {
    int count = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      count++;
    }
    return count % 2 == 1;
  }

  private static ValuesDocumentException err(int line, String message) {
    return ValuesDocumentException.atLine(line + 1, message);
  }
}
