package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the policy says about one action: allowed, denied, or allowed once enough others approve;
 * with the name of the rule that decided and a sentence for the user ("prod needs 1 approval from
 * OPS other than you.").
 */
public record Decision(
    Verdict verdict, String rule, String message, int approvalsRequired, Set<Role> approverRoles) {

  /** The three outcomes of a policy question. */
  public enum Verdict {
    ALLOWED,
    DENIED,
    NEEDS_APPROVAL
  }

  public Decision {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(approverRoles, "approverRoles");
    if (verdict == Verdict.NEEDS_APPROVAL) {
      if (approvalsRequired < 1 || approverRoles.isEmpty()) {
        throw new IllegalArgumentException(
            "a decision that needs approval names how many (at least 1) and from which roles");
      }
      approverRoles = Collections.unmodifiableSet(EnumSet.copyOf(approverRoles));
    } else if (approvalsRequired != 0 || !approverRoles.isEmpty()) {
      throw new IllegalArgumentException("only a decision that needs approval names approvers");
    } else {
      approverRoles = Set.of();
    }
  }

  public static Decision allowed(String rule, String message) {
    return new Decision(Verdict.ALLOWED, rule, message, 0, Set.of());
  }

  public static Decision denied(String rule, String message) {
    return new Decision(Verdict.DENIED, rule, message, 0, Set.of());
  }

  public static Decision needsApproval(
      String rule, String message, int approvalsRequired, Set<Role> approverRoles) {
    return new Decision(Verdict.NEEDS_APPROVAL, rule, message, approvalsRequired, approverRoles);
  }

  public boolean isAllowed() {
    return verdict == Verdict.ALLOWED;
  }

  public boolean isDenied() {
    return verdict == Verdict.DENIED;
  }

  public boolean needsApproval() {
    return verdict == Verdict.NEEDS_APPROVAL;
  }

  /** {@code DENIED by four-eyes: You requested this; …}: for logs and the audit trail. */
  @Override
  public String toString() {
    return verdict + " by " + rule + ": " + message;
  }
}
