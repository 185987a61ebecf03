package io.helmgate.domain.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One change of one values file.
 *
 * @param parent the commit before it (empty for the first commit), whose content a rollback
 *     restores
 */
public record ValuesHistoryEntry(
    String commit,
    Optional<String> parent,
    Instant time,
    String author,
    String subject,
    List<Trailer> trailers) {

  public ValuesHistoryEntry {
    trailers = List.copyOf(trailers);
  }

  /** The first value of a trailer, e.g. {@code Helmgate-Request}. */
  public Optional<String> trailer(String key) {
    return trailers.stream()
        .filter(t -> t.key().equalsIgnoreCase(key))
        .map(Trailer::value)
        .findFirst();
  }
}
