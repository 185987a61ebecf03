package io.helmgate.domain.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers a pre-flight's passing answer for the content it was asked about, for a short while: a
 * change that runs the moment it is requested (no approval to wait for) is not checked against
 * Vault or the registry twice within seconds. Only passing answers are kept; a change that waited
 * for approvals is always checked again, since what it was approved against may have moved.
 */
final class Reuse<T> {

  private static final int CAPACITY = 256;

  private record Stamped<T>(T answer, Instant at) {}

  private final Clock clock;
  private final Map<String, Stamped<T>> answers =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stamped<T>> eldest) {
          return size() > CAPACITY;
        }
      };

  Reuse(Clock clock) {
    this.clock = clock;
  }

  /** Keeps a passing {@code answer} for {@code key}. */
  synchronized void keep(String key, T answer) {
    answers.put(key, new Stamped<>(answer, clock.instant()));
  }

  /** The answer kept for {@code key} if it is younger than {@code within}. */
  synchronized Optional<T> fresh(String key, Duration within) {
    Stamped<T> kept = answers.get(key);
    if (kept == null || !clock.instant().isBefore(kept.at().plus(within))) {
      return Optional.empty();
    }
    return Optional.of(kept.answer());
  }

  /** A key for {@code parts}: their SHA-256, so that no file content is kept in memory. */
  static String key(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
