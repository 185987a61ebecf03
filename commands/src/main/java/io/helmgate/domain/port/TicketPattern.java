package io.helmgate.domain.port;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a change or incident ticket reference looks like in a reason ({@code CHG-4711}, {@code
 * INC-77}): each distinct match becomes a {@code Ticket} trailer, so that auditors find a ticket's
 * commits with {@code git log --grep} or a forge's trailer search, without Helmgate.
 */
public final class TicketPattern {

  /** Upper-case project key, dash, number: Jira, ServiceNow and most ticket systems. */
  public static final String DEFAULT_REGEX = "[A-Z][A-Z0-9]+-[0-9]+";

  public static final TicketPattern DEFAULT = of(DEFAULT_REGEX);

  /** At most this many {@code Ticket} trailers: a reason names a ticket or two, not a list. */
  static final int MAX_TICKETS = 10;

  /** The longest ticket reference written as a trailer. */
  static final int MAX_TICKET_LENGTH = 64;

  private final Pattern pattern;

  private TicketPattern(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * @throws IllegalArgumentException when {@code regex} is not a Java regular expression, or
   *     matches the empty text (it would find a "ticket" between every two characters)
   */
  public static TicketPattern of(String regex) {
    Objects.requireNonNull(regex, "regex");
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "is not a regular expression ("
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + ")");
    }
    if (regex.isBlank() || pattern.matcher("").matches()) {
      throw new IllegalArgumentException(
          "matches empty text; give a pattern such as " + DEFAULT_REGEX);
    }
    return new TicketPattern(pattern);
  }

  /** The distinct references in {@code text}, in the order they first appear. */
  public List<String> in(String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find() && found.size() < MAX_TICKETS) {
      String ticket = CommitText.oneLine(m.group(), MAX_TICKET_LENGTH);
      if (!ticket.isEmpty()) {
        found.add(ticket);
      }
    }
    return List.copyOf(found);
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}
