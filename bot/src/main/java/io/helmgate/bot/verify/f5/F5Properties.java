package io.helmgate.bot.verify.f5;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.bot.verify.EdgeNames;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * BIG-IP iControl REST settings per environment ({@code helmgate.f5.environments.<env>.*}); an
 * environment that is not named here has no F5 checks and no drain.
 *
 * @param environments the BIG-IP in front of each environment, by environment name
 */
@ConfigurationProperties("helmgate.f5")
public record F5Properties(Map<String, Environment> environments) {

  public F5Properties {
    environments = environments == null ? Map.of() : Map.copyOf(new TreeMap<>(environments));
    environments.forEach((name, e) -> e.validate("helmgate.f5.environments." + name));
  }

  /** How the bot logs in to the BIG-IP. */
  public enum Authentication {
    /**
     * {@code POST /mgmt/shared/authn/login}, then {@code X-F5-Auth-Token}; works for remote users.
     */
    TOKEN,
    /** HTTP Basic; local BIG-IP users only. */
    BASIC
  }

  /**
   * One environment's BIG-IP.
   *
   * @param url the management address, e.g. {@code https://bigip.prod.example}
   * @param authentication {@code TOKEN} (default) or {@code BASIC}
   * @param username the BIG-IP user
   * @param password its password
   * @param loginProvider the login provider for {@code TOKEN}, e.g. {@code tmos} or an LDAP one
   * @param partition the partition the pools and members live in, e.g. {@code Prod}
   * @param pool the convention for pool names, e.g. {@code {customer}-{product}_pool}; a value
   *     starting with {@code /} is a full path such as {@code /Prod/Shop/web_pool} (AS3)
   * @param drainForMaintenance drain the pool members when a scheduled change's window starts
   * @param timeout connect and read timeout of each call
   * @param products per-product pool overrides, keyed {@code "[acme/payments]"}
   */
  public record Environment(
      URI url,
      @DefaultValue("TOKEN") Authentication authentication,
      String username,
      String password,
      @DefaultValue("tmos") String loginProvider,
      @DefaultValue("Common") String partition,
      @DefaultValue("{customer}-{product}") String pool,
      @DefaultValue("false") boolean drainForMaintenance,
      @DefaultValue("10s") Duration timeout,
      Map<String, Product> products) {

    public Environment {
      authentication = authentication == null ? Authentication.TOKEN : authentication;
      username = blankToNull(username);
      password = blankToNull(password);
      loginProvider = blankToNull(loginProvider) == null ? "tmos" : loginProvider.trim();
      partition = blankToNull(partition) == null ? "Common" : partition.trim();
      pool = blankToNull(pool) == null ? "{customer}-{product}" : pool.trim();
      timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
      products = products == null ? Map.of() : Map.copyOf(products);
    }

    void validate(String key) {
      if (url == null
          || !url.isAbsolute()
          || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new InvalidConfigurationException(
            key + ".url",
            "expected the BIG-IP management URL such as https://bigip.example, got '" + url + "'");
      }
      if ("http".equals(url.getScheme())
          && !io.helmgate.bot.verify.kong.KongProperties.isLoopback(url)) {
        throw new InvalidConfigurationException(
            key + ".url",
            "use https: the BIG-IP password travels with every call, got '" + url + "'");
      }
      if (username == null) {
        throw new InvalidConfigurationException(key + ".username", "expected the BIG-IP user");
      }
      if (password == null) {
        throw new InvalidConfigurationException(
            key + ".password",
            "expected the BIG-IP user's password (from the environment or Vault)");
      }
      if (!partition.matches("[A-Za-z0-9_.-]+")) {
        throw new InvalidConfigurationException(
            key + ".partition",
            "expected a partition name such as Common, got '" + partition + "'");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidConfigurationException(
            key + ".timeout", "expected a positive duration such as 10s");
      }
      EdgeNames.checkProductKeys(products.keySet(), key);
    }

    @Override
    public String toString() {
      return "Environment[url="
          + url
          + ", authentication="
          + authentication
          + ", username="
          + username
          + ", password=•••, partition="
          + partition
          + ", pool="
          + pool
          + ", drainForMaintenance="
          + drainForMaintenance
          + ", timeout="
          + timeout
          + ", products="
          + products
          + "]";
    }
  }

  /**
   * A product whose pool does not follow the convention.
   *
   * @param pool the pool's name in the partition, or its full path such as {@code
   *     /Prod/Shop/web_pool}
   */
  public record Product(String pool) {
    public Product {
      pool = blankToNull(pool);
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
