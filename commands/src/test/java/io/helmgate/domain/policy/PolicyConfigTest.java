package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.helmgate.domain.Role;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {

  final PolicyConfig defaults = PolicyConfig.defaults();

  @Nested
  class Defaults {

    @Test
    void lowerEnvironmentsNeedNoApprovalAndNoReason() {
      for (String env : List.of("dev", "qa", "staging")) {
        EnvironmentRules rules = defaults.rulesFor(env);

        assertThat(rules.approvals()).as(env).isZero();
        assertThat(rules.requiresReason()).as(env).isFalse();
        assertThat(rules.requesterRoles()).as(env).containsExactly(Role.OPS);
      }
    }

    @Test
    void prodNeedsOneOpsApprovalAReasonAndExpiresAfter24Hours() {
      EnvironmentRules prod = defaults.rulesFor("prod");

      assertThat(prod.approvals()).isEqualTo(1);
      assertThat(prod.approverRoles()).containsExactly(Role.OPS);
      assertThat(prod.requesterRoles()).containsExactly(Role.OPS);
      assertThat(prod.requiresReason()).isTrue();
      assertThat(prod.approvalTtl()).isEqualTo(Duration.ofHours(24));
      assertThat(prod.maintenanceWindows()).isEmpty();
      assertThat(prod.freezes()).isEmpty();
      assertThat(prod.allowNewKeys()).isFalse();
    }

    @Test
    void developerAndOpsConflictOpsMayBreakGlassAndTimesAreInZurich() {
      assertThat(defaults.conflictingRoles()).containsExactly(Set.of(Role.DEVELOPER, Role.OPS));
      assertThat(defaults.breakGlassRoles()).containsExactly(Role.OPS);
      assertThat(defaults.defaultZone()).isEqualTo(ZoneId.of("Europe/Zurich"));
    }

    @Test
    void groupsAreListedInRoleOrder() {
      assertThat(defaults.allGroups())
          .containsExactly("@dev-team", "@platform-team", "@ops-team", "@audit");
    }
  }

  @Nested
  class UnknownEnvironment {

    @Test
    void getsProductionRulesSoThatAForgottenEntryClosesTheDoor() {
      assertThat(defaults.rulesFor("uat")).isEqualTo(EnvironmentRules.production());
      assertThat(defaults.isConfigured("uat")).isFalse();
      assertThat(defaults.isConfigured("prod")).isTrue();
    }
  }

  @Nested
  class PromotableKeys {

    final PolicyConfig config =
        defaults
            .withProduct("default", new ProductRules(List.of(KeyPath.of("image.tag"))))
            .withProduct("payments", new ProductRules(List.of(KeyPath.of("image.digest"))))
            .withProduct("acme/payments", new ProductRules(List.of(KeyPath.of("chart.version"))));

    @Test
    void customerAndProductComeFirst() {
      assertThat(config.promotableKeys("acme", "payments"))
          .containsExactly(KeyPath.of("chart.version"));
    }

    @Test
    void productComesBeforeTheDefault() {
      assertThat(config.promotableKeys("globex", "payments"))
          .containsExactly(KeyPath.of("image.digest"));
    }

    @Test
    void defaultAppliesToEveryOtherProduct() {
      assertThat(config.promotableKeys("globex", "ledger"))
          .containsExactly(KeyPath.of("image.tag"));
    }

    @Test
    void withoutAnyProductRulesOnlyTheImageTagIsPromotable() {
      PolicyConfig bare =
          new PolicyConfig(Map.of(), List.of(), Set.of(), ZoneId.of("UTC"), Map.of(), Map.of());

      assertThat(bare.promotableKeys("acme", "payments")).containsExactly(KeyPath.of("image.tag"));
    }
  }

  @Nested
  class Validation {

    @Test
    void environmentNameMustBeAName() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> defaults.withEnvironment("Prod", EnvironmentRules.production()))
          .withMessageStartingWith(
              "helmgate.policy.environments: `Prod` is not a valid environment");
    }

    @Test
    void productKeyMustBeDefaultProductOrCustomerSlashProduct() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> defaults.withProduct("acme/pay/ments", ProductRules.DEFAULT))
          .withMessageContaining("helmgate.policy.products: `acme/pay/ments` is not a product key");
    }

    @Test
    void blankGroupIsRefusedNamingTheRole() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> defaults.withRoleGroups(Map.of(Role.OPS, List.of("ops-team", " "))))
          .withMessageContaining("helmgate.policy.roles.OPS");
    }

    @Test
    void conflictNeedsAtLeastTwoRoles() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> defaults.withConflictingRoles(List.of(Set.of(Role.OPS))))
          .withMessageContaining("conflicting-roles");
    }

    @Test
    void configurationIsCopiedSoLaterChangesDoNotLeakIn() {
      Map<Role, List<String>> groups = new EnumMap<>(Role.class);
      groups.put(Role.OPS, List.of("ops-team"));
      PolicyConfig config = defaults.withRoleGroups(groups);

      groups.put(Role.DEVELOPER, List.of("dev-team"));

      assertThat(config.roleGroups()).containsOnlyKeys(Role.OPS);
    }
  }
}
