package io.helmgate.domain.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One named policy rule: it looks at a question and either decides it or passes it on to the next
 * rule. A policy is an ordered list of rules; the first that decides answers, and its decision
 * names it.
 *
 * @param <C> what the rule looks at (an actor, a request, a click on Approve)
 */
record Rule<C>(String name, Function<C, Optional<Decision>> check) {

  /** The rule name of the fail-safe denial when no rule in a list decided. */
  static final String NO_RULE_DECIDED = "no-rule-decided";

  Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
  }

  /** This rule's decision about {@code question}, or empty when it passes. */
  Optional<Decision> apply(C question) {
    return check.apply(question);
  }

  /** The same rule asked about a part of a bigger question (the actor of a request, say). */
  <D> Rule<D> on(Function<D, C> part) {
    return new Rule<>(name, question -> check.apply(part.apply(question)));
  }

  /**
   * The first decision of {@code rules}. Every list ends with a rule that always decides; should
   * none decide, the answer is a denial, so that a gap in a list never lets anything through.
   */
  static <C> Decision decide(List<Rule<C>> rules, C question) {
    for (Rule<C> rule : rules) {
      Optional<Decision> decision = rule.apply(question);
      if (decision.isPresent()) {
        return decision.get();
      }
    }
    return Decision.denied(
        NO_RULE_DECIDED, "Helmgate's policy did not decide this; ask Ops to check its rules.");
  }

  /** Passing: this rule has nothing to say; the next one decides. */
  static Optional<Decision> pass() {
    return Optional.empty();
  }
}
