package io.helmgate.domain.port;

import io.helmgate.domain.HelmgateException;

/**
 * The group directory cannot be asked and has no fresh answer cached: write actions fail closed.
 */
public class DirectoryUnavailableException extends HelmgateException {

  public DirectoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
