package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.PROD;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.policy.KeyRules.KeysCheck;
import io.helmgate.domain.values.KeyPath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyRulesTest {

  static final KeyPath TAG = KeyPath.of("image.tag");
  static final KeyPath REPLICAS = KeyPath.of("replicaCount");

  static KeysCheck keys(Set<KeyPath> keys, Set<KeyPath> newKeys, EnvironmentRules rules) {
    return new KeysCheck(PROD, keys, newKeys, ProductRules.DEFAULT, rules);
  }

  @Nested
  class PromotableKeys {

    final Rule<KeysCheck> rule = KeyRules.promotableKeys();

    @Test
    void promotableKeyPasses() {
      assertThat(rule.apply(keys(Set.of(TAG), Set.of(), EnvironmentRules.production()))).isEmpty();
    }

    @Test
    void otherKeyIsDeniedNamingThePromotableOnes() {
      Decision d =
          rule.apply(keys(Set.of(TAG, REPLICAS), Set.of(), EnvironmentRules.production()))
              .orElseThrow();

      assertThat(d.rule()).isEqualTo("promotable-keys");
      assertThat(d.message())
          .isEqualTo(
              "replicaCount is not promotable for acme/payments; the keys Helmgate may change"
                  + " there are image.tag.");
    }

    @Test
    void productWithoutPromotableKeysTakesOnlySyncsAndRollbacks() {
      KeysCheck none =
          new KeysCheck(
              PROD,
              Set.of(TAG),
              Set.of(),
              new ProductRules(List.of()),
              EnvironmentRules.production());

      assertThat(rule.apply(none).orElseThrow().message())
          .contains("none: only syncs and rollbacks");
    }
  }

  @Nested
  class NewKeys {

    final Rule<KeysCheck> rule = KeyRules.newKeys();

    @Test
    void existingKeyPasses() {
      assertThat(rule.apply(keys(Set.of(TAG), Set.of(), EnvironmentRules.production()))).isEmpty();
    }

    @Test
    void newKeyIsDeniedWhereNewKeysAreNotAllowed() {
      Decision d =
          rule.apply(keys(Set.of(TAG), Set.of(TAG), EnvironmentRules.production())).orElseThrow();

      assertThat(d.rule()).isEqualTo("new-keys");
      assertThat(d.message())
          .startsWith("image.tag does not exist in acme/payments prod yet")
          .contains("allow-new-keys: false");
    }

    @Test
    void newKeyPassesWhereNewKeysAreAllowed() {
      assertThat(
              rule.apply(
                  keys(
                      Set.of(TAG),
                      Set.of(TAG),
                      EnvironmentRules.production().withAllowNewKeys(true))))
          .isEmpty();
    }
  }
}
