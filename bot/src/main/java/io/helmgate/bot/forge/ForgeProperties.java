package io.helmgate.bot.forge;

import io.helmgate.bot.config.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The forge that hosts the values repository, for pull-request mode ({@code helmgate.forge.*}).
 * Unset {@code type} means no forge: nothing else may then be set.
 *
 * @param type {@code github}, {@code gitlab} or {@code bitbucket} (Data Center)
 * @param baseUrl the API root: {@code https://api.github.com} or {@code https://host/api/v3}
 *     (GitHub Enterprise Server), {@code https://host/api/v4} (GitLab), {@code https://host} with
 *     any context path (Bitbucket, before {@code /rest})
 * @param repository {@code owner/name} (GitHub), the numeric project id or its full path {@code
 *     group/sub/project} (GitLab), {@code PROJECTKEY/repo-slug} (Bitbucket)
 * @param token the bot account's API token; from the environment or Vault, never from config/
 * @param webhookSecret the secret the forge signs (GitHub, Bitbucket) or sends (GitLab) webhooks
 *     with; empty refuses every webhook, so only polling sees changes
 * @param mergeMethod {@code merge}, {@code squash} or {@code rebase}
 * @param pollInterval how often open pull requests are read when no webhook arrives
 * @param timeout connect and read timeout of each call to the forge
 * @param users forge login → Slack user id ({@code U0123ABC}) or the Slack user's e-mail address;
 *     an entry wins over everything else when a review is mapped to a Slack user
 * @param matchByEmail whether a reviewer without an entry in {@code users} is looked up in Slack by
 *     the e-mail the forge gives; off unless written ({@link #matchesByEmail()})
 */
@ConfigurationProperties("helmgate.forge")
public record ForgeProperties(
    Type type,
    URI baseUrl,
    String repository,
    String token,
    String webhookSecret,
    @DefaultValue("merge") MergeMethod mergeMethod,
    @DefaultValue("1m") Duration pollInterval,
    @DefaultValue("10s") Duration timeout,
    Map<String, String> users,
    Boolean matchByEmail) {

  static final String KEY = "helmgate.forge";

  /** A Slack user id: U… for workspace users, W… for Enterprise Grid users. */
  static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");

  /** An e-mail address as far as a table entry needs to tell it apart from a typo. */
  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** The forges Helmgate has an adapter for. */
  public enum Type {
    GITHUB,
    GITLAB,
    BITBUCKET
  }

  /** How a pull request is merged; never with an administrator's override. */
  public enum MergeMethod {
    MERGE,
    SQUASH,
    REBASE;

    /** The lower-case name the GitHub API and the configuration use. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Settings without a table of users and with each forge's default for e-mail matching. */
  public ForgeProperties(
      Type type,
      URI baseUrl,
      String repository,
      String token,
      String webhookSecret,
      MergeMethod mergeMethod,
      Duration pollInterval,
      Duration timeout) {
    this(
        type,
        baseUrl,
        repository,
        token,
        webhookSecret,
        mergeMethod,
        pollInterval,
        timeout,
        null,
        null);
  }

  @ConstructorBinding
  public ForgeProperties {
    users = users == null ? Map.of() : trimmed(users);
    repository = blankToNull(repository);
    token = blankToNull(token);
    webhookSecret = blankToNull(webhookSecret);
    mergeMethod = mergeMethod == null ? MergeMethod.MERGE : mergeMethod;
    pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    if (type == Type.GITHUB && baseUrl == null) {
      baseUrl = URI.create("https://api.github.com");
    }
    validate(type, baseUrl, repository, token, webhookSecret, pollInterval, timeout);
    validateUsers(type, users);
  }

  /**
   * Whether reviewers are looked up in Slack by their forge e-mail. By default only GitLab's, whose
   * public e-mail must be one of the account's confirmed addresses; GitHub's public profile e-mail
   * and Bitbucket Data Center's directory e-mail are not verified by the API that gives them, so
   * they count only when {@code match-by-email: true} says the bank vouches for them (README.md).
   */
  public boolean matchesByEmail() {
    if (matchByEmail != null) {
      return matchByEmail;
    }
    // Off unless written: GitLab's primary e-mail may be unconfirmed under soft confirmation, and
    // the other forges do not verify at all; a mapping that loosens by omission is no mapping.
    return false;
  }

  private static void validateUsers(Type type, Map<String, String> users) {
    if (type == null && !users.isEmpty()) {
      throw new InvalidConfigurationException(
          KEY + ".type",
          "expected github, gitlab or bitbucket: helmgate.forge.users is set but names no forge");
    }
    users.forEach(
        (login, slackUser) -> {
          if (!SLACK_USER_ID.matcher(slackUser).matches() && !EMAIL.matcher(slackUser).matches()) {
            throw new InvalidConfigurationException(
                KEY + ".users." + login,
                "expected a Slack user id such as U0123ABC or the Slack user's e-mail address, got '"
                    + slackUser
                    + "'; a display name or @handle is not a verified mapping");
          }
        });
  }

  /** Keys and values without surrounding blanks, in the order they were written. */
  private static Map<String, String> trimmed(Map<String, String> users) {
    Map<String, String> out = new LinkedHashMap<>();
    users.forEach((k, v) -> out.put(k.strip(), v == null ? "" : v.strip()));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Whether a forge is configured (pull-request mode is possible). */
  public boolean enabled() {
    return type != null;
  }

  private static void validate(
      Type type,
      URI baseUrl,
      String repository,
      String token,
      String webhookSecret,
      Duration pollInterval,
      Duration timeout) {
    if (type == null) {
      if (baseUrl != null || repository != null || token != null || webhookSecret != null) {
        throw new InvalidConfigurationException(
            KEY + ".type",
            "expected github, gitlab or bitbucket: the other helmgate.forge settings are set but"
                + " name no forge");
      }
      return;
    }
    if (baseUrl == null || !isHttp(baseUrl)) {
      throw new InvalidConfigurationException(
          KEY + ".base-url", "expected the forge API's http(s) URL, got '" + baseUrl + "'");
    }
    if ("http".equals(baseUrl.getScheme()) && !isLoopback(baseUrl)) {
      throw new InvalidConfigurationException(
          KEY + ".base-url",
          "use https: over http the token travels in clear text, got '" + baseUrl + "'");
    }
    String path = trimSlash(baseUrl.getPath());
    switch (type) {
      case GITHUB -> {
        if (!"api.github.com".equals(baseUrl.getHost()) && !path.endsWith("/api/v3")) {
          throw new InvalidConfigurationException(
              KEY + ".base-url",
              "expected https://api.github.com or a GitHub Enterprise Server API root ending in"
                  + " /api/v3 such as https://github.example.com/api/v3, got '"
                  + baseUrl
                  + "'");
        }
        if (repository == null || !repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
          throw new InvalidConfigurationException(
              KEY + ".repository",
              "expected owner/name such as acme/helm-values, got '" + repository + "'");
        }
      }
      case GITLAB -> {
        if (!path.endsWith("/api/v4")) {
          throw new InvalidConfigurationException(
              KEY + ".base-url",
              "expected the GitLab API root ending in /api/v4 such as"
                  + " https://gitlab.example.com/api/v4, got '"
                  + baseUrl
                  + "'");
        }
        if (repository == null
            || !(repository.matches("[1-9][0-9]*")
                || repository.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+"))) {
          throw new InvalidConfigurationException(
              KEY + ".repository",
              "expected the project's numeric id or its full path such as ops/helm-values, got '"
                  + repository
                  + "'");
        }
      }
      case BITBUCKET -> {
        if (path.endsWith("/rest/api/1.0") || path.contains("/rest/")) {
          throw new InvalidConfigurationException(
              KEY + ".base-url",
              "expected the Bitbucket base URL without /rest/... such as"
                  + " https://bitbucket.example.com, got '"
                  + baseUrl
                  + "'");
        }
        if (repository == null || !repository.matches("~?[A-Za-z0-9_]+/[A-Za-z0-9_.-]+")) {
          throw new InvalidConfigurationException(
              KEY + ".repository",
              "expected PROJECTKEY/repo-slug such as OPS/helm-values, got '" + repository + "'");
        }
      }
    }
    if (token == null) {
      throw new InvalidConfigurationException(
          KEY + ".token",
          "expected the bot account's API token (set HELMGATE_FORGE_TOKEN from Vault or the"
              + " environment)");
    }
    if (pollInterval.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new InvalidConfigurationException(
          KEY + ".poll-interval",
          "expected at least 10s: polling is the fallback for lost webhooks and each poll costs"
              + " API calls against the forge's rate limit, got "
              + pollInterval);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidConfigurationException(
          KEY + ".timeout", "expected a positive duration such as 10s");
    }
  }

  @Override
  public String toString() {
    return "ForgeProperties[type="
        + type
        + ", baseUrl="
        + baseUrl
        + ", repository="
        + repository
        + ", token="
        + (token == null ? "null" : "•••")
        + ", webhookSecret="
        + (webhookSecret == null ? "null" : "•••")
        + ", mergeMethod="
        + mergeMethod
        + ", pollInterval="
        + pollInterval
        + ", timeout="
        + timeout
        + ", users="
        + users
        + ", matchByEmail="
        + matchByEmail
        + "]";
  }

  static boolean isHttp(URI uri) {
    return uri.isAbsolute()
        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && uri.getHost() != null;
  }

  static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  /** The base URL without a trailing slash, to append API paths to. */
  public String apiRoot() {
    String s = baseUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String trimSlash(String path) {
    if (path == null) {
      return "";
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
