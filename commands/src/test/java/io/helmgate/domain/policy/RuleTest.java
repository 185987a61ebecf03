package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleTest {

  final Rule<String> denyEmpty =
      new Rule<>(
          "not-empty",
          s -> s.isEmpty() ? Optional.of(Decision.denied("not-empty", "empty")) : Rule.pass());
  final Rule<String> allowAll =
      new Rule<>("anything", s -> Optional.of(Decision.allowed("anything", "fine")));

  @Test
  void firstRuleThatDecidesAnswers() {
    assertThat(Rule.decide(List.of(denyEmpty, allowAll), "").rule()).isEqualTo("not-empty");
  }

  @Test
  void ruleThatPassesLeavesTheAnswerToTheNext() {
    assertThat(Rule.decide(List.of(denyEmpty, allowAll), "x").rule()).isEqualTo("anything");
  }

  @Test
  void listWithoutADecisionDeniesSoThatAGapNeverLetsAnythingThrough() {
    Decision d = Rule.decide(List.of(denyEmpty), "x");

    assertThat(d.isDenied()).isTrue();
    assertThat(d.rule()).isEqualTo(Rule.NO_RULE_DECIDED);
  }

  @Test
  void ruleAskedAboutAPartKeepsItsNameAndAnswer() {
    Rule<List<String>> onFirst = denyEmpty.on(list -> list.get(0));

    assertThat(onFirst.name()).isEqualTo("not-empty");
    assertThat(onFirst.apply(List.of(""))).map(Decision::rule).contains("not-empty");
    assertThat(onFirst.apply(List.of("x"))).isEmpty();
  }
}
