package io.helmgate.domain.policy;

import io.helmgate.domain.values.KeyPath;
import java.util.List;

/**
 * What may change in one product's values ({@code helmgate.policy.products.<key>}): the keys that
 * {@code from=<env>} promotes and that {@code <key>=<value>} may set. An empty list leaves the
 * product to syncs and rollbacks.
 */
public record ProductRules(List<KeyPath> promotableKeys) {

  /** The default: only the image tag moves between environments. */
  public static final ProductRules DEFAULT = new ProductRules(List.of(KeyPath.of("image.tag")));

  public ProductRules {
    promotableKeys = List.copyOf(promotableKeys);
  }

  /** True when {@code key} may be promoted or set. */
  public boolean isPromotable(KeyPath key) {
    return promotableKeys.contains(key);
  }
}
