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
}
