package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Rule.pass;

import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules asked again when an approved change is about to run, because roles, locks and freezes may
 * have changed since it was approved. A failing rule stops the run; the message says why.
 */
final class ExecutionRules {

  private ExecutionRules() {}

  /** A change about to run, as the rules see it. */
  record ExecutionCheck(
      Actor requester,
      List<Actor> approvers,
      Target target,
      Optional<Lock> lock,
      boolean breakGlass,
      Instant now,
      EnvironmentRules rules,
      PolicyConfig config) {

    String env() {
      return target.environment();
    }

    ZoneId zone() {
      return config.defaultZone();
    }
  }

  /** requester-still-allowed: the requester still holds a requester role, and no conflict. */
  static Rule<ExecutionCheck> requesterStillAllowed() {
    String name = "requester-still-allowed";
    return new Rule<>(
        name,
        c ->
            problemOf(c.requester(), c.rules().requesterRoles(), c.config())
                .or(
                    () ->
                        c.breakGlass() && !c.requester().holdsAnyOf(c.config().breakGlassRoles())
                            ? Optional.of(
                                "no longer holds "
                                    + Wording.anyOf(c.config().breakGlassRoles())
                                    + " for break-glass")
                            : Optional.empty())
                .map(
                    problem ->
                        Decision.denied(
                            name,
                            "Not running: "
                                + c.requester().user()
                                + ", who requested this, "
                                + problem
                                + ".")));
  }

  /**
   * approvers-still-allowed: enough distinct approvers other than the requester still hold an
   * approver role without a conflict (break-glass needs none).
   */
  static Rule<ExecutionCheck> approversStillAllowed() {
    String name = "approvers-still-allowed";
    return new Rule<>(
        name,
        c -> {
          int needed = c.rules().approvals();
          if (c.breakGlass() || needed == 0) {
            return pass();
          }
          Set<String> counted = new HashSet<>();
          List<String> problems = new ArrayList<>();
          for (Actor approver : c.approvers()) {
            if (approver.is(c.requester().user())) {
              problems.add(approver.user() + " is the requester");
              continue;
            }
            Optional<String> problem = problemOf(approver, c.rules().approverRoles(), c.config());
            if (problem.isPresent()) {
              problems.add(approver.user() + " " + problem.get());
            } else {
              counted.add(approver.user().id());
            }
          }
          if (counted.size() >= needed) {
            return pass();
          }
          return Optional.of(
              Decision.denied(
                  name,
                  "Not running: "
                      + c.env()
                      + " needs "
                      + Wording.approvals(needed)
                      + " from "
                      + Wording.anyOf(c.rules().approverRoles())
                      + " other than the requester, and "
                      + counted.size()
                      + " still count"
                      + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")")
                      + "."));
        });
  }

  /** lock: nothing runs into a locked environment, break-glass included. */
  static Rule<ExecutionCheck> notLocked() {
    String name = "lock";
    return new Rule<>(
        name,
        c ->
            c.lock()
                .filter(lock -> lock.activeAt(c.now()))
                .map(
                    lock ->
                        Decision.denied(name, "Not running: " + lock.describe(c.zone()) + ".")));
  }

  /** freeze: nothing runs inside a freeze, break-glass aside. */
  static Rule<ExecutionCheck> notFrozen() {
    String name = "freeze";
    return new Rule<>(
        name,
        c -> {
          if (c.breakGlass()) {
            return pass();
          }
          return new ChangeCalendar(c.rules())
              .freezeAt(c.now())
              .map(
                  freeze ->
                      Decision.denied(
                          name,
                          "Not running: "
                              + c.env()
                              + " is frozen ("
                              + freeze.name()
                              + ") until "
                              + TimeText.when(freeze.endAfter(c.now()).orElseThrow(), c.zone())
                              + "."));
        });
  }

  /** maintenance-window: where windows are required, one must be open now, break-glass aside. */
  static Rule<ExecutionCheck> windowOpen() {
    String name = "maintenance-window";
    return new Rule<>(
        name,
        c -> {
          ChangeCalendar calendar = new ChangeCalendar(c.rules());
          if (c.breakGlass() || !calendar.windowsRequired() || calendar.inWindow(c.now())) {
            return pass();
          }
          return Optional.of(
              Decision.denied(
                  name,
                  "Not running: "
                      + c.env()
                      + " takes changes only in its maintenance windows ("
                      + calendar.windows()
                      + "), and none is open now."));
        });
  }

  /** recheck-passed: whatever passed every rule above may run now. */
  static Rule<ExecutionCheck> passed() {
    String name = "recheck-passed";
    return new Rule<>(
        name, c -> Optional.of(Decision.allowed(name, "Every check passed again; running now.")));
  }

  /** Why {@code actor} no longer qualifies for {@code roles}, if they do not. */
  private static Optional<String> problemOf(Actor actor, Set<Role> roles, PolicyConfig config) {
    if (actor.roles().isEmpty()) {
      return Optional.of("is no longer in any Helmgate group");
    }
    Optional<Set<Role>> conflict = config.conflictIn(actor.roles());
    if (conflict.isPresent()) {
      return Optional.of(
          "now holds both "
              + Wording.join(conflict.get().stream().sorted().map(Role::name).toList(), " and "));
    }
    if (!actor.holdsAnyOf(roles)) {
      return Optional.of("no longer holds " + Wording.anyOf(roles));
    }
    return Optional.empty();
  }
}
