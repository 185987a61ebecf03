package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.helmgate.domain.Role;
import io.helmgate.domain.UserRef;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleResolverTest {

  final RoleResolver resolver = new RoleResolver(config());

  static PolicyConfig config() {
    Map<Role, List<String>> groups = new EnumMap<>(Role.class);
    groups.put(Role.DEVELOPER, List.of("@dev-team"));
    groups.put(Role.DEVOPS, List.of("@platform-team"));
    groups.put(Role.OPS, List.of("@ops-team", "S0OPS2"));
    groups.put(Role.AUDITOR, List.of("@audit"));
    return ExampleGroups.policy().withRoleGroups(groups);
  }

  @Test
  void groupGivesItsRole() {
    assertThat(resolver.rolesOf(Set.of("@ops-team"))).containsExactly(Role.OPS);
  }

  @Test
  void rolesAreTheUnionOfAllGroups() {
    assertThat(resolver.rolesOf(Set.of("@dev-team", "@audit", "@random")))
        .containsExactlyInAnyOrder(Role.DEVELOPER, Role.AUDITOR);
  }

  @Test
  void groupMatchesByIdAsWellAsByHandle() {
    assertThat(resolver.rolesOf(Set.of("S0OPS2"))).containsExactly(Role.OPS);
  }

  @Test
  void handlesMatchIgnoringCase() {
    assertThat(resolver.rolesOf(Set.of("@OPS-Team"))).containsExactly(Role.OPS);
  }

  @Test
  void aHandleThatSpellsAConfiguredIdDoesNotGiveThatGroupsRole() {
    RoleResolver byId =
        new RoleResolver(ExampleGroups.policy().withRoleGroups(Map.of(Role.OPS, List.of("S0OPS"))));

    // Slack's group S0XYZ has the handle "s0ops": its members are not the members of S0OPS.
    assertThat(byId.rolesOf(Set.of("S0XYZ", "@s0ops"))).isEmpty();
    assertThat(byId.rolesOf(Set.of("S0OPS"))).containsExactly(Role.OPS);
  }

  @Test
  void anIdMatchesOnlyExactlyBecauseSlackIdsAreUpperCase() {
    assertThat(resolver.rolesOf(Set.of("s0ops2"))).isEmpty();
  }

  @Test
  void aConfiguredHandleDoesNotMatchAGroupIdThatSpellsIt() {
    RoleResolver byHandle =
        new RoleResolver(
            ExampleGroups.policy().withRoleGroups(Map.of(Role.OPS, List.of("@s0ops"))));

    assertThat(byHandle.rolesOf(Set.of("S0OPS"))).isEmpty();
    assertThat(byHandle.rolesOf(Set.of("@s0ops"))).containsExactly(Role.OPS);
  }

  @Test
  void aBareNameInTheConfigurationIsRefusedAsAmbiguous() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RoleResolver(
                    ExampleGroups.policy().withRoleGroups(Map.of(Role.OPS, List.of("ops-team")))))
        .withMessageContaining("`ops-team` is neither an id nor a handle")
        .withMessageContaining("@ops-team");
  }

  @Test
  void membershipsInNeitherSpellingGiveNoRole() {
    assertThat(resolver.rolesOf(Set.of("ops-team", "s0ops2", ""))).isEmpty();
  }

  @Test
  void unknownGroupsGiveNoRole() {
    assertThat(resolver.rolesOf(Set.of("@marketing", "S0999"))).isEmpty();
    assertThat(resolver.rolesOf(Set.of())).isEmpty();
  }

  @Test
  void actorCarriesTheResolvedRoles() {
    Actor actor = resolver.actor(new UserRef("U1", "Alice"), Set.of("@ops-team", "@dev-team"));

    assertThat(actor.roles()).containsExactlyInAnyOrder(Role.OPS, Role.DEVELOPER);
    assertThat(actor.user().id()).isEqualTo("U1");
  }
}
