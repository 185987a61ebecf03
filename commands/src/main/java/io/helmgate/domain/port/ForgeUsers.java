package io.helmgate.domain.port;

import java.util.Optional;

/**
 * Who a forge user is in Slack, so that a pull-request review can count as that Slack user's
 * approval (or rejection) and the policy can check their roles. Only a verified mapping counts (an
 * explicit table, a verified e-mail address): never a display name.
 */
public interface ForgeUsers {

  /** Nobody on the forge is known in Slack: reviews count for nothing. */
  ForgeUsers NONE = review -> Optional.empty();

  /**
   * The Slack user id of the review's author, or empty when Helmgate cannot tell.
   *
   * @throws DirectoryUnavailableException when Slack cannot be asked now; ask again later
   */
  Optional<String> slackUserOf(Review review);
}
