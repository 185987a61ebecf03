package io.helmgate.domain.request;

import io.helmgate.domain.CommitIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The change a rollback undoes ({@code /rollback <app> <env>} without {@code to=}): kept as one of
 * the request's approval bindings, so that approvers see, and approve, exactly which commit goes
 * away, and an approval no longer fits once another change has landed.
 *
 * @param author who made the change: the {@code Requested-by} of a Helmgate commit, else the git
 *     author
 */
public record UndoneCommit(String commit, Instant time, String author, String subject) {

  /** The prefix of its binding. */
  public static final String BINDING = "undoes=";

  private static final char SEPARATOR = '\t';

  public UndoneCommit {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(time, "time");
    author = clean(author);
    subject = clean(subject);
  }

  /** {@code undoes=<commit> <time> <author> <subject>}, tab-separated. */
  public String binding() {
    return BINDING + commit + SEPARATOR + time + SEPARATOR + author + SEPARATOR + subject;
  }

  /** The commit id as people see it: its first seven hex digits. */
  public String shortCommit() {
    return CommitIds.shortId(commit);
  }

  /** The undone commit among a request's bindings, if it has one. */
  public static Optional<UndoneCommit> in(List<String> bindings) {
    for (String binding : bindings) {
      if (!binding.startsWith(BINDING)) {
        continue;
      }
      String[] parts = binding.substring(BINDING.length()).split(String.valueOf(SEPARATOR), 4);
      if (parts.length == 4) {
        try {
          return Optional.of(
              new UndoneCommit(parts[0], Instant.parse(parts[1]), parts[2], parts[3]));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static String clean(String text) {
    return text == null ? "" : text.replace(SEPARATOR, ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
