package io.helmgate.domain.values;

/**
 * A values document Helmgate cannot read or edit, or a key path or value it refuses, with a message
 * a person can act on (line numbers for documents, the key path for lookups).
 *
 * <p>Messages name keys and line numbers but never repeat values or document text: the document may
 * hold secrets, and these messages end up in Slack and in logs.
 */
public class ValuesDocumentException extends RuntimeException {

  public ValuesDocumentException(String message) {
    super(message);
  }

  static ValuesDocumentException atLine(int line, String message) {
    return new ValuesDocumentException("line " + line + ": " + message);
  }
}
