package io.helmgate.bot.verify.oci;

import io.helmgate.bot.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OCI registry settings ({@code helmgate.registry.*}) for the artifact pre-flight. An empty {@code
 * registries} list switches the pre-flight off; a registry that is not listed is not checked.
 *
 * <pre>
 * helmgate.registry:
 *   registries:
 *     - host: registry.acme.example        # as written in image.repository (with :port if any)
 *       username: helmgate-ro              # optional: anonymous when absent
 *       password: ${REGISTRY_PASSWORD}
 *   timeout: 5s
 * </pre>
 *
 * @param registries the registries the bot may ask, by host
 * @param timeout connect and read timeout of each call
 * @param failOpenEnvironments no longer read: whether an unreachable registry blocks is the
 *     policy's ({@code helmgate.policy.environments.<env>.fail-open-when-unavailable: [registry]});
 *     set, it stops start-up so that nobody believes it still works
 */
@ConfigurationProperties("helmgate.registry")
public record RegistryProperties(
    List<Registry> registries,
    @DefaultValue("5s") Duration timeout,
    List<String> failOpenEnvironments) {

  /**
   * One registry ({@code helmgate.registry.registries[i].*}).
   *
   * @param host the registry as image references name it, e.g. {@code registry.acme.example} or
   *     {@code 127.0.0.1:5000}; {@code docker.io} for Docker Hub
   * @param username with {@code password}: Basic credentials, sent to the registry when it asks for
   *     Basic auth and to its token server when it asks for a Bearer token
   * @param plainHttp talk HTTP instead of HTTPS; only for a loopback host (tests, a local mirror)
   */
  public record Registry(String host, String username, String password, boolean plainHttp) {
    public Registry {
      host = blankToNull(host) == null ? null : host.trim().toLowerCase(Locale.ROOT);
      username = blankToNull(username);
      password = blankToNull(password);
    }

    @Override
    public String toString() {
      return "Registry[host="
          + host
          + ", username="
          + username
          + ", password="
          + (password == null ? "null" : "****")
          + ", plainHttp="
          + plainHttp
          + "]";
    }
  }

  public RegistryProperties {
    registries = registries == null ? List.of() : List.copyOf(registries);
    for (int i = 0; i < registries.size(); i++) {
      validate(registries.get(i), "helmgate.registry.registries[" + i + "]");
    }
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidConfigurationException(
          "helmgate.registry.timeout", "must be positive, e.g. 5s");
    }
    if (failOpenEnvironments != null) {
      throw new InvalidConfigurationException(
          "helmgate.registry.fail-open-environments",
          "has moved to the policy: write fail-open-when-unavailable: [registry] under"
              + " helmgate.policy.environments.<env> for each environment without approvals that"
              + " may go on while the registry is unavailable, and remove this key");
    }
  }

  /** True when at least one registry is configured. */
  public boolean enabled() {
    return !registries.isEmpty();
  }

  /** The settings of {@code host}, if it is configured. */
  Optional<Registry> registry(String host) {
    return registries.stream().filter(r -> r.host().equals(host)).findFirst();
  }

  private static void validate(Registry r, String key) {
    if (r == null || r.host() == null) {
      throw new InvalidConfigurationException(
          key + ".host", "is required, e.g. registry.acme.example");
    }
    if (r.host().contains("/")) {
      throw new InvalidConfigurationException(
          key + ".host",
          "is a host with an optional :port, without scheme or path; got '" + r.host() + "'");
    }
    if ((r.username() == null) != (r.password() == null)) {
      throw new InvalidConfigurationException(
          r.username() == null ? key + ".username" : key + ".password",
          "username and password go together; set both or neither");
    }
    if (r.plainHttp() && !isLoopback(r.host())) {
      throw new InvalidConfigurationException(
          key + ".plain-http",
          "plain HTTP is allowed only for a loopback registry (localhost, 127.0.0.1, [::1]); '"
              + r.host()
              + "' must use HTTPS");
    }
  }

  static boolean isLoopback(String host) {
    String name = host;
    if (name.startsWith("[")) {
      name = name.substring(1, name.indexOf(']') < 0 ? name.length() : name.indexOf(']'));
    } else if (name.indexOf(':') >= 0) {
      name = name.substring(0, name.indexOf(':'));
    }
    return name.equals("localhost") || name.startsWith("127.") || name.equals("::1");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
