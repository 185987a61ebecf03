package io.helmgate.domain.policy;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the policy needs to know about a request when someone clicks Approve or Reject: where it
 * goes, who asked, who has already decided, and whether it is still open for decisions.
 *
 * @param alreadyDecidedUserIds Slack user ids of everyone who already approved or rejected it
 * @param now the time of the click
 * @param open false once the request was approved, rejected, cancelled, expired or went stale
 */
public record ApprovalContext(
    Target target,
    UserRef requester,
    Set<String> alreadyDecidedUserIds,
    Instant now,
    boolean open) {

  public ApprovalContext {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(requester, "requester");
    alreadyDecidedUserIds = Set.copyOf(alreadyDecidedUserIds);
    Objects.requireNonNull(now, "now");
  }
}
