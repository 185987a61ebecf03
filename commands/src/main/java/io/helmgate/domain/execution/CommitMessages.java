package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.UndoneCommit;
import io.helmgate.domain.values.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a request's values commit says: a subject naming the change (secret-looking values masked),
 * the reason, notes on what a rollback restores and undoes, and the trailers auditors read without
 * Helmgate ({@code Requested-by}, {@code Approved-by}, {@code Helmgate-Request}, {@code
 * Break-glass}).
 */
public final class CommitMessages {

  private final Redaction redaction;

  public CommitMessages(Redaction redaction) {
    this.redaction = redaction;
  }

  /** The commit of {@code content} for {@code request}. */
  public ValuesCommit commit(Request request, String content) {
    return new ValuesCommit(
        request.target(),
        request.baseCommit(),
        content,
        subject(request),
        request.reason(),
        notes(request),
        trailers(request));
  }

  /** The commit's subject line. */
  public String subject(Request request) {
    String change =
        request.change().changes().stream()
            .map(redaction::describe)
            .collect(Collectors.joining(", "));
    return switch (request.kind()) {
      case DEPLOY -> "deploy " + request.target() + ": " + change;
      case ROLLBACK ->
          "rollback "
              + request.target()
              + " to "
              + CommitIds.shortId(request.restoreFrom().orElse(""))
              + UndoneCommit.in(request.bindings())
                  .map(u -> " (undoes " + u.shortCommit() + ")")
                  .orElse("");
      case SYNC -> "sync " + request.target();
    };
  }

  /**
   * The change as its approver saw it, one line per key ({@code image.tag: 1.4.1 → 1.4.2}, secrets
   * masked) followed by the file's line diff when there is one (masked the same way): for the pull
   * request's description.
   */
  public List<String> changeLines(Request request) {
    List<String> lines = new ArrayList<>();
    request.change().changes().stream().map(redaction::describe).forEach(lines::add);
    lines.addAll(request.change().fileDiff());
    return lines;
  }

  private static List<String> notes(Request request) {
    List<String> notes = new ArrayList<>();
    if (request.kind() == RequestKind.ROLLBACK) {
      request
          .restoreFrom()
          .ifPresent(
              c -> notes.add("Restores " + request.target().valuesPath() + " as of " + c + "."));
      UndoneCommit.in(request.bindings())
          .ifPresent(
              u ->
                  notes.add(
                      "Undoes "
                          + u.commit()
                          + " \""
                          + u.subject()
                          + "\" by "
                          + u.author()
                          + ", "
                          + u.time()
                          + "."));
    }
    if (request.breakGlass()) {
      notes.add("Break-glass: approval was skipped; the change is reviewed afterwards.");
    }
    return notes;
  }

  private static List<Trailer> trailers(Request request) {
    List<Trailer> trailers = new ArrayList<>();
    trailers.add(
        new Trailer(
            Trailer.REQUESTED_BY, request.requester().name() + " " + request.requester().id()));
    request
        .approvedBy()
        .forEach(
            a ->
                trailers.add(
                    new Trailer(
                        Trailer.APPROVED_BY, a.approver().name() + " " + a.approver().id())));
    trailers.add(new Trailer(Trailer.REQUEST, request.id().toString()));
    if (request.breakGlass()) {
      trailers.add(new Trailer(Trailer.BREAK_GLASS, "true"));
    }
    return trailers;
  }
}
