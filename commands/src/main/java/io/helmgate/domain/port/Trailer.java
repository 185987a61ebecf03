package io.helmgate.domain.port;

/**
 * A git commit trailer such as {@code Approved-by: Jane Ops U0JANE}: one line, so that no value can
 * start a trailer of its own.
 */
public record Trailer(String key, String value) {

  public static final String REQUESTED_BY = "Requested-by";
  public static final String APPROVED_BY = "Approved-by";
  public static final String REQUEST = "Helmgate-Request";
  public static final String BREAK_GLASS = "Helmgate-Break-Glass";

  /** The request's reason (change or incident ticket and a few words), on one line. */
  public static final String REASON = "Helmgate-Reason";

  /** One ticket reference found in the reason, e.g. {@code CHG-4711}. */
  public static final String TICKET = "Ticket";

  public Trailer {
    if (key.isBlank() || key.contains(":") || !CommitText.isOneLine(key) || key.contains(" ")) {
      throw new IllegalArgumentException("a trailer key is one word without a colon");
    }
    if (!CommitText.isOneLine(value)) {
      throw new IllegalArgumentException("a trailer is one line: key: value");
    }
  }
}
