package io.helmgate.bot.slack.outbox;

import io.helmgate.bot.config.InvalidConfigurationException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the Slack outbox delivers ({@code helmgate.slack.outbox.*}).
 *
 * @param pollInterval how often each replica looks for messages that are due (a new message is sent
 *     at once; this picks up retries and other replicas' leftovers)
 * @param channelInterval the pace of new messages in one channel: Slack allows about one per second
 *     per channel
 * @param channelBurst how many messages one channel may take at once before the pace applies
 * @param lease how long a replica owns a message it is sending; another takes it over after that
 * @param firstRetry the wait after the first failure; it doubles per attempt up to {@code maxRetry}
 * @param maxRetry the longest wait between attempts (Slack's own {@code Retry-After} wins)
 * @param maxAttempts attempts after which a message that keeps failing is given up on
 */
@ConfigurationProperties("helmgate.slack.outbox")
public record OutboxProperties(
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("1s") Duration channelInterval,
    @DefaultValue("10") int channelBurst,
    @DefaultValue("2m") Duration lease,
    @DefaultValue("1s") Duration firstRetry,
    @DefaultValue("5m") Duration maxRetry,
    @DefaultValue("30") int maxAttempts) {

  public OutboxProperties {
    positive(pollInterval, "poll-interval");
    if (channelInterval == null || channelInterval.isNegative()) {
      throw new InvalidConfigurationException(
          "helmgate.slack.outbox.channel-interval", "expected a duration such as 1s");
    }
    positive(lease, "lease");
    positive(firstRetry, "first-retry");
    positive(maxRetry, "max-retry");
    if (channelBurst < 1) {
      throw new InvalidConfigurationException(
          "helmgate.slack.outbox.channel-burst", "expected at least 1");
    }
    if (maxAttempts < 1) {
      throw new InvalidConfigurationException(
          "helmgate.slack.outbox.max-attempts", "expected at least 1");
    }
  }

  /** The defaults: Slack's documented pace. */
  public static OutboxProperties defaults() {
    return new OutboxProperties(
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        10,
        Duration.ofMinutes(2),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        30);
  }

  private static void positive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidConfigurationException(
          "helmgate.slack.outbox." + key, "expected a positive duration such as 1s");
    }
  }
}
