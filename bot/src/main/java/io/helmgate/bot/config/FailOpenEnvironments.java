package io.helmgate.bot.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code fail-open-environments} setting of a pre-flight adapter (Vault, the OCI registry):
 * environment names, lower case, {@code dev} and {@code qa} when unset. Naming production is a
 * configuration error said at start-up; the domain's policy refuses to fail open wherever approvals
 * are required anyway, whatever this list holds.
 */
public final class FailOpenEnvironments {

  private static final Set<String> PRODUCTION = Set.of("prod", "production");

  private FailOpenEnvironments() {}

  /**
   * The configured list, normalised.
   *
   * @param key the setting, for the error message
   * @param unavailable what being unavailable means, e.g. "Vault is unavailable"
   */
  public static List<String> parse(List<String> configured, String key, String unavailable) {
    List<String> environments =
        configured == null
            ? List.of("dev", "qa")
            : configured.stream()
                .map(e -> e.trim().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty())
                .toList();
    for (String environment : environments) {
      if (PRODUCTION.contains(environment)) {
        throw new InvalidConfigurationException(
            key,
            "production always fails closed when "
                + unavailable
                + "; remove '"
                + environment
                + "'");
      }
    }
    return environments;
  }

  /** Whether {@code environment} is in {@code environments}, ignoring case. */
  public static boolean contains(List<String> environments, String environment) {
    return environment != null
        && environments.contains(environment.trim().toLowerCase(Locale.ROOT));
  }
}
