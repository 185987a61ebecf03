package io.helmgate.domain.request;

import io.helmgate.domain.Role;
import io.helmgate.domain.UserRef;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One person's decision on a request, with the roles they held at that moment (auditors ask for
 * them later, when the person may have changed teams).
 */
public record Approval(
    UserRef approver,
    Verdict verdict,
    Set<Role> rolesAtTheTime,
    Optional<String> comment,
    Instant at) {

  /** Approve or reject. */
  public enum Verdict {
    APPROVE,
    REJECT
  }

  public Approval {
    rolesAtTheTime = Set.copyOf(rolesAtTheTime);
  }
}
