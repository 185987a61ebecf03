package io.helmgate.domain.values;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which keys look secret, so that previews, approval messages and logs show {@code •••}
 * instead of their values.
 *
 * <p>Matching works on words, not raw substrings, so that {@code key} finds {@code apiKey} but not
 * {@code monkey}. Each segment of a key path is split into words at {@code -}, {@code _} and
 * camelCase humps ({@code tls.privateKey} → {@code tls}, {@code private}, {@code key}; {@code
 * DB_PASSWORD} → {@code db}, {@code password}; {@code s3AccessKey} → {@code s3}, {@code access},
 * {@code key}). A key path is secret when any word of any segment matches a pattern, ignoring case:
 *
 * <ul>
 *   <li>a pattern of five letters or more matches a word that contains it ({@code password} finds
 *       {@code dbpassword}, {@code token} finds {@code tokens});
 *   <li>a shorter pattern must be the whole word ({@code key} finds {@code apiKey} and {@code
 *       api_key}, not {@code monkey}, {@code keycloak} or {@code apikey}).
 * </ul>
 *
 * Erring towards hiding is deliberate: {@code secretName} or {@code tokenizer} are hidden too,
 * which costs a reviewer a glance, while a leaked password cannot be taken back.
 */
public final class Redaction {

  /** What replaces a secret-looking value. */
  public static final String MASK = "•••";

  /** The patterns used when the configuration names none. */
  public static final List<String> DEFAULT_PATTERNS =
      List.of("password", "passwd", "token", "secret", "key", "credential", "private");

