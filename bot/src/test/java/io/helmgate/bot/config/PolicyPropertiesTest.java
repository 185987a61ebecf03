package io.helmgate.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.EnvironmentRules;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.policy.PreflightSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Policy configuration never loosens by omission: every subset of the keys of an environment entry,
 * bound by Spring's own binder from {@code application.yml} spelling and from environment
 * variables, gives rules no weaker than the production defaults on every dimension whose key is
 * absent.
 */
class PolicyPropertiesTest {

  /**
   * The keys of an environment entry, each with a value that differs from the production default
   * (mostly loosening), so that a key leaking into another dimension shows.
   */
  enum Key {
    APPROVALS("approvals", "0"),
    APPROVER_ROLES("approver-roles", "OPS,DEVOPS"),
    REQUESTER_ROLES("requester-roles", "OPS,DEVOPS"),
    REQUIRES_REASON("requires-reason", "false"),
    APPROVAL_TTL("approval-ttl", "72h"),
    MAINTENANCE_WINDOWS("maintenance-windows", "Sat 22:00-02:00 Europe/Zurich"),
    SCHEDULE_REQUIRES_WINDOW("schedule-requires-window", "false"),
    FREEZES("freezes", "year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich"),
    ALLOW_NEW_KEYS("allow-new-keys", "true"),
    FAIL_OPEN_WHEN_UNAVAILABLE("fail-open-when-unavailable", "vault");

    final String kebab;
    final String value;

    Key(String kebab, String value) {
      this.kebab = kebab;
      this.value = value;
    }

    String variable() {
      return "HELMGATE_POLICY_ENVIRONMENTS_PROD_" + kebab.replace("-", "").toUpperCase(Locale.ROOT);
    }
  }

