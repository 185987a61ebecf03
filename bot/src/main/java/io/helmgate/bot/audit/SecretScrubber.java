package io.helmgate.bot.audit;

import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValueChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the values of one request's secret-looking keys in free text taken from the trail (command
 * lines, change summaries, reasons, outcomes), which recorded them as typed.
 *
 * <p>Two passes: a {@code key=value} assignment whose key looks secret loses its value, whatever
 * its length; then every occurrence of a secret key's old or new value is masked, for values of at
 * least {@value #MIN_LOOSE_LENGTH} characters that are not {@code true}/{@code false}. Shorter
 * values are left to the first pass and to the structured change, because masking every {@code 1}
 * or {@code true} in the evidence would destroy more meaning than it protects.
 */
final class SecretScrubber {

  static final int MIN_LOOSE_LENGTH = 4;
  private static final Set<String> TOO_COMMON = Set.of("true", "false", "null");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_.-]*)=(\"(?:[^\"\\\\]|\\\\.)*\"?|'[^']*'?|\\S+)");

  private final Redaction redaction;
  private final ChangeSet change;
  private final List<String> values;

  SecretScrubber(Redaction redaction, ChangeSet change) {
    this.redaction = redaction;
    this.change = change;
    List<String> found = new ArrayList<>();
    for (ValueChange c : change.changes()) {
      if (redaction.isSecret(c.key())) {
        addLoose(found, c.oldValue());
        addLoose(found, c.newValue());
      }
    }
    // Longest first, so that a value containing another is masked whole.
    found.sort(Comparator.comparingInt(String::length).reversed());
    this.values = List.copyOf(found);
  }

  private static void addLoose(List<String> found, String value) {
    if (value != null
        && value.strip().length() >= MIN_LOOSE_LENGTH
        && !TOO_COMMON.contains(value.strip().toLowerCase(Locale.ROOT))
        && !found.contains(value)) {
      found.add(value);
    }
  }

  /** Whether the change has a secret-looking key at all. */
  boolean hasSecrets() {
    return change.changes().stream().anyMatch(c -> redaction.isSecret(c.key()));
  }

  /** The change as people may read it: secret-looking values replaced by whether they changed. */
  String describeChange() {
    if (change.isEmpty()) {
      return "(no values change)";
    }
    List<String> parts =
        new ArrayList<>(change.changes().stream().map(redaction::describe).toList());
    if (!change.fileDiff().isEmpty()) {
      parts.add(change.changedLines() + " changed lines of the file (see file_diff)");
    }
    return String.join(", ", parts);
  }

  /** The value of one change as it may be shown. */
  String show(KeyPath key, String value) {
    return value == null ? null : redaction.show(key, value);
  }

  /** The text with secret values hidden; null stays null. */
  String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    // The domain records the change as ChangeSet.summary(): give it back in its redacted form.
    String result = text.equals(change.summary()) && hasSecrets() ? describeChange() : text;
    Matcher m = ASSIGNMENT.matcher(result);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Optional<KeyPath> key = KeyPath.parse(m.group(1));
      String replacement =
          key.isPresent() && redaction.isSecret(key.get())
              ? m.group(1) + "=" + Redaction.MASK
              : m.group(0);
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    result = sb.toString();
    for (String value : values) {
      result = result.replace(value, Redaction.MASK);
    }
    return result;
  }
}
