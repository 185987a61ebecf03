package io.helmgate.domain.port;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ForgeUsers} in memory: a forge login is a Slack user only once a test has {@link #map}ped
 * it; {@link #unavailable} plays a Slack outage, so callers can be checked to retry, not drop.
 */
public final class InMemoryForgeUsers implements ForgeUsers {

  private final Map<String, String> byLogin = new HashMap<>();
  private boolean unavailable;
  private int asked;

  /** Makes {@code login} (any case, as forge logins are) the Slack user {@code slackId}. */
  public InMemoryForgeUsers map(String login, String slackId) {
    byLogin.put(login.toLowerCase(Locale.ROOT), slackId);
    return this;
  }

  /** From now on every question fails as if Slack were down, until {@code false} is passed. */
  public InMemoryForgeUsers unavailable(boolean down) {
    unavailable = down;
    return this;
  }

  /** How many times {@link #slackUserOf} was asked. */
  public int asked() {
    return asked;
  }

  @Override
  public Optional<String> slackUserOf(Review review) {
    asked++;
    if (unavailable) {
      throw new DirectoryUnavailableException(
          "Slack cannot be asked who " + review.login() + " is right now", null);
    }
    return Optional.ofNullable(byLogin.get(review.login().toLowerCase(Locale.ROOT)));
  }
}
