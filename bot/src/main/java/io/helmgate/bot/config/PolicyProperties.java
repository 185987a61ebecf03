package io.helmgate.bot.config;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.InvalidPolicyException;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.policy.PolicySettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Binds the policy ({@code helmgate.policy.*}); {@link PolicySettings} translates it. A key that is
 * absent stays {@code null} here, so that the translation can tell "not written" from "written";
 * this class decides nothing.
 */
@ConfigurationProperties("helmgate.policy")
public record PolicyProperties(
    Map<Role, List<String>> roles,
    List<List<Role>> conflictingRoles,
    Set<Role> breakGlassRoles,
    String defaultZone,
    Map<String, PolicySettings.Environment> environments,
    Map<String, PolicySettings.Product> products) {

  /** The settings as written. */
  public PolicySettings settings() {
    return new PolicySettings(
        roles, conflictingRoles, breakGlassRoles, defaultZone, environments, products);
  }

  /** The domain's policy configuration, or {@link InvalidConfigurationException} naming the key. */
  public PolicyConfig toPolicyConfig() {
    try {
      return settings().toPolicyConfig();
    } catch (InvalidPolicyException e) {
      throw new InvalidConfigurationException(e.key(), e.problem());
    }
  }
}
