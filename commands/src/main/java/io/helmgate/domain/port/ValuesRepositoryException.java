package io.helmgate.domain.port;

import io.helmgate.domain.HelmgateException;

/** The values repository could not do what was asked; the message says why and what to do. */
public class ValuesRepositoryException extends HelmgateException {

  public ValuesRepositoryException(String message) {
    super(message);
  }

  public ValuesRepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
