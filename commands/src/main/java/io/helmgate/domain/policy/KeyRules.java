package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Rule.pass;

import io.helmgate.domain.Target;
import io.helmgate.domain.values.KeyPath;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Rules for which values keys a change may touch. */
final class KeyRules {

  private KeyRules() {}

  /** The keys of a change as the rules see them. */
  record KeysCheck(
      Target target,
      Set<KeyPath> keys,
      Set<KeyPath> newKeys,
      ProductRules product,
      EnvironmentRules rules) {}

  /** promotable-keys: only the product's promotable keys (default image.tag) change. */
  static Rule<KeysCheck> promotableKeys() {
    String name = "promotable-keys";
    return new Rule<>(
        name,
        c -> {
          List<String> refused =
              c.keys().stream()
                  .filter(key -> !c.product().isPromotable(key))
                  .map(KeyPath::toString)
                  .sorted()
                  .toList();
          if (refused.isEmpty()) {
            return pass();
          }
          String allowed =
              c.product().promotableKeys().isEmpty()
                  ? "none: only syncs and rollbacks"
                  : c.product().promotableKeys().stream()
                      .map(KeyPath::toString)
                      .collect(Collectors.joining(", "));
          return Optional.of(
              Decision.denied(
                  name,
                  String.join(", ", refused)
                      + (refused.size() == 1 ? " is" : " are")
                      + " not promotable for "
                      + c.target().app()
                      + "; the keys Helmgate may change there are "
                      + allowed
                      + "."));
        });
  }

  /** new-keys: a change adds keys to an environment only where allow-new-keys is true. */
  static Rule<KeysCheck> newKeys() {
    String name = "new-keys";
    return new Rule<>(
        name,
        c -> {
          if (c.newKeys().isEmpty() || c.rules().allowNewKeys()) {
            return pass();
          }
          String keys =
              c.newKeys().stream()
                  .map(KeyPath::toString)
                  .sorted()
                  .collect(Collectors.joining(", "));
          return Optional.of(
              Decision.denied(
                  name,
                  keys
                      + (c.newKeys().size() == 1 ? " does" : " do")
                      + " not exist in "
                      + c.target()
                      + " yet, and "
                      + c.target().environment()
                      + " takes no new keys (allow-new-keys: false). Add "
                      + (c.newKeys().size() == 1 ? "it" : "them")
                      + " to its values file through a reviewed change first."));
        });
  }

  /** keys-allowed: whatever passed the rules above may change. */
  static Rule<KeysCheck> keysAllowed() {
    String name = "keys-allowed";
    return new Rule<>(name, c -> Optional.of(Decision.allowed(name, "These keys may change.")));
  }
}
