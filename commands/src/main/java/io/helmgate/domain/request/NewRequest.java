package io.helmgate.domain.request;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.values.ChangeSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known about a request before it exists: who asks for which change. {@code bindings} are
 * further facts the approval must be bound to (for example resolved image digests).
 */
public record NewRequest(
    RequestId id,
    RequestKind kind,
    Target target,
    UserRef requester,
    Optional<String> reason,
    Optional<String> source,
    Optional<String> restoreFrom,
    ChangeSet change,
    String baseCommit,
    Optional<Instant> scheduledAt,
    boolean breakGlass,
    List<String> bindings) {

  public NewRequest {
    bindings = List.copyOf(bindings);
  }
}
