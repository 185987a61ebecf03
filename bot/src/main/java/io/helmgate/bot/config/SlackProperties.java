package io.helmgate.bot.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Slack connection settings ({@code helmgate.slack.*}). The plain {@code SLACK_SIGNING_SECRET},
 * {@code SLACK_BOT_TOKEN} and {@code SLACK_APP_TOKEN} variables that Slack's tools use are accepted
 * too (see {@code application.yml}). With an app token the bot uses Socket Mode and serves no HTTP
 * endpoint for Slack; without one (HTTP mode) a bot token needs the signing secret.
 *
 * @param apiUrl the Web API base URL, ending in a slash; tests point it at WireMock
 * @param approvalChannels per environment, the channel id where its requests are posted (else the
 *     channel the command was typed in); a blank value stops start-up
 * @param commitUrlTemplate a web link to a values commit, with {@code {sha}}, e.g. {@code
 *     https://git.example.org/ops/values/commit/{sha}}
 * @param groupsTtl how long user-group memberships are cached before they are asked again
 * @param groupsMaxStale how long a cached answer may still be used while Slack cannot be asked
 */
@ConfigurationProperties("helmgate.slack")
public record SlackProperties(
    String signingSecret,
    String botToken,
    String appToken,
    @DefaultValue("https://slack.com/api/") String apiUrl,
    Map<String, String> approvalChannels,
    String commitUrlTemplate,
    @DefaultValue("60s") Duration groupsTtl,
    @DefaultValue("10m") Duration groupsMaxStale) {

  public SlackProperties {
    signingSecret = blankToNull(signingSecret);
    botToken = blankToNull(botToken);
    appToken = blankToNull(appToken);
    if (apiUrl == null || !isHttpUrl(apiUrl)) {
      throw new InvalidConfigurationException(
          "helmgate.slack.api-url",
          "expected an absolute http(s) URL ending in /, got '" + apiUrl + "'");
    }
    approvalChannels = approvalChannels == null ? Map.of() : approvalChannels;
    for (Map.Entry<String, String> entry : approvalChannels.entrySet()) {
      // An empty variable (HELMGATE_SLACK_APPROVALCHANNELS_PROD=) would count as a channel and
      // switch the approval-channel rules on with nowhere to post.
      if (entry.getValue() == null || entry.getValue().isBlank()) {
        throw new InvalidConfigurationException(
            "helmgate.slack.approval-channels." + entry.getKey(),
            "expected a channel id such as C0123ABCD, got a blank value; set the channel or"
                + " remove the key");
      }
    }
    approvalChannels = Map.copyOf(approvalChannels);
    commitUrlTemplate = blankToNull(commitUrlTemplate);
    if (commitUrlTemplate != null && !commitUrlTemplate.contains("{sha}")) {
      throw new InvalidConfigurationException(
          "helmgate.slack.commit-url-template", "expected a URL containing {sha}");
    }
    if (groupsTtl == null || groupsTtl.isNegative() || groupsTtl.isZero()) {
      throw new InvalidConfigurationException(
          "helmgate.slack.groups-ttl", "expected a positive duration such as 60s");
    }
    if (groupsMaxStale == null || groupsMaxStale.compareTo(groupsTtl) < 0) {
      throw new InvalidConfigurationException(
          "helmgate.slack.groups-max-stale", "expected a duration at least as long as groups-ttl");
    }
    if (!apiUrl.endsWith("/")) {
      apiUrl = apiUrl + "/";
    }
    if (botToken != null && !botToken.startsWith("xoxb-")) {
      throw new InvalidConfigurationException(
          "helmgate.slack.bot-token", "expected a bot token starting with xoxb-");
    }
    if (appToken != null && !appToken.startsWith("xapp-")) {
      throw new InvalidConfigurationException(
          "helmgate.slack.app-token",
          "expected an app-level token starting with xapp- (Socket Mode)");
    }
    if (botToken != null && appToken == null && signingSecret == null) {
      // HTTP mode: without a secret Bolt would verify requests against its placeholder "---",
      // which anyone can sign with.
      throw new InvalidConfigurationException(
          "helmgate.slack.signing-secret",
          "required in HTTP mode (a bot token without an app token); set it to the app's signing"
              + " secret, or set helmgate.slack.app-token for Socket Mode");
    }
  }

  /** The channel where requests for {@code environment} are posted, if one is configured. */
  public Optional<String> approvalChannel(String environment) {
    return Optional.ofNullable(approvalChannels.get(environment));
  }

  /** Socket Mode: no inbound port needed. */
  public boolean socketMode() {
    return appToken != null;
  }

  /** Whether Slack is connected at all; without it the bot runs with Slack switched off. */
  public boolean configured() {
    return botToken != null && (signingSecret != null || appToken != null);
  }

  static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return uri.isAbsolute()
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
