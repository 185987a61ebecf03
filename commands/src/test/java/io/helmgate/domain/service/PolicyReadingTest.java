package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.EnvironmentRules;
import io.helmgate.domain.policy.ExampleGroups;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.policy.PolicyDescription;
import io.helmgate.domain.policy.PolicyDescription.EnvironmentEntry;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.port.ExecutionClaims;
import io.helmgate.domain.values.Redaction;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /deploy policy}: who may read it, and that it shows exactly the rules the bot applies. */
class PolicyReadingTest {

  static final UserRef NOBODY = new UserRef("U0NOBODY", "nobody");

  final PolicyConfig config = ExampleGroups.policy();
  final Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-12-01T09:00:00Z"));
  final Fakes.Groups groups = new Fakes.Groups();
  final Fakes.Trail trail = new Fakes.Trail();
  Helmgate helmgate;

  @BeforeEach
  void setUp() {
    groups.groups.put("U0DEV", Set.of("@dev-team"));
    groups.groups.put("U0DEVOPS", Set.of("@platform-team"));
    groups.groups.put("U0OPS", Set.of("@ops-team"));
    groups.groups.put("U0AUDITOR", Set.of("@audit"));
    Ports ports =
        new Ports(
            new Fakes.Values(clock, Map.of()),
            new Fakes.Argo(),
            new Fakes.Secrets(),
            groups,
            new Fakes.Requests(trail),
            trail,
            new Fakes.Locks(),
            new Fakes.Schedules(),
            new Fakes.Thread(),
            clock,
            Runnable::run,
            new Fakes.Artifacts(),
            EdgeVerifier.NONE,
            ExecutionClaims.inProcess());
    helmgate = new Helmgate(ports, new Policy(config), Redaction.defaults());
  }

  Outcome policy(String who, String text) {
    return helmgate.command(new Caller(new UserRef(who, who), "C0OPS"), "/deploy", text);
  }

  PolicyDescription shown(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.PolicyReport.class);
    return ((Outcome.PolicyReport) outcome).policy();
  }

  @Test
  void someoneWithoutARoleIsRefusedAsForTheOtherReadCommands() {
    Outcome policy = policy(NOBODY.id(), "policy");
    Outcome status = policy(NOBODY.id(), "pending");

    assertThat(policy).isInstanceOf(Outcome.Denied.class);
    assertThat(((Outcome.Denied) policy).decision().rule()).isEqualTo("known-user");
    assertThat(policy).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"U0DEV", "U0DEVOPS", "U0OPS", "U0AUDITOR"})
  void everyRoleMayReadThePolicy(String who) {
    assertThat(policy(who, "policy")).isInstanceOf(Outcome.PolicyReport.class);
  }

  @Test
  void theAnswerIsTheEffectivePolicyThatStartUpLogs() {
    PolicyDescription shown = shown(policy("U0DEV", "policy"));

    assertThat(shown).isEqualTo(config.description());
    assertThat(shown.lines()).isEqualTo(config.describe());
    assertThat(shown.environments())
        .extracting(EnvironmentEntry::label)
        .containsExactly("dev", "qa", "staging", "prod", "any other environment");
    for (EnvironmentEntry entry : shown.environments()) {
      EnvironmentRules applied =
          entry.environment().map(config::rulesFor).orElse(EnvironmentRules.production());
      assertThat(entry.settings()).as(entry.label()).isEqualTo(applied.settings());
    }
  }

  @Test
  void oneEnvironmentShowsItsOwnRules() {
    PolicyDescription shown = shown(policy("U0AUDITOR", "policy prod"));

    assertThat(shown.environments())
        .containsExactly(
            new EnvironmentEntry(Optional.of("prod"), true, config.rulesFor("prod").settings()));
    assertThat(shown.people()).isEqualTo(config.description().people());
  }

  @Test
  void anEnvironmentThePolicyDoesNotNameShowsTheFailSafeProductionRules() {
    PolicyDescription shown = shown(policy("U0OPS", "policy sandbox"));

    assertThat(shown.environments())
        .containsExactly(
            new EnvironmentEntry(
                Optional.of("sandbox"), false, EnvironmentRules.production().settings()));
    assertThat(config.rulesFor("sandbox")).isEqualTo(EnvironmentRules.production());
  }

  @Test
  void badInputIsExplainedNotRun() {
    Outcome outcome = policy("U0OPS", "policy prod qa");

    assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
    assertThat(((Outcome.Invalid) outcome).message()).contains("Unexpected `qa`");
    assertThat(trail.entries(AuditTrail.Query.all())).isEmpty();
  }

  @Test
  void readingThePolicyLeavesNoTrace() {
    policy("U0DEV", "policy");

    assertThat(trail.entries(AuditTrail.Query.all())).isEmpty();
  }
}
