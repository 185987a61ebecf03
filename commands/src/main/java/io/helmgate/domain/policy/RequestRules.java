package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Rule.pass;

import io.helmgate.domain.Role;
import io.helmgate.domain.UserRef;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/** Rules for asking for a change (deploy, rollback, sync) and for cancelling a request. */
final class RequestRules {

  private RequestRules() {}

  /** A request as the rules see it: who asks, what for, the environment's rules and calendar. */
  record RequestCheck(
      Actor actor,
      RequestContext request,
      EnvironmentRules rules,
      ScheduleDecision schedule,
      ZoneId zone) {

    String env() {
      return request.target().environment();
    }
  }

  /** A cancellation as the rules see it. */
  record CancelCheck(Actor actor, UserRef requester) {}

  /**
   * requester-role: only holders of the environment's requester roles (default OPS) ask for
   * changes; rollbacks and syncs follow the same rule as deploys.
   */
  static Rule<RequestCheck> requesterRole() {
    String name = "requester-role";
    return new Rule<>(
        name,
        c -> {
          if (c.actor().holdsAnyOf(c.rules().requesterRoles())) {
            return pass();
          }
          if (c.rules().requesterRoles().isEmpty()) {
            return Optional.of(
                Decision.denied(
                    name, "Nobody may request changes in " + c.env() + ": it takes none."));
          }
          return Optional.of(
              Decision.denied(
                  name,
                  "You may not "
                      + Wording.verb(c.request().kind())
                      + " "
                      + c.env()
                      + ": that needs the "
                      + Wording.anyOf(c.rules().requesterRoles())
                      + " role, and you have "
                      + Wording.held(c.actor().roles())
                      + "."));
        });
  }

  /** break-glass-role: only the break-glass roles (default OPS) may skip approval. */
  static Rule<RequestCheck> breakGlassRole(Set<Role> breakGlassRoles) {
    String name = "break-glass-role";
    return new Rule<>(
        name,
        c ->
            c.request().breakGlass() && !c.actor().holdsAnyOf(breakGlassRoles)
                ? Optional.of(
                    Decision.denied(
                        name,
                        breakGlassRoles.isEmpty()
                            ? "Break-glass is switched off (break-glass-roles is empty); ask"
                                + " without break-glass."
                            : "Only "
                                + Wording.anyOf(breakGlassRoles)
                                + " may break glass; ask without break-glass to go through"
                                + " approval."))
                : pass());
  }

  /** break-glass-reason: break-glass always needs a reason, for the post-hoc review. */
  static Rule<RequestCheck> breakGlassReason() {
    String name = "break-glass-reason";
    return new Rule<>(
        name,
        c ->
            c.request().breakGlass() && c.request().reason().isEmpty()
                ? Optional.of(
                    Decision.denied(
                        name,
                        "Break-glass needs a reason for the post-hoc review: add"
                            + " reason=\"INC-1234 …\"."))
                : pass());
  }

  /**
   * reason-required: environments with requires-reason (default prod) take no change without one.
   */
  static Rule<RequestCheck> reasonRequired() {
    String name = "reason-required";
    return new Rule<>(
        name,
        c ->
            c.rules().requiresReason() && c.request().reason().isEmpty()
                ? Optional.of(
                    Decision.denied(name, c.env() + " needs a reason: add reason=\"CHG-1234 …\"."))
                : pass());
  }

  /** lock: an active lock refuses every new request, its owner's too, until it is lifted. */
  static Rule<RequestCheck> notLocked() {
    String name = "lock";
    return new Rule<>(
        name,
        c ->
            c.request()
                .lock()
                .filter(lock -> lock.activeAt(c.request().now()))
                .map(
                    lock ->
                        Decision.denied(
                            name,
                            lock.describe(c.zone())
                                + ". Wait until then, or ask "
                                + lock.owner().name()
                                + " or Ops to `/deploy unlock "
                                + lock.target()
                                + "`.")));
  }

  /**
   * schedule: the change must be able to run when asked (see {@link Scheduling}); the decision
   * names the scheduling rule that refused it ({@code freeze}, {@code maintenance-window}, …).
   */
  static Rule<RequestCheck> schedule() {
    return new Rule<>(
        "schedule",
        c ->
            c.schedule().isDenied()
                ? Optional.of(Decision.denied(c.schedule().rule(), c.schedule().message()))
                : pass());
  }

  /** break-glass: an allowed break-glass request runs without approval and is reviewed later. */
  static Rule<RequestCheck> breakGlass() {
    String name = "break-glass";
    return new Rule<>(
        name,
        c ->
            c.request().breakGlass()
                ? Optional.of(
                    Decision.allowed(
                        name,
                        "Break-glass: this runs without approval, maintenance windows or freezes"
                            + " and will be reviewed post-hoc by another Ops member."))
                : pass());
  }

  /** approvals: the environment's approval count from its approver roles, never the requester. */
  static Rule<RequestCheck> approvals() {
    String name = "approvals";
    return new Rule<>(
        name,
        c -> {
          int n = c.rules().approvals();
          if (n == 0) {
            return pass();
          }
          return Optional.of(
              Decision.needsApproval(
                  name,
                  c.env()
                      + " needs "
                      + Wording.approvals(n)
                      + " from "
                      + Wording.anyOf(c.rules().approverRoles())
                      + " other than you.",
                  n,
                  c.rules().approverRoles()));
        });
  }

  /** no-approval-needed: whatever passed every rule above runs without approval. */
  static Rule<RequestCheck> noApprovalNeeded() {
    String name = "no-approval-needed";
    return new Rule<>(
        name, c -> Optional.of(Decision.allowed(name, c.env() + " needs no approval.")));
  }

  /** cancel: the requester may withdraw their own request; Ops may cancel anyone's. */
  static Rule<CancelCheck> requesterOrOps() {
    String name = "requester-or-ops";
    return new Rule<>(
        name,
        c -> {
          if (c.actor().is(c.requester())) {
            return Optional.of(Decision.allowed(name, "You may cancel your own request."));
          }
          if (c.actor().roles().contains(Role.OPS)) {
            return Optional.of(Decision.allowed(name, "Ops may cancel any request."));
          }
          return Optional.of(
              Decision.denied(
                  name,
                  "Only "
                      + c.requester().name()
                      + ", who asked for it, or Ops may cancel this request."));
        });
  }
}
