package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import java.util.List;

/**
 * One commit to write: the new content of one values file, the base it was computed from, the
 * subject line and the trailers ({@code Requested-by}, {@code Approved-by}, {@code
 * Helmgate-Request}).
 */
public record ValuesCommit(
    Target target, String expectedBase, String newContent, String subject, List<Trailer> trailers) {

  public ValuesCommit {
    trailers = List.copyOf(trailers);
  }

  /** The full commit message: subject, blank line, trailers. */
  public String message() {
    StringBuilder sb = new StringBuilder(subject).append("\n\n");
    for (Trailer t : trailers) {
      sb.append(t.key()).append(": ").append(t.value()).append('\n');
    }
    return sb.toString();
  }
}
