package io.helmgate.bot.verify.kong;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.bot.verify.EdgeNames;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kong Admin API settings per environment ({@code helmgate.kong.environments.<env>.*}); an
 * environment that is not named here has no Kong checks.
 *
 * @param environments Kong in front of each environment, by environment name (e.g. {@code prod})
 */
@ConfigurationProperties("helmgate.kong")
public record KongProperties(Map<String, Environment> environments) {

  public KongProperties {
    environments = environments == null ? Map.of() : Map.copyOf(new TreeMap<>(environments));
    environments.forEach((name, e) -> e.validate("helmgate.kong.environments." + name));
  }

  /**
   * One environment's Kong.
   *
   * @param adminUrl the Admin API, e.g. {@code http://kong-admin.prod.example:8001}
   * @param adminToken sent as {@code Kong-Admin-Token} (Enterprise RBAC); empty for OSS
   * @param workspace an Enterprise workspace, put before each Admin API path; empty for none
   * @param names the convention for service, route and upstream names, e.g. {@code
   *     {customer}-{product}}
   * @param proxyUrl the gateway's proxy URL to probe through, e.g. {@code https://api.example};
   *     empty → no probe
   * @param healthPath the path probed through the gateway, e.g. {@code /{product}/health}
   * @param timeout connect and read timeout of each call
   * @param allowHealthchecksOff pass an upstream whose targets read {@code HEALTHCHECKS_OFF} (Kong
   *     then does not know whether they are up)
   * @param products per-product overrides, keyed {@code "[acme/payments]"}
   */
  public record Environment(
      URI adminUrl,
      String adminToken,
      String workspace,
      @DefaultValue("{customer}-{product}") String names,
      URI proxyUrl,
      @DefaultValue("/health") String healthPath,
      @DefaultValue("5s") Duration timeout,
      @DefaultValue("false") boolean allowHealthchecksOff,
      Map<String, Product> products) {

    public Environment {
      adminToken = blankToNull(adminToken);
      workspace = blankToNull(workspace);
      names = blankToNull(names) == null ? "{customer}-{product}" : names.trim();
      healthPath = blankToNull(healthPath) == null ? "/health" : healthPath.trim();
      timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
      products = products == null ? Map.of() : Map.copyOf(products);
    }

    void validate(String key) {
      if (adminUrl == null || !isHttp(adminUrl)) {
        throw new InvalidConfigurationException(
            key + ".admin-url",
            "expected the Kong Admin API's http(s) URL such as http://kong-admin.example:8001, got '"
                + adminUrl
                + "'");
      }
      if (adminToken != null && "http".equals(adminUrl.getScheme()) && !isLoopback(adminUrl)) {
        throw new InvalidConfigurationException(
            key + ".admin-url",
            "use https when an admin-token is set: over http the token travels in clear text,"
                + " got '"
                + adminUrl
                + "'");
      }
      if (proxyUrl != null && !isHttp(proxyUrl)) {
        throw new InvalidConfigurationException(
            key + ".proxy-url",
            "expected the gateway's http(s) URL such as https://api.example, got '"
                + proxyUrl
                + "'");
      }
      if (!healthPath.startsWith("/")) {
        throw new InvalidConfigurationException(
            key + ".health-path", "expected a path starting with /, got '" + healthPath + "'");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidConfigurationException(
            key + ".timeout", "expected a positive duration such as 5s");
      }
      if (workspace != null && !workspace.matches("[A-Za-z0-9._~-]+")) {
        throw new InvalidConfigurationException(
            key + ".workspace", "expected a workspace name, got '" + workspace + "'");
      }
      EdgeNames.checkProductKeys(products.keySet(), key);
      products.forEach(
          (product, p) -> {
            if (p.healthPath() != null && !p.healthPath().startsWith("/")) {
              throw new InvalidConfigurationException(
                  key + ".products[" + product + "].health-path",
                  "expected a path starting with /, got '" + p.healthPath() + "'");
            }
          });
    }

    @Override
    public String toString() {
      return "Environment[adminUrl="
          + adminUrl
          + ", adminToken="
          + (adminToken == null ? "null" : "•••")
          + ", workspace="
          + workspace
          + ", names="
          + names
          + ", proxyUrl="
          + proxyUrl
          + ", healthPath="
          + healthPath
          + ", timeout="
          + timeout
          + ", products="
          + products
          + "]";
    }
  }

  /**
   * A product whose Kong objects do not follow the convention; empty fields follow it.
   *
   * @param service the service name
   * @param route the route name
   * @param upstream the upstream name; {@code -} when the service points at no upstream
   * @param healthPath the path probed through the gateway
   */
  public record Product(String service, String route, String upstream, String healthPath) {
    public Product {
      service = blankToNull(service);
      route = blankToNull(route);
      upstream = blankToNull(upstream);
      healthPath = blankToNull(healthPath);
    }
  }

  static boolean isHttp(URI uri) {
    return uri.isAbsolute()
        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && uri.getHost() != null;
  }

  /** Plain http is fine to a server on this machine (a sidecar, a test), nowhere else. */
  public static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null
        && (host.equals("localhost")
            || host.startsWith("127.")
            || host.equals("[::1]")
            || host.equals("::1"));
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
