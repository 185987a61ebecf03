package io.helmgate.domain.port;

import io.helmgate.domain.HelmgateException;
import io.helmgate.domain.RequestId;

/** Someone else changed the request first; re-read it and decide again. */
public class ConcurrentUpdateException extends HelmgateException {

  public ConcurrentUpdateException(RequestId id) {
    super(id + " was changed by someone else at the same moment; look at it again and retry.");
  }
}
