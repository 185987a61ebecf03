package io.helmgate.bot.verify;

import io.helmgate.domain.Target;

/**
 * The naming convention of edge objects: a template such as {@code {customer}-{product}} with
 * {@code {customer}}, {@code {product}} and {@code {environment}} replaced by the target's names.
 */
public final class EdgeNames {

  private EdgeNames() {}

  /** {@code template} with the target's names filled in. */
  public static String expand(String template, Target target) {
    return template
        .replace("{customer}", target.customer())
        .replace("{product}", target.product())
        .replace("{environment}", target.environment());
  }

  /** The key of a product's overrides: {@code acme/payments}. */
  public static String productKey(Target target) {
    return target.app();
  }

  /**
   * Refuses per-product settings whose key is not {@code customer/product} (in YAML written {@code
   * "[acme/payments]"}, or Spring drops the slash).
   */
  public static void checkProductKeys(java.util.Set<String> products, String key) {
    for (String product : products) {
      if (!product.matches("[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*")) {
        throw new io.helmgate.bot.config.InvalidConfigurationException(
            key + ".products",
            "expected keys such as \"[acme/payments]\" (customer/product), got '" + product + "'");
      }
    }
  }
}
