package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Rule.pass;

import io.helmgate.domain.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Rules about the person alone, asked before any rule about what they want to do. */
final class ActorRules {

  private ActorRules() {}

  /** known-user: only members of at least one configured Slack group use Helmgate at all. */
  static Rule<Actor> knownUser(PolicyConfig config) {
    String name = "known-user";
    return new Rule<>(
        name,
        actor ->
            actor.roles().isEmpty()
                ? Optional.of(
                    Decision.denied(
                        name,
                        "You are in none of the Helmgate groups: "
                            + String.join(", ", config.allGroups())
                            + ". Ask your Slack admin to add you to your team's group."))
                : pass());
  }

  /**
   * conflicting-roles: someone who holds a pair of roles that must stay apart (default DEVELOPER
   * and OPS) makes no changes at all, so that no one can both write and ship the same code.
   */
  static Rule<Actor> noConflictingRoles(PolicyConfig config) {
    String name = "conflicting-roles";
    return new Rule<>(
        name,
        actor ->
            config
                .conflictIn(actor.roles())
                .map(
                    conflict -> {
                      List<String> groups = new ArrayList<>();
                      conflict.stream()
                          .sorted()
                          .forEach(role -> groups.addAll(config.groupsOf(role)));
                      return Decision.denied(
                          name,
                          "You hold both "
                              + Wording.join(
                                  conflict.stream().sorted().map(Role::name).toList(), " and ")
                              + ", which Helmgate keeps apart (conflicting-roles), so you may not"
                              + " make changes. Ask your Slack admin to leave you in only one of"
                              + " these groups: "
                              + String.join(", ", groups)
                              + ".");
                    }));
  }

  /** {@code name}: allowed to holders of any of {@code roles}, denied to everyone else. */
  static Rule<Actor> holdsAnyOf(String name, Set<Role> roles, String action) {
    return new Rule<>(
        name,
        actor ->
            Optional.of(
                actor.holdsAnyOf(roles)
                    ? Decision.allowed(name, "You may " + action + ".")
                    : Decision.denied(
                        name,
                        "Only "
                            + Wording.anyOf(roles)
                            + " may "
                            + action
                            + "; you have "
                            + Wording.held(actor.roles())
                            + ".")));
  }
}
