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
import java.util.Optional;
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
 * @param roleGroups for each role, the Slack user groups whose members hold it, spelled as {@link
 *     GroupRef} says: ids like {@code S0123ABCD}, handles like {@code @ops-team}; at least one role
 *     names a group
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
          String key = "helmgate.policy.roles." + role;
          Objects.requireNonNull(list, key);
          if (list.isEmpty()) {
            throw new IllegalArgumentException(
                key + ": names no group; name one (S0123ABCD or @ops-team) or leave the role out");
          }
          Set<String> seen = new LinkedHashSet<>();
          for (String group : list) {
            GroupRef.problem(group)
                .ifPresent(
                    problem -> {
                      throw new IllegalArgumentException(key + ": " + problem);
                    });
            if (!seen.add(group)) {
              throw new IllegalArgumentException(key + ": `" + group + "` is listed twice");
            }
          }
          groups.put(role, List.copyOf(list));
        });
    if (groups.isEmpty()) {
      throw new IllegalArgumentException(
          "helmgate.policy.roles: names no Slack user group, so no one could use Helmgate; name"
              + " the groups of each role, such as OPS: [\"@ops-team\"] or OPS: [S0123ABCD]"
              + " (see config/policy.yml)");
    }
    refuseHandlesThatReadAsIds(groups);
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

  /**
   * A handle whose name equals a configured id (ignoring case) could be matched as either; Slack
   * lets anyone pick a handle, so such a pair is refused rather than guessed.
   */
  private static void refuseHandlesThatReadAsIds(Map<Role, List<String>> groups) {
    Map<String, String> ids = new LinkedHashMap<>();
    groups.forEach(
        (role, list) ->
            list.stream()
                .map(GroupRef::parse)
                .filter(GroupRef.Id.class::isInstance)
                .forEach(
                    id ->
                        ids.putIfAbsent(id.text().toLowerCase(java.util.Locale.ROOT), id.text())));
    groups.forEach(
        (role, list) -> {
          for (String group : list) {
            if (GroupRef.parse(group) instanceof GroupRef.Handle handle) {
              String id = ids.get(handle.handle());
              if (id != null) {
                throw new IllegalArgumentException(
                    "helmgate.policy.roles."
                        + role
                        + ": the handle `"
                        + group
                        + "` reads like the group id "
                        + id
                        + " that the policy also names; write each group once, by its id");
              }
            }
          }
        });
  }

  private static Set<Role> conflict(Set<Role> roles) {
    if (roles == null || roles.size() < 2) {
      throw new IllegalArgumentException(
          "helmgate.policy.conflicting-roles: each entry names at least two roles, such as [DEVELOPER, OPS], not "
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
   * The example policy of {@code config/policy.yml} with the given groups (there are no built-in
   * groups): {@code [DEVELOPER, OPS]} in conflict, Ops may break glass, times in Europe/Zurich,
   * {@code dev}, {@code qa} and {@code staging} without approval, {@code prod} with one Ops
   * approval and a reason, and {@code image.tag} promotable. Configuration is translated by {@link
   * PolicySettings}, which does not start from this.
   */
  public static PolicyConfig defaults(Map<Role, List<String>> groups) {
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

  /**
   * The sets of {@link #conflictingRoles} that {@code roles} holds entirely, in configured order:
   * the one check of rule {@code conflicting-roles}, used wherever a person's roles are judged.
   */
  public List<Set<Role>> conflictsIn(Set<Role> roles) {
    return conflictingRoles.stream().filter(roles::containsAll).toList();
  }

  /** The first of {@link #conflictsIn}, if any. */
  public Optional<Set<Role>> conflictIn(Set<Role> roles) {
    return conflictsIn(roles).stream().findFirst();
  }

  /**
   * The effective rules as lines: who holds which role, conflicts, break-glass and zone, then one
   * line per configured environment ({@code prod: approvals 1 from [OPS]; …}) and a last line for
   * every environment the policy does not name. Start-up logs these lines; {@code /deploy policy}
   * shows the same {@link #description()}.
   */
  public List<String> describe() {
    return description().lines();
  }

  /** The whole effective policy: every configured environment and the fail-safe rest. */
  public PolicyDescription description() {
    List<PolicyDescription.EnvironmentEntry> entries = new ArrayList<>();
    environments.forEach(
        (name, rules) ->
            entries.add(
                new PolicyDescription.EnvironmentEntry(Optional.of(name), true, rules.settings())));
    entries.add(
        new PolicyDescription.EnvironmentEntry(
            Optional.empty(), false, EnvironmentRules.production().settings()));
    return new PolicyDescription(people(), entries);
  }

  /**
   * The effective policy for one environment: its own rules, or the fail-safe production rules
   * (marked as not configured) when the policy does not name it, as {@link #rulesFor} applies them.
   */
  public PolicyDescription description(String environment) {
    return new PolicyDescription(
        people(),
        List.of(
            new PolicyDescription.EnvironmentEntry(
                Optional.of(environment),
                isConfigured(environment),
                rulesFor(environment).settings())));
  }

  private List<PolicyDescription.Setting> people() {
    List<PolicyDescription.Setting> people = new ArrayList<>();
    for (Role role : Role.values()) {
      List<String> groups = groupsOf(role);
      people.add(
          new PolicyDescription.Setting(
              "roles." + role.name(), groups.isEmpty() ? "none" : groups.toString()));
    }
    people.add(
        new PolicyDescription.Setting(
            "conflicting-roles",
            conflictingRoles.isEmpty()
                ? "none"
                : conflictingRoles.stream().map(EnvironmentRules::roleNames).toList().toString()));
    people.add(
        new PolicyDescription.Setting(
            "break-glass-roles", EnvironmentRules.roleNames(breakGlassRoles)));
    people.add(new PolicyDescription.Setting("default-zone", defaultZone.getId()));
    return people;
  }

  /**
   * The environments that need approval but have no channel in {@code approvalChannels}, when that
   * map is used at all: their requests would go where no approver looks. Empty when none.
   */
  public List<String> gatedEnvironmentsWithoutChannel(Set<String> approvalChannels) {
    if (approvalChannels.isEmpty()) {
      return List.of();
    }
    return environments.entrySet().stream()
        .filter(e -> e.getValue().approvals() > 0 && !approvalChannels.contains(e.getKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * What is wrong with routing approvals to {@code approvalChannels} (environment → channel), in
   * words for the start-up line: the environments {@link #gatedEnvironmentsWithoutChannel} names.
   */
  public Optional<String> approvalChannelProblem(Set<String> approvalChannels) {
    List<String> unrouted = gatedEnvironmentsWithoutChannel(approvalChannels);
    if (unrouted.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "names channels, but none for "
            + String.join(", ", unrouted)
            + ", where changes need approval; add a channel id for each, since approvers watch"
            + " only the channels named here");
  }

  /**
   * What to warn about at start-up when no approval channel is configured at all: requests that
   * need approval are then posted in the channel they are typed in, which the requester chooses.
   * Every environment the policy does not name needs approval, so this is empty only when approval
   * channels are configured.
   */
  public Optional<String> approvalChannelWarning(Set<String> approvalChannels) {
    if (!approvalChannels.isEmpty()) {
      return Optional.empty();
    }
    List<String> gated =
        environments.entrySet().stream()
            .filter(e -> e.getValue().approvals() > 0)
            .map(Map.Entry::getKey)
            .toList();
    return Optional.of(
        "no approval channel is configured, so a request that needs approval (in "
            + (gated.isEmpty() ? "" : String.join(", ", gated) + " and ")
            + "any environment the policy does not name) is posted in the channel where it is"
            + " typed, and refused from a direct message; set"
            + " helmgate.slack.approval-channels.<env> so that approvers, not requesters, choose"
            + " where the Approve button appears");
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
