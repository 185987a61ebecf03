package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One commit to write: the new content of one values file, the base it was computed from, and what
 * its message says — the subject, the request's reason, notes for the body (what a rollback undoes)
 * and the trailers ({@code Requested-by}, {@code Approved-by}, {@code Helmgate-Request}).
 *
 * <p>The history of the values repository is read by auditors without Helmgate, so the message
 * carries the reason twice: as a {@code Reason:} line people read, and as {@code Helmgate-Reason}
 * and {@code Ticket} trailers tools read.
 */
public record ValuesCommit(
    Target target,
    String expectedBase,
    String newContent,
    String subject,
    Optional<String> reason,
    List<String> notes,
    List<Trailer> trailers) {

  public ValuesCommit {
    Objects.requireNonNull(reason, "reason");
    notes = List.copyOf(notes);
    trailers = List.copyOf(trailers);
  }

  /** A commit without a reason or notes. */
  public ValuesCommit(
      Target target,
      String expectedBase,
      String newContent,
      String subject,
      List<Trailer> trailers) {
    this(target, expectedBase, newContent, subject, Optional.empty(), List.of(), trailers);
  }

  /** {@link #message(TicketPattern)} with the default ticket pattern. */
  public String message() {
    return message(TicketPattern.DEFAULT);
  }

  /**
   * The full commit message: subject; a blank line; the reason and the notes, one line each; a
   * blank line; the trailers, then {@code Helmgate-Reason} and one {@code Ticket} per distinct
   * reference {@code tickets} finds in the reason. Every line from people is made one line first
   * ({@link CommitText#oneLine}), and the trailers are always the last paragraph, so nothing in a
   * reason can be read as a trailer of its own.
   */
  public String message(TicketPattern tickets) {
    StringBuilder sb = new StringBuilder(subject).append("\n\n");
    Optional<String> line =
        reason.map(r -> CommitText.oneLine(r, CommitText.MAX_REASON)).filter(r -> !r.isEmpty());
    List<String> body = new ArrayList<>();
    line.ifPresent(r -> body.add("Reason: " + r));
    for (String note : notes) {
      String n = CommitText.oneLine(note, 500);
      if (!n.isEmpty()) {
        body.add(n);
      }
    }
    if (!body.isEmpty()) {
      sb.append(String.join("\n", body)).append("\n\n");
    }
    List<Trailer> all = new ArrayList<>(trailers);
    line.ifPresent(
        r -> {
          all.add(new Trailer(Trailer.REASON, r));
          tickets.in(r).forEach(t -> all.add(new Trailer(Trailer.TICKET, t)));
        });
    for (Trailer t : all) {
      sb.append(t.key()).append(": ").append(t.value()).append('\n');
    }
    return sb.toString();
  }
}
