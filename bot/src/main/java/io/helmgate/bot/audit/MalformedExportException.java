package io.helmgate.bot.audit;

/**
 * An audit export that cannot be read back: the message names the line (CSV) or the array element
 * (JSON) and the field, so the person holding the file knows where it was damaged.
 */
public final class MalformedExportException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public MalformedExportException(String message) {
    super(message);
  }

  public MalformedExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
