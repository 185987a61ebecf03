package io.helmgate.domain.policy;

import io.helmgate.domain.Names;
import io.helmgate.domain.Role;
import io.helmgate.domain.values.KeyPath;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole policy as configured under {@code helmgate.policy}: which Slack groups give which role,
 * which roles may never be held together, who may break glass, and the rules per environment and
 * product.
 *
 * <p>An environment the configuration does not name gets {@link EnvironmentRules#production()}: one
 * Ops approval other than the requester, and a reason. Helmgate discovers environments from the
 * values repository, so a forgotten entry must close a door rather than open one.
 *
 * @param roleGroups for each role, the Slack user groups (ids like {@code S0123} or handles like
 *     {@code ops-team}) whose members hold it
 * @param conflictingRoles sets of roles no one may hold together and still make changes
 * @param breakGlassRoles roles that may skip approval, windows and freezes in an emergency
 * @param defaultZone the zone in which users read and write times
 * @param environments rules by environment name
 * @param products rules by {@code customer/product}, {@code product} or {@code default}
 */
public record PolicyConfig(
    Map<Role, List<String>> roleGroups,
    List<Set<Role>> conflictingRoles,
    Set<Role> breakGlassRoles,
    ZoneId defaultZone,
    Map<String, EnvironmentRules> environments,
    Map<String, ProductRules> products) {

  /** The key of the product rules that apply when nothing more specific is configured. */
  public static final String DEFAULT_PRODUCT = "default";

  public PolicyConfig {
    Objects.requireNonNull(roleGroups, "roles");
    Map<Role, List<String>> groups = new EnumMap<>(Role.class);
    roleGroups.forEach(
        (role, list) -> {
          Objects.requireNonNull(list, "roles." + role);
          if (list.stream().anyMatch(g -> g == null || g.isBlank())) {
            throw new IllegalArgumentException(
                "helmgate.policy.roles." + role + ": a group id or handle is blank");
          }
          groups.put(role, List.copyOf(list));
        });
    roleGroups = Collections.unmodifiableMap(groups);

    conflictingRoles =
        Objects.requireNonNull(conflictingRoles, "conflicting-roles").stream()
            .map(PolicyConfig::conflict)
            .toList();
    Objects.requireNonNull(breakGlassRoles, "break-glass-roles");
    breakGlassRoles =
        breakGlassRoles.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(breakGlassRoles));
    Objects.requireNonNull(defaultZone, "default-zone");

    Objects.requireNonNull(environments, "environments");
    for (String env : environments.keySet()) {
      Names.problem("environment", env)
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException("helmgate.policy.environments: " + problem);
              });
      Objects.requireNonNull(environments.get(env), "environments." + env);
    }
    environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));

    Objects.requireNonNull(products, "products");
    for (String key : products.keySet()) {
      if (!isProductKey(key)) {
        throw new IllegalArgumentException(
            "helmgate.policy.products: `"
                + key
                + "` is not a product key: use `default`, a product such as `payments` or a"
                + " customer and product such as `acme/payments`");
      }
      Objects.requireNonNull(products.get(key), "products." + key);
    }
    products = Collections.unmodifiableMap(new LinkedHashMap<>(products));
  }

  private static Set<Role> conflict(Set<Role> roles) {
    if (roles == null || roles.size() < 2) {
      throw new IllegalArgumentException(
          "conflicting-roles: each entry names at least two roles, such as [DEVELOPER, OPS], not "
              + roles);
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  private static boolean isProductKey(String key) {
    String[] parts = key.split("/", -1);
    return switch (parts.length) {
      case 1 -> Names.isValid(parts[0]);
      case 2 -> Names.isValid(parts[0]) && Names.isValid(parts[1]);
      default -> false;
    };
  }

  /**
   * The defaults of the issue: the example groups, {@code [DEVELOPER, OPS]} in conflict, Ops may
   * break glass, times in Europe/Zurich, {@code dev}, {@code qa} and {@code staging} without
   * approval, {@code prod} with one Ops approval and a reason, and {@code image.tag} promotable.
   */
  public static PolicyConfig defaults() {
    Map<Role, List<String>> groups = new EnumMap<>(Role.class);
    groups.put(Role.DEVELOPER, List.of("@dev-team"));
    groups.put(Role.DEVOPS, List.of("@platform-team"));
    groups.put(Role.OPS, List.of("@ops-team"));
    groups.put(Role.AUDITOR, List.of("@audit"));
    Map<String, EnvironmentRules> environments = new LinkedHashMap<>();
    environments.put("dev", EnvironmentRules.immediate());
    environments.put("qa", EnvironmentRules.immediate());
    environments.put("staging", EnvironmentRules.immediate());
    environments.put("prod", EnvironmentRules.production());
    return new PolicyConfig(
        groups,
        List.of(EnumSet.of(Role.DEVELOPER, Role.OPS)),
        EnumSet.of(Role.OPS),
        ZoneId.of("Europe/Zurich"),
        environments,
        Map.of(DEFAULT_PRODUCT, ProductRules.DEFAULT));
  }

  /**
   * The rules of {@code environment}; {@link EnvironmentRules#production()} when it is not
   * configured (fail safe, see the type's Javadoc).
   */
  public EnvironmentRules rulesFor(String environment) {
    EnvironmentRules rules = environments.get(environment);
    return rules != null ? rules : EnvironmentRules.production();
  }

  /** True when {@code environment} has its own entry rather than the fail-safe rules. */
  public boolean isConfigured(String environment) {
    return environments.containsKey(environment);
  }

  /**
   * The keys {@code from=} promotes for a product: the first of {@code customer/product}, {@code
   * product}, {@code default} that is configured, else {@code [image.tag]}.
   */
  public List<KeyPath> promotableKeys(String customer, String product) {
    return productRules(customer, product).promotableKeys();
  }

  /** The product rules chosen as {@link #promotableKeys} describes. */
  public ProductRules productRules(String customer, String product) {
    for (String key : List.of(customer + "/" + product, product, DEFAULT_PRODUCT)) {
      ProductRules rules = products.get(key);
      if (rules != null) {
        return rules;
      }
    }
    return ProductRules.DEFAULT;
  }

  /** Every configured group, in role order, without repeats: for "you are in none of …". */
  public List<String> allGroups() {
    Set<String> all = new LinkedHashSet<>();
    roleGroups.values().forEach(all::addAll);
    return new ArrayList<>(all);
  }

  /** The groups that give {@code role}. */
  public List<String> groupsOf(Role role) {
    return roleGroups.getOrDefault(role, List.of());
  }

  public PolicyConfig withRoleGroups(Map<Role, List<String>> roleGroups) {
    return new PolicyConfig(
        roleGroups, conflictingRoles, breakGlassRoles, defaultZone, environments, products);
  }

  public PolicyConfig withConflictingRoles(List<Set<Role>> conflictingRoles) {
    return new PolicyConfig(
        roleGroups, conflictingRoles, breakGlassRoles, defaultZone, environments, products);
  }

  public PolicyConfig withBreakGlassRoles(Set<Role> breakGlassRoles) {
    return new PolicyConfig(
        roleGroups, conflictingRoles, breakGlassRoles, defaultZone, environments, products);
  }

  /** A copy in which {@code environment} has {@code rules}. */
  public PolicyConfig withEnvironment(String environment, EnvironmentRules rules) {
    Map<String, EnvironmentRules> copy = new LinkedHashMap<>(environments);
    copy.put(environment, rules);
    return new PolicyConfig(
        roleGroups, conflictingRoles, breakGlassRoles, defaultZone, copy, products);
  }

  /**
   * A copy in which the product key ({@code default}, {@code product}, {@code customer/product})
   * has {@code rules}.
   */
  public PolicyConfig withProduct(String key, ProductRules rules) {
    Map<String, ProductRules> copy = new LinkedHashMap<>(products);
    copy.put(key, rules);
    return new PolicyConfig(
        roleGroups, conflictingRoles, breakGlassRoles, defaultZone, environments, copy);
  }
}
