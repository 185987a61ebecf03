package io.helmgate.domain.port;

/** A git commit trailer such as {@code Approved-by: Jane Ops U0JANE}. */
public record Trailer(String key, String value) {

  public static final String REQUESTED_BY = "Requested-by";
  public static final String APPROVED_BY = "Approved-by";
  public static final String REQUEST = "Helmgate-Request";
  public static final String BREAK_GLASS = "Helmgate-Break-Glass";

  public Trailer {
    if (key.isBlank() || key.contains(":") || key.contains("\n") || value.contains("\n")) {
      throw new IllegalArgumentException("a trailer is one line: key: value");
    }
  }
}
