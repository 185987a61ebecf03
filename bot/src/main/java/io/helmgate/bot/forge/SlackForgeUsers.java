package io.helmgate.bot.forge;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.User;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.ForgeUsers;
import io.helmgate.domain.port.Review;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ForgeUsers} from the table {@code helmgate.forge.users} first, then, where e-mail matching
 * is on, Slack's {@code users.lookupByEmail} with the e-mail the forge gave. Deleted Slack users
 * and bots are nobody. Answers, found or not, are cached for {@code ttl} so a poll does not ask
 * Slack for every review each time; after a 429 Slack is not asked again before its {@code
 * Retry-After}. A display name or a login that merely looks like a Slack name is never used: it is
 * not verified.
 */
final class SlackForgeUsers implements ForgeUsers {

  /** How long a lookup's answer is kept. */
  static final Duration TTL = Duration.ofMinutes(5);

  /** How long to hold off after a 429 that does not say (Slack always does; a proxy may not). */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  private record Answer(Optional<String> slackUser, Instant until) {}

  private final Map<String, String> table = new HashMap<>();
  private final boolean matchByEmail;
  private final MethodsClient slack;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Answer> byEmail = new ConcurrentHashMap<>();

  /** No lookup before this instant: the end of the last 429's {@code Retry-After}. */
  private volatile Instant notBefore = Instant.MIN;

  SlackForgeUsers(ForgeProperties properties, MethodsClient slack, Clock clock, Duration ttl) {
    // Forge logins are case-insensitive (GitHub, GitLab) or lower-case (Bitbucket slugs).
    properties.users().forEach((login, user) -> table.put(login.toLowerCase(Locale.ROOT), user));
    this.matchByEmail = properties.matchesByEmail();
    this.slack = slack;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Optional<String> slackUserOf(Review review) {
    String entry = table.get(review.login().toLowerCase(Locale.ROOT));
    if (entry != null) {
      return ForgeProperties.SLACK_USER_ID.matcher(entry).matches()
          ? Optional.of(entry)
          : lookup(entry, review.login());
    }
    Optional<String> email = review.email().map(String::strip);
    if (!matchByEmail || email.isEmpty() || !ForgeProperties.EMAIL.matcher(email.get()).matches()) {
      // A blank or malformed address would only earn an error from Slack on every poll.
      return Optional.empty();
    }
    return lookup(email.get(), review.login());
  }

  private Optional<String> lookup(String email, String login) {
    String key = email.strip().toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Answer cached = byEmail.get(key);
    if (cached != null && cached.until().isAfter(now)) {
      return cached.slackUser();
    }
    if (now.isBefore(notBefore)) {
      throw unavailable(login, "Slack asked to wait until " + notBefore, null);
    }
    Optional<String> found = ask(email.strip(), login);
    byEmail.put(key, new Answer(found, clock.instant().plus(ttl)));
    return found;
  }

  private Optional<String> ask(String email, String login) {
    UsersLookupByEmailResponse response;
    try {
      response = slack.usersLookupByEmail(r -> r.email(email));
    } catch (IOException e) {
      throw unavailable(login, "Slack unreachable: " + e.getMessage(), e);
    } catch (SlackApiException e) {
      if (e.getResponse().code() == 429) {
        holdOff(e.getResponse().header("Retry-After"));
        throw unavailable(login, "Slack is rate-limiting users.lookupByEmail", e);
      }
      throw unavailable(login, "Slack answered HTTP " + e.getResponse().code(), e);
    }
    if (!response.isOk()) {
      String error = String.valueOf(response.getError());
      return switch (error) {
        // Slack's documented error; the older method descriptions name it in the singular.
        case "users_not_found", "user_not_found" -> Optional.empty();
        case "ratelimited" -> {
          holdOff(null);
          throw unavailable(login, "Slack is rate-limiting users.lookupByEmail", null);
        }
        case "missing_scope" ->
            throw unavailable(
                login,
                "users.lookupByEmail failed: missing_scope; add the bot scope users:read.email to"
                    + " the Slack app and reinstall it",
                null);
        default -> throw unavailable(login, "users.lookupByEmail failed: " + error, null);
      };
    }
    User user = response.getUser();
    if (user == null || user.getId() == null) {
      throw unavailable(login, "users.lookupByEmail answered ok without a user", null);
    }
    // A deactivated account or a bot cannot be a person who approves.
    if (user.isDeleted() || user.isBot() || user.isAppUser() || user.isWorkflowBot()) {
      return Optional.empty();
    }
    return Optional.of(user.getId());
  }

  private void holdOff(String retryAfter) {
    Instant until = clock.instant().plus(retryAfter(retryAfter));
    if (until.isAfter(notBefore)) {
      notBefore = until;
    }
  }

  private static DirectoryUnavailableException unavailable(
      String login, String why, Throwable cause) {
    return new DirectoryUnavailableException(
        "I cannot ask Slack who the forge user "
            + login
            + " is right now ("
            + why
            + "); their review counts once Slack answers.",
        cause);
  }

  /** Slack's {@code Retry-After} is whole seconds. */
  static Duration retryAfter(String header) {
    if (header != null) {
      try {
        long seconds = Long.parseLong(header.strip());
        if (seconds >= 0) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException notSeconds) {
        // An HTTP date or garbage: the default is as good a guess.
      }
    }
    return DEFAULT_RETRY_AFTER;
  }
}
