package io.helmgate.bot.config;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.EnvironmentRules;
import io.helmgate.domain.policy.Freeze;
import io.helmgate.domain.policy.MaintenanceWindow;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.policy.ProductRules;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The policy ({@code helmgate.policy.*}): which Slack groups hold which role, and each
 * environment's rules. Anything left out takes the defaults of {@link PolicyConfig#defaults()}; a
 * wrong value stops start-up with the key that holds it.
 */
@ConfigurationProperties("helmgate.policy")
public record PolicyProperties(
    Map<Role, List<String>> roles,
    List<List<Role>> conflictingRoles,
    Set<Role> breakGlassRoles,
    String defaultZone,
    Map<String, Environment> environments,
    Map<String, Product> products) {

  /** One environment's rules; a missing value takes the default for an environment of its kind. */
  public record Environment(
      Integer approvals,
      Set<Role> approverRoles,
      Set<Role> requesterRoles,
      Boolean requiresReason,
      Duration approvalTtl,
      List<String> maintenanceWindows,
      Boolean scheduleRequiresWindow,
      List<String> freezes,
      Boolean allowNewKeys) {}

  /** One product's rules. */
  public record Product(List<String> promotableKeys) {}

  /** The domain's policy configuration, or {@link InvalidConfigurationException} naming the key. */
  public PolicyConfig toPolicyConfig() {
    PolicyConfig defaults = PolicyConfig.defaults();
    ZoneId zone = zone(defaultZone, defaults.defaultZone());
    Map<Role, List<String>> groups =
        roles == null || roles.isEmpty() ? defaults.roleGroups() : roles;
    List<Set<Role>> conflicts = defaults.conflictingRoles();
    if (conflictingRoles != null) {
      conflicts = new ArrayList<>();
      for (List<Role> pair : conflictingRoles) {
        conflicts.add(EnumSet.copyOf(pair));
      }
    }
    Map<String, EnvironmentRules> envs = new LinkedHashMap<>(defaults.environments());
    if (environments != null) {
      environments.forEach((name, env) -> envs.put(name, rules(name, env, zone)));
    }
    Map<String, ProductRules> prods = new LinkedHashMap<>(defaults.products());
    if (products != null) {
      products.forEach(
          (name, product) -> {
            List<KeyPath> keys = new ArrayList<>();
            for (String key :
                product.promotableKeys() == null ? List.<String>of() : product.promotableKeys()) {
              keys.add(
                  KeyPath.parse(key)
                      .orElseThrow(
                          () ->
                              new InvalidConfigurationException(
                                  "helmgate.policy.products." + name + ".promotable-keys",
                                  "`" + key + "` is not a dotted key path such as image.tag")));
            }
            prods.put(name, new ProductRules(keys));
          });
    }
    try {
      return new PolicyConfig(
          groups,
          conflicts,
          breakGlassRoles == null ? defaults.breakGlassRoles() : breakGlassRoles,
          zone,
          envs,
          prods);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("helmgate.policy", e.getMessage());
    }
  }

  private static EnvironmentRules rules(String name, Environment env, ZoneId zone) {
    String key = "helmgate.policy.environments." + name;
    try {
      int approvals = env.approvals() == null ? 0 : env.approvals();
      EnvironmentRules rules =
          approvals > 0
              ? EnvironmentRules.production().withApprovals(approvals)
              : EnvironmentRules.immediate();
      if (env.approverRoles() != null) {
        rules = rules.withApproverRoles(env.approverRoles());
      }
      if (env.requesterRoles() != null) {
        rules = rules.withRequesterRoles(env.requesterRoles());
      }
      if (env.requiresReason() != null) {
        rules = rules.withRequiresReason(env.requiresReason());
      }
      if (env.approvalTtl() != null) {
        rules = rules.withApprovalTtl(env.approvalTtl());
      }
      if (env.allowNewKeys() != null) {
        rules = rules.withAllowNewKeys(env.allowNewKeys());
      }
      if (env.freezes() != null) {
        List<Freeze> freezes = new ArrayList<>();
        for (String f : env.freezes()) {
          freezes.add(Freeze.parse(f, zone));
        }
        rules = rules.withFreezes(freezes);
      }
      if (env.maintenanceWindows() != null) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (String w : env.maintenanceWindows()) {
          windows.add(MaintenanceWindow.parse(w, zone));
        }
        rules =
            rules.withMaintenanceWindows(
                windows,
                env.scheduleRequiresWindow() == null
                    ? !windows.isEmpty()
                    : env.scheduleRequiresWindow());
      }
      return rules;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(key, e.getMessage());
    }
  }

  private static ZoneId zone(String text, ZoneId fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(text);
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(
          "helmgate.policy.default-zone",
          "`" + text + "` is not a time zone such as Europe/Zurich");
    }
  }
}
