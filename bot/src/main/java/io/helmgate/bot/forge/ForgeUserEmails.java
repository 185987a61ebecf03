package io.helmgate.bot.forge;

import io.helmgate.domain.port.ForgeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The e-mail addresses of forge users that GitHub and GitLab give only through a user endpoint, one
 * call per user and then cached, so that polling a pull request does not ask again for every review
 * each time. Nobody is asked when the address would not be used: e-mail matching is off, or the
 * login has an entry in {@code helmgate.forge.users}, which wins anyway.
 */
public final class ForgeUserEmails {

  /** How long an answer, an address or "none", is kept; people rarely change theirs. */
  public static final Duration TTL = Duration.ofMinutes(15);

  private record Entry(Optional<String> email, Instant until) {}

  private final ForgeProperties properties;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public ForgeUserEmails(ForgeProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The e-mail address of {@code login}, read with {@code lookup} when it is needed and not cached.
   * A transient fault of the lookup ({@link ForgeException} RATE_LIMITED or UNAVAILABLE) is thrown,
   * not cached, so the next poll asks again.
   */
  public Optional<String> of(String login, Supplier<Optional<String>> lookup) {
    String key = login.toLowerCase(Locale.ROOT);
    if (!properties.matchesByEmail() || inTable(key)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Entry cached = cache.get(key);
    if (cached != null && cached.until().isAfter(now)) {
      return cached.email();
    }
    Optional<String> email = lookup.get().map(String::strip).filter(s -> !s.isEmpty());
    cache.put(key, new Entry(email, now.plus(TTL)));
    return email;
  }

  private boolean inTable(String key) {
    return properties.users().keySet().stream()
        .anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(key));
  }
}
