package io.helmgate.bot.vault;

import io.helmgate.domain.port.SecretChecker;
import java.util.List;

/** Stands in when Vault is off: says so instead of pretending that references were checked. */
final class UnconfiguredSecretChecker implements SecretChecker {

  static final String MESSAGE =
      "Vault is not configured (helmgate.vault.uri); secret references were not checked";

  @Override
  public boolean isConfigured() {
    return false;
  }

  @Override
  public Preflight check(List<SecretReference> references) {
    return new Preflight(Preflight.Status.NOT_CONFIGURED, List.of(), MESSAGE);
  }
}
