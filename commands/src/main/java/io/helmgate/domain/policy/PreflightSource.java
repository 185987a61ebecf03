package io.helmgate.domain.policy;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * A pre-flight check whose source can be unavailable, as named in an environment's {@code
 * fail-open-when-unavailable}: {@code vault} (referenced secrets exist) or {@code registry} (the
 * promoted artifacts exist).
 */
public enum PreflightSource {
  /** The secret store behind the {@code SecretChecker} port. */
  VAULT,
  /** The OCI registry behind the {@code ArtifactChecker} port. */
  REGISTRY;

  /** The name as written in the configuration. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The pre-flight written {@code text} in the configuration, ignoring case and blanks. */
  public static Optional<PreflightSource> ofKey(String text) {
    String key = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
  }

  /** The keys of {@code preflights} in declaration order, e.g. {@code [vault, registry]}. */
  static String keys(Collection<PreflightSource> preflights) {
    return Arrays.stream(values())
        .filter(preflights::contains)
        .map(PreflightSource::key)
        .toList()
        .toString();
  }
}
