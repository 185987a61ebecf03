package io.helmgate.domain.port;

import java.util.Optional;

/**
 * Who a forge reviewer is in Slack: only a verified mapping (an explicit table, or an e-mail the
 * forge vouches for) makes a pull-request review count as that Slack user's approval or rejection.
 */
public interface ForgeUsers {

  /** Nobody on the forge is known in Slack: reviews count for nothing. */
  ForgeUsers NONE = review -> Optional.empty();

  /**
   * The Slack user id a forge user is, or empty when Helmgate cannot tell (then the review counts
   * for nothing).
   *
   * @throws DirectoryUnavailableException when Slack cannot be asked now (outage, rate limit): the
   *     caller keeps the review and asks again later instead of dropping it
   */
  Optional<String> slackUserOf(Review review);
}
