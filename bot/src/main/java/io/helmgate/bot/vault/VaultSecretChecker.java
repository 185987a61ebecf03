package io.helmgate.bot.vault;

import io.helmgate.domain.port.SecretChecker;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks secret references against Vault's KV version 2 engine without revealing their values.
 *
 * <p>For a reference {@code <mount>/data/<path>[#key[#version]]} it reads the metadata ({@code GET
 * /v1/<mount>/metadata/<path>}) to see that the secret exists and that the version in question (the
 * pinned one, else the current one) is neither deleted nor destroyed. Metadata does not list a
 * secret's keys, so for a {@code #key} it must also read that version's data ({@code GET
 * /v1/<mount>/data/<path>?version=N}): this is the only way KV v2 offers to learn whether a key
 * exists. The trade-off: the bot's policy needs {@code read} on the {@code data/} paths of every
 * secret a values file may reference, so the bot could read those values. It never does anything
 * with them — the parser hands each value to a setter that drops it (see {@link KvV2#keyNames}),
 * only key names are kept for the length of one check, and nothing about a value is logged or
 * returned. A stricter setup could keep key names in the secret's {@code custom_metadata} and grant
 * the bot only {@code metadata/}; that is not implemented.
 *
 * <p>Outcomes: every reference found → {@code PASSED}; any reference missing (no secret, no such
 * version, deleted, destroyed, no such key, not a KV v2 path) → {@code MISSING} listing them, even
 * when other references could not be checked; otherwise a reference that could not be checked (403,
 * 503, unreachable, login refused) → {@code UNAVAILABLE} with a message that says what to fix.
 * Whether {@code UNAVAILABLE} blocks a request is the policy's to decide (see {@code
 * Policy#mayGoOnWithoutPreflight}).
 */
final class VaultSecretChecker implements SecretChecker, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VaultSecretChecker.class);

  private final VaultSession session;
  private final KvV2 kv;
  private final Clock clock;

  VaultSecretChecker(VaultSession session, Clock clock) {
    this.session = session;
    this.kv = new KvV2(session);
    this.clock = clock;
  }

  @Override
  public boolean isConfigured() {
    return true;
  }

  /**
   * Why Vault cannot be used now, or empty when it answers and takes the bot's token: one {@code
   * auth/token/lookup-self}, which Vault's built-in {@code default} policy allows every token. A
   * sealed Vault answers it with 503, a refused token with 403.
   */
  Optional<String> readinessProblem() {
    try {
      session.call(rest -> rest.getForObject("auth/token/lookup-self", Map.class));
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(
          VaultAccessException.of(e, session.properties(), "auth/token", "lookup-self")
              .getMessage());
    }
  }

  @Override
  public Preflight check(List<SecretReference> references) {
    List<SecretReference> distinct = List.copyOf(new LinkedHashSet<>(references));
    if (distinct.isEmpty()) {
      return new Preflight(Preflight.Status.PASSED, List.of(), "no secret references to check");
    }
    Lookups lookups = new Lookups();
    List<SecretReference> missing = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    VaultAccessException unavailable = null;
    int unchecked = 0;
    for (SecretReference reference : distinct) {
      if (unavailable != null && unavailable.kind().affectsEveryPath()) {
        unchecked++;
        continue;
      }
      Optional<String> why;
      try {
        why = missingReason(reference, lookups);
      } catch (VaultAccessException e) {
        if (unavailable == null) {
          unavailable = e;
        }
        unchecked++;
        continue;
      }
      if (why.isPresent()) {
        missing.add(reference);
        reasons.add(reference + " (" + why.get() + ")");
      }
    }
    Preflight result = result(distinct.size(), missing, reasons, unavailable, unchecked);
    if (result.status() == Preflight.Status.PASSED) {
      log.info("Vault pre-flight passed: {} secret reference(s) exist", distinct.size());
    } else {
      log.warn("Vault pre-flight {}: {}", result.status(), result.message());
    }
    return result;
  }

  private static Preflight result(
      int total,
      List<SecretReference> missing,
      List<String> reasons,
      VaultAccessException unavailable,
      int unchecked) {
    String notChecked =
        unavailable == null
            ? ""
            : unchecked + " of " + total + " not checked: " + unavailable.getMessage();
    if (!missing.isEmpty()) {
      String message =
          missing.size()
              + " of "
              + total
              + " secret reference(s) not found in Vault: "
              + String.join("; ", reasons)
              + (notChecked.isEmpty() ? "" : " — " + notChecked);
      return new Preflight(Preflight.Status.MISSING, missing, message);
    }
    if (unavailable != null) {
      return new Preflight(
          Preflight.Status.UNAVAILABLE,
          List.of(),
          unavailable.getMessage()
              + " ("
              + unchecked
              + " of "
              + total
              + " reference(s) not checked)");
    }
    return new Preflight(
        Preflight.Status.PASSED, List.of(), "all " + total + " secret reference(s) exist in Vault");
  }

  /** Empty when the reference exists; otherwise why it does not. */
  private Optional<String> missingReason(SecretReference reference, Lookups lookups) {
    Target target;
    try {
      target = Target.of(reference);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    KvV2.Metadata metadata = lookups.metadata(target);
    if (metadata == null || metadata.currentVersion() == 0) {
      return Optional.of("no such secret");
    }
    int version = target.version() == null ? metadata.currentVersion() : target.version();
    String which = target.version() == null ? "current version " + version : "version " + version;
    KvV2.VersionState state = metadata.versions().get(version);
    if (state == null) {
      return Optional.of("no " + which);
    }
    if (state.destroyed()) {
      return Optional.of(which + " destroyed");
    }
    if (isDeleted(state)) {
      return Optional.of(which + " deleted");
    }
    if (target.key() == null) {
      return Optional.empty();
    }
    Set<String> keys = lookups.keyNames(target, version);
    if (keys == null) {
      return Optional.of(which + " deleted");
    }
    return keys.contains(target.key())
        ? Optional.empty()
        : Optional.of("no key " + target.key() + " in " + which);
  }

  /** A version is deleted once its deletion time has passed (a future one is only scheduled). */
  private boolean isDeleted(KvV2.VersionState state) {
    String deletion = state.deletionTime();
    if (deletion == null || deletion.isBlank()) {
      return false;
    }
    try {
      return !Instant.parse(deletion).isAfter(clock.instant());
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  @Override
  public void close() {
    session.close();
  }

  /** Reads shared by the references of one check (several keys of one secret read it once). */
  private final class Lookups {
    private final Map<String, Optional<KvV2.Metadata>> metadata = new HashMap<>();
    private final Map<String, Optional<Set<String>>> keys = new HashMap<>();

    KvV2.Metadata metadata(Target target) {
      String id = target.mount() + "\n" + target.path();
      Optional<KvV2.Metadata> known = metadata.get(id);
      if (known == null) {
        known = Optional.ofNullable(kv.metadata(target.mount(), target.path()));
        metadata.put(id, known);
      }
      return known.orElse(null);
    }

    Set<String> keyNames(Target target, int version) {
      String id = target.mount() + "\n" + target.path() + "\n" + version;
      Optional<Set<String>> known = keys.get(id);
      if (known == null) {
        known = Optional.ofNullable(kv.keyNames(target.mount(), target.path(), version));
        keys.put(id, known);
      }
      return known.orElse(null);
    }
  }

  /**
   * A reference taken apart: {@code secret/data/acme/payments/prod} with key {@code db-password#3}
   * is mount {@code secret}, path {@code acme/payments/prod}, key {@code db-password}, version 3.
   */
  record Target(String mount, String path, String key, Integer version) {

    static Target of(SecretReference reference) {
      String full = reference.path() == null ? "" : reference.path().replaceAll("^/+", "");
      int data = full.indexOf("/data/");
      if (data <= 0 || data + "/data/".length() >= full.length()) {
        throw new IllegalArgumentException(
            "not a KV v2 path: expected <mount>/data/<path>, e.g. secret/data/acme/payments/prod");
      }
      String mount = full.substring(0, data);
      String path = full.substring(data + "/data/".length()).replaceAll("/+$", "");
      if (!VaultProperties.isSafePath(mount) || !VaultProperties.isSafePath(path)) {
        throw new IllegalArgumentException(
            "not a valid Vault path: letters, digits and - _ . / only, no . or .. segments");
      }
      String key = reference.key();
      Integer version = null;
      if (key != null) {
        int hash = key.indexOf('#');
        if (hash >= 0) {
          String number = key.substring(hash + 1);
          key = key.substring(0, hash);
          if (!number.matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException(
                "version must be a positive number, as in #db-password#3");
          }
          version = Integer.valueOf(number);
        }
        if (key.isEmpty()) {
          throw new IllegalArgumentException("empty key after #");
        }
      }
      return new Target(mount, path, key, version);
    }
  }
}
