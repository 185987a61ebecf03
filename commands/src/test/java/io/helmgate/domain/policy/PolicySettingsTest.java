package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.PolicySettings.Environment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

  static final Map<Role, List<String>> ROLES = Map.of(Role.OPS, List.of("@ops-team", "S0OPS2"));

  static PolicySettings settings(Map<Role, List<String>> roles, Map<String, Environment> envs) {
    return new PolicySettings(roles, null, null, null, envs, null);
  }

  static PolicyConfig translate(String env, Environment entry) {
    Map<String, Environment> envs = new LinkedHashMap<>();
    envs.put(env, entry);
    return settings(ROLES, envs).toPolicyConfig();
  }

  static Environment entry() {
    return Environment.empty();
  }

  @Nested
  class EveryEntryStartsFromProduction {

    @Test
    void anEntryThatOnlyAsksForAReasonStillNeedsOneOpsApproval() {
      Environment prod =
          new Environment(null, null, null, true, null, null, null, null, null, null, null);

      assertThat(translate("prod", prod).rulesFor("prod")).isEqualTo(EnvironmentRules.production());
    }

    @Test
    void anEmptyEntryIsProduction() {
      assertThat(translate("uat", entry()).rulesFor("uat"))
          .isEqualTo(EnvironmentRules.production());
    }

    @Test
    void approvalsZeroLoosensOnlyTheApprovalsTheReasonStaysRequired() {
      Environment dev =
          new Environment(0, null, null, null, null, null, null, null, null, null, null);

      EnvironmentRules rules = translate("dev", dev).rulesFor("dev");

      assertThat(rules.approvals()).isZero();
      assertThat(rules.requiresReason()).isTrue();
      assertThat(rules.approverRoles()).containsExactly(Role.OPS);
    }

    @Test
    void anUnnamedEnvironmentIsProductionEvenWhenOthersAreNamed() {
      Environment dev =
          new Environment(0, null, null, false, null, null, null, null, null, null, null);

      assertThat(translate("dev", dev).rulesFor("qa")).isEqualTo(EnvironmentRules.production());
    }

    @Test
    void keysThatArePresentApply() {
      Environment staging =
          new Environment(
              2,
              Set.of(Role.OPS, Role.DEVOPS),
              Set.of(Role.OPS),
              false,
              Duration.ofHours(4),
              List.of("Sat 22:00-02:00"),
              null,
              List.of("year-end: every year Dec 20 00:00 - Jan 5 00:00"),
              true,
              null,
              null);

      EnvironmentRules rules = translate("staging", staging).rulesFor("staging");

      assertThat(rules.approvals()).isEqualTo(2);
      assertThat(rules.approverRoles()).containsExactlyInAnyOrder(Role.OPS, Role.DEVOPS);
      assertThat(rules.requiresReason()).isFalse();
      assertThat(rules.approvalTtl()).isEqualTo(Duration.ofHours(4));
      assertThat(rules.windowsRequired()).isTrue();
      assertThat(rules.freezes()).hasSize(1);
      assertThat(rules.allowNewKeys()).isTrue();
    }
  }

  @Nested
  class FailOpen {

    @Test
    void nothingFailsOpenUnlessTheEntrySaysSo() {
      Environment dev =
          new Environment(0, null, null, false, null, null, null, null, null, null, null);

      Policy policy = new Policy(translate("dev", dev));

      assertThat(policy.mayGoOnWithoutPreflight("dev", PreflightSource.VAULT)).isFalse();
      assertThat(policy.mayGoOnWithoutPreflight("dev", PreflightSource.REGISTRY)).isFalse();
    }

    @Test
    void anApprovalFreeEntryMayFailOpenForTheSourcesItNames() {
      Environment dev =
          new Environment(
              0, null, null, false, null, null, null, null, null, List.of("Vault"), null);

      Policy policy = new Policy(translate("dev", dev));

      assertThat(policy.mayGoOnWithoutPreflight("dev", PreflightSource.VAULT)).isTrue();
      assertThat(policy.mayGoOnWithoutPreflight("dev", PreflightSource.REGISTRY)).isFalse();
      assertThat(policy.mayGoOnWithoutPreflight("prod", PreflightSource.VAULT)).isFalse();
    }

    @Test
    void aGatedEntryThatAsksToFailOpenIsRefusedNamingTheEnvironment() {
      Environment prod =
          new Environment(
              null, null, null, null, null, null, null, null, null, List.of("vault"), null);

      assertThatThrownBy(() -> translate("prod", prod))
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.environments.prod: fail-open-when-unavailable")
          .hasMessageContaining("gated-environments-fail-closed");
    }

    @Test
    void anUnknownSourceIsRefusedNamingTheKey() {
      Environment dev =
          new Environment(0, null, null, null, null, null, null, null, null, List.of("kong"), null);

      assertThatThrownBy(() -> translate("dev", dev))
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith(
              "helmgate.policy.environments.dev.fail-open-when-unavailable: `kong`");
    }
  }

  @Nested
  class ChangeModes {

    @Test
    void changesArePushedUnlessTheEntrySaysPullRequest() {
      Environment prod =
          new Environment(
              null, null, null, null, null, null, null, null, null, null, "Pull-Request");
      PolicyConfig config = translate("prod", prod);

      assertThat(config.rulesFor("prod").changeMode()).isEqualTo(ChangeMode.PULL_REQUEST);
      assertThat(config.rulesFor("qa").changeMode()).isEqualTo(ChangeMode.PUSH);
      assertThat(config.rulesFor("prod").describe()).endsWith("change-mode pull-request");
    }

    @Test
    void anUnknownModeStopsStartUpNamingTheKey() {
      Environment prod =
          new Environment(null, null, null, null, null, null, null, null, null, null, "merge");

      assertThatThrownBy(() -> translate("prod", prod))
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.environments.prod.change-mode: `merge`");
    }
  }

  @Nested
  class Contradictions {

    @Test
    void anEnvironmentThatNeedsApprovalButNamesNoApproverIsRefused() {
      Environment prod =
          new Environment(null, Set.of(), null, null, null, null, null, null, null, null, null);

      assertThatThrownBy(() -> translate("prod", prod))
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.environments.prod: approvals is 1")
          .hasMessageContaining("approver-roles is empty");
    }

    @Test
    void gatedEnvironmentsWithoutAnApprovalChannelAreNamedWhenChannelsAreUsed() {
      Map<String, Environment> envs = new LinkedHashMap<>();
      envs.put(
          "dev", new Environment(0, null, null, null, null, null, null, null, null, null, null));
      envs.put("staging", entry());
      envs.put("prod", entry());
      PolicyConfig config = settings(ROLES, envs).toPolicyConfig();

      assertThat(config.gatedEnvironmentsWithoutChannel(Set.of("prod"))).containsExactly("staging");
      assertThat(config.gatedEnvironmentsWithoutChannel(Set.of())).isEmpty();
    }
  }

  @Nested
  class Roles {

    @Test
    void missingRolesStopStartUpInsteadOfFallingBackToBuiltInGroups() {
      assertThatThrownBy(() -> settings(null, Map.of()).toPolicyConfig())
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.roles: names no Slack user group");
      assertThatThrownBy(() -> settings(Map.of(), Map.of()).toPolicyConfig())
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.roles:");
    }

    @Test
    void aConflictOfNoneOrOneRoleIsRefusedTheSameWayNamingTheKey() {
      for (List<Role> entry : List.of(List.<Role>of(), List.of(Role.OPS))) {
        assertThatThrownBy(
                () ->
                    new PolicySettings(ROLES, List.of(entry), null, null, Map.of(), null)
                        .toPolicyConfig())
            .isInstanceOf(InvalidPolicyException.class)
            .hasMessageStartingWith(
                "helmgate.policy.conflicting-roles: each entry names at least two roles")
            .hasMessageEndingWith("not " + entry);
      }
    }

    @Test
    void aRoleWithAnEmptyGroupIsRefusedNamingTheRole() {
      assertThatThrownBy(
              () -> settings(Map.of(Role.AUDITOR, List.of(" ")), Map.of()).toPolicyConfig())
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.roles.AUDITOR: a group is blank");
    }

    @Test
    void aBareNameIsRefusedWithBothSpellingsToWriteInstead() {
      assertThatThrownBy(
              () -> settings(Map.of(Role.OPS, List.of("ops-team")), Map.of()).toPolicyConfig())
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.roles.OPS: `ops-team` is neither")
          .hasMessageContaining("@ops-team")
          .hasMessageContaining("S0123ABCD");
    }

    @Test
    void aLowerCaseIdAndAnAtBeforeAnIdAreRefused() {
      for (String group : List.of("s0ops", "@S0OPS", "@Ops-Team", "S0", "S0ops")) {
        assertThatThrownBy(
                () -> settings(Map.of(Role.OPS, List.of(group)), Map.of()).toPolicyConfig())
            .as(group)
            .isInstanceOf(InvalidPolicyException.class)
            .hasMessageStartingWith("helmgate.policy.roles.OPS: `" + group + "`");
      }
    }

    @Test
    void aHandleThatReadsAsAnotherGroupsIdIsRefused() {
      Map<Role, List<String>> roles = new LinkedHashMap<>();
      roles.put(Role.OPS, List.of("S0OPS"));
      roles.put(Role.AUDITOR, List.of("@s0ops"));

      assertThatThrownBy(() -> settings(roles, Map.of()).toPolicyConfig())
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageStartingWith("helmgate.policy.roles.AUDITOR: the handle `@s0ops`")
          .hasMessageContaining("S0OPS");
    }

    @Test
    void aGroupListedTwiceInARoleIsRefused() {
      assertThatThrownBy(
              () ->
                  settings(Map.of(Role.OPS, List.of("@ops-team", "@ops-team")), Map.of())
                      .toPolicyConfig())
          .isInstanceOf(InvalidPolicyException.class)
          .hasMessageContaining("listed twice");
    }

    @Test
    void idsAndHandlesAreKeptAsWritten() {
      PolicyConfig config = settings(ROLES, Map.of()).toPolicyConfig();

      assertThat(config.groupsOf(Role.OPS)).containsExactly("@ops-team", "S0OPS2");
    }
  }

  @Nested
  class Describe {

    @Test
    void whoHoldsWhichRoleThenOneLinePerEnvironmentWithEveryDimensionAndALineForTheRest() {
      Map<String, Environment> envs = new LinkedHashMap<>();
      envs.put(
          "dev",
          new Environment(
              0, null, null, false, null, null, null, null, null, List.of("vault"), null));
      envs.put("prod", entry());

      List<String> lines = settings(ROLES, envs).toPolicyConfig().describe();

      assertThat(lines)
          .containsExactly(
              "roles.DEVELOPER none",
              "roles.DEVOPS none",
              "roles.OPS [@ops-team, S0OPS2]",
              "roles.AUDITOR none",
              "conflicting-roles [[DEVELOPER, OPS]]",
              "break-glass-roles [OPS]",
              "default-zone Europe/Zurich",
              "dev: approvals 0; approver-roles [OPS]; requester-roles [OPS]; self-approval"
                  + " forbidden; requires-reason false; approval-ttl 24h; maintenance-windows"
                  + " none; schedule-requires-window false; freezes none; allow-new-keys false;"
                  + " fail-open-when-unavailable [vault]; change-mode push",
              "prod: approvals 1 from [OPS]; approver-roles [OPS]; requester-roles [OPS];"
                  + " self-approval forbidden; requires-reason true; approval-ttl 24h;"
                  + " maintenance-windows none; schedule-requires-window false; freezes none;"
                  + " allow-new-keys false; fail-open-when-unavailable none; change-mode push",
              "any other environment: approvals 1 from [OPS]; approver-roles [OPS];"
                  + " requester-roles [OPS]; self-approval forbidden; requires-reason true;"
                  + " approval-ttl 24h; maintenance-windows none; schedule-requires-window false;"
                  + " freezes none; allow-new-keys false; fail-open-when-unavailable none;"
                  + " change-mode push");
    }
  }
}
