package io.helmgate.domain.policy;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A hold on one environment ({@code /deploy lock … for=2h reason="…"}): while active it refuses new
 * requests and changes at fire time. It ends on its own at {@code expiresAt}.
 */
public record Lock(Target target, UserRef owner, String reason, Instant expiresAt) {

  public Lock {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
    reason = reason == null ? "" : reason.strip();
  }

  /** True until the lock expires. */
  public boolean activeAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** {@code acme/payments prod is locked by Alice <U1> until … ("DB migration")}. */
  String describe(ZoneId zone) {
    return target
        + " is locked by "
        + owner
        + " until "
        + TimeText.when(expiresAt, zone)
        + (reason.isEmpty() ? "" : " (\"" + reason + "\")");
  }
}
