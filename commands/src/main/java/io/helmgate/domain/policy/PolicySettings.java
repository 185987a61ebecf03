package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy as written under {@code helmgate.policy}, every value {@code null} when its key is
 * absent, and its translation into a {@link PolicyConfig}. The one rule of the translation: an
 * absent key never loosens. Every environment entry starts from {@link
 * EnvironmentRules#production()} and only the keys it writes change that ({@code approvals: 0}
 * loosens, explicitly); an empty {@code roles} stops start-up instead of falling back to groups
 * nobody configured.
 *
 * @param roles for each role, its groups ({@code S0123ABCD} or {@code @ops-team}); required
 * @param conflictingRoles sets of roles no one may hold together; absent: {@code [[DEVELOPER,
 *     OPS]]}
 * @param breakGlassRoles roles that may break glass; absent: {@code [OPS]}
 * @param defaultZone the zone of times users read and write; absent: {@code Europe/Zurich}
 * @param environments rules by environment name; absent: none (every environment is production)
 * @param products rules by product key, over {@code default: {promotable-keys: [image.tag]}}
 */
public record PolicySettings(
    Map<Role, List<String>> roles,
    List<List<Role>> conflictingRoles,
    Set<Role> breakGlassRoles,
    String defaultZone,
    Map<String, Environment> environments,
    Map<String, Product> products) {

  private static final String PREFIX = "helmgate.policy";

  /**
   * One environment's entry ({@code helmgate.policy.environments.<env>}); {@code null} = absent,
   * which keeps the production default.
   */
  public record Environment(
      Integer approvals,
      Set<Role> approverRoles,
      Set<Role> requesterRoles,
      Boolean requiresReason,
      Duration approvalTtl,
      List<String> maintenanceWindows,
      Boolean scheduleRequiresWindow,
      List<String> freezes,
      Boolean allowNewKeys,
      List<String> failOpenWhenUnavailable,
      String changeMode) {

    /** An entry that writes no key at all: production rules. */
    public static Environment empty() {
      return new Environment(null, null, null, null, null, null, null, null, null, null, null);
    }
  }

  /** One product's entry ({@code helmgate.policy.products.<key>}). */
  public record Product(List<String> promotableKeys) {}

  /** The policy these settings describe, or {@link InvalidPolicyException} naming the key. */
  public PolicyConfig toPolicyConfig() {
    ZoneId zone = zone();
    Map<String, EnvironmentRules> envs = new LinkedHashMap<>();
    if (environments != null) {
      environments.forEach(
          (name, env) ->
              envs.put(name, rules(name, env == null ? Environment.empty() : env, zone)));
    }
    try {
      return new PolicyConfig(
          roleGroups(),
          conflicts(),
          breakGlassRoles == null ? Set.of(Role.OPS) : breakGlassRoles,
          zone,
          envs,
          productRules());
    } catch (InvalidPolicyException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw keyed(PREFIX, e);
    }
  }

  /**
   * The rules of one entry: {@link EnvironmentRules#production()} with each key that is present
   * applied, all at once so that the result is judged as a whole (an {@code approvals: 0} entry may
   * fail open; a gated one may not).
   */
  private static EnvironmentRules rules(String name, Environment env, ZoneId zone) {
    String key = PREFIX + ".environments." + name;
    EnvironmentRules base = EnvironmentRules.production();
    try {
      List<MaintenanceWindow> windows = base.maintenanceWindows();
      boolean requireWindow = base.scheduleRequiresWindow();
      if (env.maintenanceWindows() != null) {
        windows = new ArrayList<>();
        for (String w : env.maintenanceWindows()) {
          windows.add(MaintenanceWindow.parse(w, zone));
        }
        // Naming windows means changes wait for them unless the entry says otherwise.
        requireWindow = !windows.isEmpty();
      }
      if (env.scheduleRequiresWindow() != null) {
        requireWindow = env.scheduleRequiresWindow();
      }
      List<Freeze> freezes = base.freezes();
      if (env.freezes() != null) {
        freezes = new ArrayList<>();
        for (String f : env.freezes()) {
          freezes.add(Freeze.parse(f, zone));
        }
      }
      return new EnvironmentRules(
          or(env.approvals(), base.approvals()),
          or(env.approverRoles(), base.approverRoles()),
          or(env.requesterRoles(), base.requesterRoles()),
          or(env.requiresReason(), base.requiresReason()),
          or(env.approvalTtl(), base.approvalTtl()),
          windows,
          freezes,
          or(env.allowNewKeys(), base.allowNewKeys()),
          requireWindow,
          env.failOpenWhenUnavailable() == null
              ? base.failOpenWhenUnavailable()
              : failOpen(key + ".fail-open-when-unavailable", env.failOpenWhenUnavailable()),
          env.changeMode() == null
              ? base.changeMode()
              : changeMode(key + ".change-mode", env.changeMode()));
    } catch (InvalidPolicyException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidPolicyException(key, String.valueOf(e.getMessage()));
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static ChangeMode changeMode(String key, String written) {
    return ChangeMode.ofKey(written)
        .orElseThrow(
            () ->
                new InvalidPolicyException(
                    key, "`" + written + "` is neither push nor pull-request"));
  }

  private static Set<PreflightSource> failOpen(String key, List<String> names) {
    Set<PreflightSource> sources = EnumSet.noneOf(PreflightSource.class);
    for (String name : names) {
      if (name == null || name.isBlank()) {
        continue;
      }
      sources.add(
          PreflightSource.ofKey(name)
              .orElseThrow(
                  () ->
                      new InvalidPolicyException(
                          key,
                          "`" + name + "` is not vault or registry, the pre-flights that can")));
    }
    return sources;
  }

  private Map<Role, List<String>> roleGroups() {
    if (roles == null || roles.isEmpty()) {
      throw new InvalidPolicyException(
          PREFIX + ".roles",
          "names no Slack user group, so no one could use Helmgate; name the groups of each"
              + " role, such as OPS: [\"@ops-team\"] or OPS: [S0123ABCD] (see config/policy.yml)");
    }
    Map<Role, List<String>> groups = new EnumMap<>(Role.class);
    roles.forEach(
        (role, list) -> {
          // An empty environment variable binds as a list holding one blank: no group, said so.
          groups.put(
              role, list == null ? List.of() : list.stream().map(PolicySettings::trim).toList());
        });
    return groups;
  }

  private static String trim(String group) {
    return group == null ? null : group.strip();
  }

  private List<Set<Role>> conflicts() {
    if (conflictingRoles == null) {
      return List.of(EnumSet.of(Role.DEVELOPER, Role.OPS));
    }
    // PolicyConfig judges each entry (at least two roles) and names the key.
    List<Set<Role>> conflicts = new ArrayList<>();
    for (List<Role> set : conflictingRoles) {
      conflicts.add(
          set == null || set.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(set));
    }
    return conflicts;
  }

  private ZoneId zone() {
    if (defaultZone == null || defaultZone.isBlank()) {
      return ZoneId.of("Europe/Zurich");
    }
    try {
      return ZoneId.of(defaultZone.strip());
    } catch (RuntimeException e) {
      throw new InvalidPolicyException(
          PREFIX + ".default-zone",
          "`" + defaultZone + "` is not a time zone such as Europe/Zurich");
    }
  }

  private Map<String, ProductRules> productRules() {
    Map<String, ProductRules> prods = new LinkedHashMap<>();
    prods.put(PolicyConfig.DEFAULT_PRODUCT, ProductRules.DEFAULT);
    if (products != null) {
      products.forEach(
          (name, product) -> {
            List<KeyPath> keys = new ArrayList<>();
            List<String> written =
                product == null || product.promotableKeys() == null
                    ? List.of()
                    : product.promotableKeys();
            for (String key : written) {
              keys.add(
                  KeyPath.parse(key)
                      .orElseThrow(
                          () ->
                              new InvalidPolicyException(
                                  PREFIX + ".products." + name + ".promotable-keys",
                                  "`" + key + "` is not a dotted key path such as image.tag")));
            }
            prods.put(name, new ProductRules(keys));
          });
    }
    return prods;
  }

  /** Keeps the key a message starts with ({@code helmgate.policy.roles.OPS: …}) as the key. */
  private static InvalidPolicyException keyed(String fallbackKey, RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(": ");
    if (message.startsWith(PREFIX) && colon > 0 && !message.substring(0, colon).contains(" ")) {
      return new InvalidPolicyException(message.substring(0, colon), message.substring(colon + 2));
    }
    return new InvalidPolicyException(fallbackKey, message);
  }
}