  static PolicyConfig bindKebab(Set<Key> keys) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("helmgate.policy.roles.OPS", "S0OPS");
    keys.forEach(k -> settings.put("helmgate.policy.environments.prod." + k.kebab, k.value));
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("helmgate.policy", PolicyProperties.class)
        .toPolicyConfig();
  }

  static PolicyConfig bindVariables(Set<Key> keys) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("HELMGATE_POLICY_ROLES_OPS", "S0OPS");
    keys.forEach(k -> variables.put(k.variable(), k.value));
    return new Binder(
            ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
        .bindOrCreate("helmgate.policy", PolicyProperties.class)
        .toPolicyConfig();
  }

  static List<Set<Key>> everySubset() {
    Key[] all = Key.values();
    List<Set<Key>> subsets = new ArrayList<>();
    for (int mask = 0; mask < 1 << all.length; mask++) {
      Set<Key> subset = java.util.EnumSet.noneOf(Key.class);
      for (int i = 0; i < all.length; i++) {
        if ((mask & 1 << i) != 0) {
          subset.add(all[i]);
        }
      }
      subsets.add(subset);
    }
    return subsets;
  }

  /** What is wrong with {@code rules} bound from {@code keys}: empty when nothing is. */
  static List<String> weaknesses(Set<Key> keys, EnvironmentRules rules) {
    EnvironmentRules production = EnvironmentRules.production();
    List<String> problems = new ArrayList<>();
    if (keys.contains(Key.APPROVALS) ? rules.approvals() != 0 : rules.approvals() < 1) {
      problems.add("approvals " + rules.approvals());
    }
    if (keys.contains(Key.APPROVER_ROLES)
        ? !rules.approverRoles().equals(Set.of(Role.OPS, Role.DEVOPS))
        : !production.approverRoles().containsAll(rules.approverRoles())) {
      problems.add("approver-roles " + rules.approverRoles());
    }
    if (keys.contains(Key.REQUESTER_ROLES)
        ? !rules.requesterRoles().equals(Set.of(Role.OPS, Role.DEVOPS))
        : !production.requesterRoles().containsAll(rules.requesterRoles())) {
      problems.add("requester-roles " + rules.requesterRoles());
    }
    if (keys.contains(Key.REQUIRES_REASON) ? rules.requiresReason() : !rules.requiresReason()) {
      problems.add("requires-reason " + rules.requiresReason());
    }
    if (keys.contains(Key.APPROVAL_TTL)
        ? !rules.approvalTtl().equals(Duration.ofHours(72))
        : rules.approvalTtl().compareTo(production.approvalTtl()) > 0) {
      problems.add("approval-ttl " + rules.approvalTtl());
    }
    if (keys.contains(Key.MAINTENANCE_WINDOWS)
        ? rules.maintenanceWindows().size() != 1
            || rules.windowsRequired() == keys.contains(Key.SCHEDULE_REQUIRES_WINDOW)
        : !rules.maintenanceWindows().isEmpty() || rules.windowsRequired()) {
      problems.add(
          "maintenance-windows "
              + rules.maintenanceWindows()
              + " required "
              + rules.windowsRequired());
    }
    if (keys.contains(Key.FREEZES) ? rules.freezes().size() != 1 : !rules.freezes().isEmpty()) {
      problems.add("freezes " + rules.freezes());
    }
    if (keys.contains(Key.ALLOW_NEW_KEYS) ? !rules.allowNewKeys() : rules.allowNewKeys()) {
      problems.add("allow-new-keys " + rules.allowNewKeys());
    }
    if (keys.contains(Key.FAIL_OPEN_WHEN_UNAVAILABLE)
        ? !rules.failsOpenWhenUnavailable(PreflightSource.VAULT)
        : !rules.failOpenWhenUnavailable().isEmpty()) {
      problems.add("fail-open-when-unavailable " + rules.failOpenWhenUnavailable());
    }
    return problems;
  }

  static List<String> checkEverySubset(Function<Set<Key>, PolicyConfig> bind) {
    List<String> failures = new ArrayList<>();
    for (Set<Key> keys : everySubset()) {
      // Failing open is allowed only where no approval is needed, so it must come with approvals.
      boolean contradiction =
          keys.contains(Key.FAIL_OPEN_WHEN_UNAVAILABLE) && !keys.contains(Key.APPROVALS);
      PolicyConfig[] bound = new PolicyConfig[1];
      Throwable refused = catchThrowable(() -> bound[0] = bind.apply(keys));
      if (refused != null) {
        if (!contradiction
            || !(refused instanceof InvalidConfigurationException invalid)
            || !invalid.key().equals("helmgate.policy.environments.prod")) {
          failures.add(keys + ": refused " + refused);
        }
        continue;
      }
      if (contradiction) {
        failures.add(keys + ": not refused, though prod needs approval and fails open");
        continue;
      }
      List<String> weak = weaknesses(keys, bound[0].rulesFor("prod"));
      if (!weak.isEmpty()) {
        failures.add(keys + ": " + weak);
      }
    }
    return failures;
  }

  @Test
  void everySubsetOfAnEntrysKeysIsNeverWeakerThanProductionWhereAKeyIsAbsent() {
    assertThat(checkEverySubset(PolicyPropertiesTest::bindKebab)).isEmpty();
  }

  @Test
  void everySubsetSpelledAsEnvironmentVariablesIsNeverWeakerThanProduction() {
    assertThat(checkEverySubset(PolicyPropertiesTest::bindVariables)).isEmpty();
  }

  @Test
  void aSingleVariableThatAsksForAReasonKeepsTheApproval() {
    EnvironmentRules prod = bindVariables(Set.of(Key.REQUIRES_REASON)).rulesFor("prod");

    assertThat(prod.approvals()).isEqualTo(1);
    assertThat(prod.approverRoles()).containsExactly(Role.OPS);
  }

  @Test
  void missingRolesStopStartUpNamingTheKey() {
    Throwable failure =
        catchThrowable(
            () ->
                new Binder(
                        new MapConfigurationPropertySource(
                            Map.of("helmgate.policy.default-zone", "UTC")))
                    .bindOrCreate("helmgate.policy", PolicyProperties.class)
                    .toPolicyConfig());

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .startsWith("invalid configuration: helmgate.policy.roles: names no Slack user group");
  }

  @Test
  void aGroupWrittenNeitherAsIdNorAsHandleStopsStartUpNamingTheRole() {
    Throwable failure =
        catchThrowable(
            () ->
                new Binder(
                        new MapConfigurationPropertySource(
                            Map.of("helmgate.policy.roles.OPS", "ops-team")))
                    .bindOrCreate("helmgate.policy", PolicyProperties.class)
                    .toPolicyConfig());

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .startsWith("invalid configuration: helmgate.policy.roles.OPS: `ops-team` is neither")
        .contains("@ops-team");
  }
}
