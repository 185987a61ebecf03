package io.helmgate.domain.execution;

import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeUsers;
import io.helmgate.domain.request.MessageRef;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pull-request mode's settings: the forge that carries the pull requests (none when Helmgate has no
 * forge configured, and then an environment in pull-request mode fails its requests instead of
 * pushing), how often a pull request is read again (reviews, a merge it cannot do yet), for how
 * long a merge is tried, who the forge's reviewers are in Slack, and how to link a request's Slack
 * message from its pull request.
 *
 * @param users maps a review's author to a Slack user; {@link ForgeUsers#NONE} counts no review
 * @param messageLinks a browser link to a request's Slack message, when the chat adapter can make
 *     one
 */
public record PullRequestSettings(
    Optional<Forge> forge,
    Duration poll,
    Duration mergeWithin,
    ForgeUsers users,
    Function<MessageRef, Optional<String>> messageLinks) {

  public PullRequestSettings {
    Objects.requireNonNull(forge, "forge");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(messageLinks, "messageLinks");
    if (poll.isNegative() || poll.isZero() || mergeWithin.compareTo(poll) < 0) {
      throw new IllegalArgumentException(
          "the poll interval must be positive and no longer than merge-within");
    }
  }

  /** {@code forge} read every {@code poll}, merges tried for {@code mergeWithin}; no reviewers. */
  public PullRequestSettings(Optional<Forge> forge, Duration poll, Duration mergeWithin) {
    this(forge, poll, mergeWithin, ForgeUsers.NONE, ref -> Optional.empty());
  }

  /** No forge: pull-request mode is not available. */
  public static PullRequestSettings none() {
    return new PullRequestSettings(Optional.empty(), Duration.ofSeconds(30), Duration.ofHours(4));
  }

  /** {@code forge}, read every 30 seconds for up to 4 hours. */
  public static PullRequestSettings of(Forge forge) {
    return new PullRequestSettings(Optional.of(forge), Duration.ofSeconds(30), Duration.ofHours(4));
  }

  /** These settings, with reviews mapped to Slack users by {@code mapping}. */
  public PullRequestSettings withUsers(ForgeUsers mapping) {
    return new PullRequestSettings(forge, poll, mergeWithin, mapping, messageLinks);
  }

  /** These settings, linking requests' Slack messages with {@code links}. */
  public PullRequestSettings withMessageLinks(Function<MessageRef, Optional<String>> links) {
    return new PullRequestSettings(forge, poll, mergeWithin, users, links);
  }
}
