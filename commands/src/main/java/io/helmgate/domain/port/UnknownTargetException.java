package io.helmgate.domain.port;

import java.util.List;

/** The customer, product or environment does not exist; the message lists the known ones. */
public class UnknownTargetException extends ValuesRepositoryException {

  private final List<String> known;

  public UnknownTargetException(String what, List<String> known) {
    super(
        "no such " + what + "; known: " + (known.isEmpty() ? "(none)" : String.join(", ", known)));
    this.known = List.copyOf(known);
  }

  public List<String> known() {
    return known;
  }
}
