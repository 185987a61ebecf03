package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Rule.pass;

import java.util.Optional;

/** Rules for a click on Approve or Reject, asked again at every click. */
final class ApprovalRules {

  private ApprovalRules() {}

  /** Approve or Reject: the words differ, the rules mostly do not. */
  enum Choice {
    APPROVE("approve"),
    REJECT("reject");

    final String verb;

    Choice(String verb) {
      this.verb = verb;
    }
  }

  /** A click as the rules see it. */
  record ApprovalCheck(
      Actor approver, ApprovalContext approval, EnvironmentRules rules, Choice choice) {

    String env() {
      return approval.target().environment();
    }
  }

  /** request-open: decisions count only while the request waits for them. */
  static Rule<ApprovalCheck> requestOpen() {
    String name = "request-open";
    return new Rule<>(
        name,
        c ->
            c.approval().open()
                ? pass()
                : Optional.of(
                    Decision.denied(
                        name,
                        "This request is no longer waiting for approval, so there is nothing to "
                            + c.choice().verb
                            + ".")));
  }

  /** approver-role: only the environment's approver roles (default OPS) approve or reject. */
  static Rule<ApprovalCheck> approverRole() {
    String name = "approver-role";
    return new Rule<>(
        name,
        c -> {
          if (c.approver().holdsAnyOf(c.rules().approverRoles())) {
            return pass();
          }
          if (c.rules().approverRoles().isEmpty()) {
            return Optional.of(
                Decision.denied(
                    name,
                    "Nobody approves requests for " + c.env() + ": it has no approver roles."));
          }
          return Optional.of(
              Decision.denied(
                  name,
                  "You may not "
                      + c.choice().verb
                      + " requests for "
                      + c.env()
                      + ": that needs the "
                      + Wording.anyOf(c.rules().approverRoles())
                      + " role, and you have "
                      + Wording.held(c.approver().roles())
                      + "."));
        });
  }

  /** four-eyes: the requester never decides on their own request. */
  static Rule<ApprovalCheck> fourEyes() {
    String name = "four-eyes";
    return new Rule<>(
        name,
        c -> {
          if (!c.approver().is(c.approval().requester())) {
            return pass();
          }
          return Optional.of(
              Decision.denied(
                  name,
                  c.choice() == Choice.APPROVE
                      ? "You requested this; four-eyes needs someone else to approve it."
                      : "You requested this; four-eyes needs someone else to reject it. To"
                          + " withdraw it, use `/deploy cancel`."));
        });
  }

  /** once-per-person: each approval comes from a different person. */
  static Rule<ApprovalCheck> oncePerPerson() {
    String name = "once-per-person";
    return new Rule<>(
        name,
        c ->
            c.approval().alreadyDecidedUserIds().contains(c.approver().user().id())
                ? Optional.of(
                    Decision.denied(
                        name,
                        "You already decided on this request; each approval must come from a"
                            + " different person."))
                : pass());
  }

  /** approver: whoever passed the rules above may make this decision. */
  static Rule<ApprovalCheck> approver() {
    String name = "approver";
    return new Rule<>(
        name,
        c ->
            Optional.of(
                Decision.allowed(
                    name,
                    c.choice() == Choice.APPROVE
                        ? "You may approve this request."
                        : "You may reject this request; a rejection ends it.")));
  }
}
