package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.ALICE;
import static io.helmgate.domain.policy.Fixtures.CONFLICTED;
import static io.helmgate.domain.policy.Fixtures.DAVE;
import static io.helmgate.domain.policy.Fixtures.DORA;
import static io.helmgate.domain.policy.Fixtures.NOBODY;
import static io.helmgate.domain.policy.Fixtures.actor;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Role;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ActorRulesTest {

  final PolicyConfig config = PolicyConfig.defaults();

  @Nested
  class KnownUser {

    final Rule<Actor> rule = ActorRules.knownUser(config);

    @Test
    void personInAnyHelmgateGroupPasses() {
      assertThat(rule.apply(DAVE)).isEmpty();
    }

    @Test
    void personInNoHelmgateGroupIsDeniedWithTheGroupsToJoin() {
      Decision d = rule.apply(NOBODY).orElseThrow();

      assertThat(d.isDenied()).isTrue();
      assertThat(d.rule()).isEqualTo("known-user");
      assertThat(d.message())
          .startsWith(
              "You are in none of the Helmgate groups: @dev-team, @platform-team, @ops-team, @audit.");
    }
  }

  @Nested
  class ConflictingRoles {

    final Rule<Actor> rule = ActorRules.noConflictingRoles(config);

    @Test
    void personWithOneSideOfAConflictPasses() {
      assertThat(rule.apply(ALICE)).isEmpty();
      assertThat(rule.apply(DAVE)).isEmpty();
    }

    @Test
    void personWithBothDeveloperAndOpsIsDeniedNamingTheConflictAndGroups() {
      Decision d = rule.apply(CONFLICTED).orElseThrow();

      assertThat(d.isDenied()).isTrue();
      assertThat(d.rule()).isEqualTo("conflicting-roles");
      assertThat(d.message())
          .contains("You hold both DEVELOPER and OPS")
          .contains("@dev-team, @ops-team");
    }

    @Test
    void configuredConflictIsEnforcedToo() {
      Rule<Actor> custom =
          ActorRules.noConflictingRoles(
              config.withConflictingRoles(List.of(EnumSet.of(Role.DEVOPS, Role.OPS))));
      Actor both = actor("U9", "Bea", Role.DEVOPS, Role.OPS);

      assertThat(custom.apply(both)).map(Decision::rule).contains("conflicting-roles");
      assertThat(custom.apply(CONFLICTED)).isEmpty();
    }

    @Test
    void withoutConfiguredConflictsEveryonePasses() {
      Rule<Actor> none = ActorRules.noConflictingRoles(config.withConflictingRoles(List.of()));

      assertThat(none.apply(CONFLICTED)).isEmpty();
    }
  }

  @Nested
  class HoldsAnyOf {

    final Rule<Actor> rule =
        ActorRules.holdsAnyOf("audit-roles", EnumSet.of(Role.OPS, Role.AUDITOR), "read the audit");

    @Test
    void holderOfOneOfTheRolesIsAllowed() {
      Decision d = rule.apply(ALICE).orElseThrow();

      assertThat(d.isAllowed()).isTrue();
      assertThat(d.rule()).isEqualTo("audit-roles");
    }

    @Test
    void holderOfNoneIsDeniedNamingTheRolesNeededAndHeld() {
      Decision d = rule.apply(DORA).orElseThrow();

      assertThat(d.isDenied()).isTrue();
      assertThat(d.message()).isEqualTo("Only OPS or AUDITOR may read the audit; you have DEVOPS.");
    }
  }
}