  private static final int SUBSTRING_MIN_LENGTH = 5;
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9]+");
  private static final Pattern WORD_BOUNDARY =
      Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

  /** {@code key:} at the start of a line (after indentation and list dashes), key maybe quoted. */
  private static final Pattern LINE_KEY =
      Pattern.compile(
          "^( *(?:- +)*)(\"[^\"]*\"|'[^']*'|[^\\s#'\"\\[\\]{},][^:#]*?)( *:(?: |$))(.*)$");

  /** {@code word:} or {@code word=} anywhere, for flow collections and comments. */
  private static final Pattern INNER_KEY = Pattern.compile("([A-Za-z0-9_.\\-/]+)\"?'? *[:=]");

  /** Keys whose value names the entry, as in Kubernetes' {@code env: [{name: …, value: …}]}. */
  private static final Set<String> NAME_KEYS = Set.of("name", "key");

  private final List<String> patterns;

  /**
   * @param patterns words that make a key secret (see the class documentation); each is one word of
   *     letters and digits
   * @throws IllegalArgumentException for an empty list or a pattern that is not one word
   */
  public Redaction(List<String> patterns) {
    if (patterns == null || patterns.isEmpty()) {
      throw new IllegalArgumentException(
          "redaction needs at least one pattern, for example " + DEFAULT_PATTERNS);
    }
    for (String p : patterns) {
      if (p == null || !WORD.matcher(p).matches()) {
        throw new IllegalArgumentException(
            "redaction pattern `"
                + p
                + "` must be one word of letters and digits, such as `password` or `key`");
      }
    }
    this.patterns = patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  /** Redaction with {@link #DEFAULT_PATTERNS}. */
  public static Redaction defaults() {
    return new Redaction(DEFAULT_PATTERNS);
  }

  /** The patterns in use, lower-cased. */
  public List<String> patterns() {
    return patterns;
  }

  /** True when a value at this key path must not be shown. */
  public boolean isSecret(KeyPath path) {
    for (String segment : path.segments()) {
      if (isSecretKey(segment)) {
        return true;
      }
    }
    return false;
  }

  /** True when one key, whatever characters it holds ({@code konghq.com/plugins}), is secret. */
  public boolean isSecretKey(String key) {
    for (String word : WORD_BOUNDARY.split(key)) {
      if (!word.isEmpty() && matches(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A values file's text with secret-looking values replaced by {@link #MASK}, line for line (the
   * same number of lines and line breaks), for showing it in a line diff: the value of a secret key
   * ({@code password: •••}), every line nested under a secret key (a block scalar's or list's
   * content), and a line holding a secret-looking {@code key:} or {@code key=} anywhere (flow
   * collections, comments). It reads indentation only, so it errs towards hiding.
   */
  public String maskText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    // indentation of the nearest enclosing secret key, or -1 when outside one
    int secretIndent = -1;
    // indentation of the siblings of a `name:` that names a secret, or -1
    int namedSecret = -1;
    // indentation and secrecy of the keys above the current line
    ArrayDeque<int[]> keys = new ArrayDeque<>();
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      boolean cr = end > start && text.charAt(end - 1) == '\r';
      String line = text.substring(start, cr ? end - 1 : end);
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      boolean blank = line.isBlank() || line.charAt(indent) == '#';
      if (!blank) {
        while (!keys.isEmpty() && keys.peek()[0] >= indent) {
          keys.pop();
        }
        if (secretIndent >= 0 && indent <= secretIndent) {
          secretIndent = -1;
        }
      }
      String shown = line;
      if (secretIndent >= 0 && !blank) {
        shown = line.substring(0, indent) + MASK;
      } else if (!blank) {
        Matcher m = LINE_KEY.matcher(line);
        if (m.matches()) {
          String key = unquote(m.group(2).strip());
          int keyIndent = m.group(1).length();
          if (namedSecret >= 0
              && (keyIndent < namedSecret
                  || keyIndent == namedSecret && m.group(1).contains("-"))) {
            namedSecret = -1;
          }
          boolean secret =
              isSecretKey(key)
                  || keyIndent == namedSecret
                  || keys.stream().anyMatch(k -> k[1] == 1);
          if (NAME_KEYS.contains(key.toLowerCase(Locale.ROOT))
              && isSecretKey(unquote(m.group(4).strip()))) {
            // {name: DB_PASSWORD, value: …}: the name says its sibling `value` is a secret
            namedSecret = keyIndent;
            secret = false;
          }
          keys.push(new int[] {keyIndent, secret ? 1 : 0});
          if (secret) {
            shown = m.group(1) + m.group(2) + m.group(3) + (m.group(4).isBlank() ? "" : MASK);
            secretIndent = keyIndent;
          } else if (hasSecretInnerKey(m.group(4))) {
            shown = m.group(1) + m.group(2) + m.group(3) + MASK;
          }
        } else if (hasSecretInnerKey(line) || keys.stream().anyMatch(k -> k[1] == 1)) {
          shown = line.substring(0, indent) + MASK;
        }
      } else if (hasSecretInnerKey(line)) {
        shown = line.substring(0, indent) + "# " + MASK;
      }
      out.append(shown);
      if (nl < 0) {
        break;
      }
      out.append(cr ? "\r\n" : "\n");
      start = nl + 1;
    }
    return out.toString();
  }

  private boolean hasSecretInnerKey(String text) {
    Matcher m = INNER_KEY.matcher(text);
    while (m.find()) {
      if (isSecretKey(m.group(1))) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String key) {
    if (key.length() >= 2
        && (key.startsWith("\"") && key.endsWith("\"")
            || key.startsWith("'") && key.endsWith("'"))) {
      return key.substring(1, key.length() - 1);
    }
    return key;
  }

  /** {@link #MASK} for a secret-looking key, else the value itself (null stays null). */
  public String show(KeyPath path, String value) {
    return isSecret(path) ? MASK : value;
  }

  /**
   * A change for people to read: {@code image.tag 1.4.1 → 1.4.2}, {@code image.tag 1.4.1
   * (unchanged)}, or for a secret-looking key {@code db.password ••• (changed)}, {@code (new)} or
   * {@code (unchanged)} — whether it changed, never what to.
   */
  public String describe(ValueChange change) {
    if (isSecret(change.key())) {
      String what =
          change.oldValue() == null ? "(new)" : change.isNoOp() ? "(unchanged)" : "(changed)";
      return change.key() + " " + MASK + " " + what;
    }
    if (change.isNoOp()) {
      return change.key() + " " + change.oldValue() + " (unchanged)";
    }
    return change.toString();
  }

  private boolean matches(String word) {
    for (String pattern : patterns) {
      if (word.equals(pattern)
          || (pattern.length() >= SUBSTRING_MIN_LENGTH && word.contains(pattern))) {
        return true;
      }
    }
    return false;
  }
}
