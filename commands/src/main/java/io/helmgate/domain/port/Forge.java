package io.helmgate.domain.port;

import java.util.List;
import java.util.Optional;

/**
 * The values repository's forge (GitHub, GitLab, Bitbucket Data Center) in pull-request mode:
 * opens, reads, reports on, merges and closes the pull request that carries one request's change.
 * The branch itself is pushed by {@link ValuesRepository}, never by the forge. Every method throws
 * {@link ForgeException} when the forge refuses or cannot be reached; nothing here bypasses branch
 * protection (no admin merge, no override).
 */
public interface Forge {

  /** The name of the commit status (GitHub context, GitLab name, Bitbucket key) Helmgate sets. */
  String POLICY_CHECK = "helmgate/policy";

  /** Opens a pull request from {@code draft.headBranch()}, which must already be pushed. */
  PullRequest open(PullRequestDraft draft);

  /**
   * The open pull request whose head is {@code headBranch}, if any; lets a step that crashed after
   * opening find its pull request again instead of opening a second one.
   */
  Optional<PullRequest> findOpen(String headBranch);

  /** The pull request as the forge sees it now. */
  PullRequest get(long number);

  /** Every review verdict on the pull request, oldest first, one entry per verdict given. */
  List<Review> reviews(long number);

  /**
   * Sets the {@link #POLICY_CHECK} status on {@code sha}, replacing the previous one.
   *
   * @param description one line shown beside the status on the forge (shortened to fit)
   * @param targetUrl a link shown with the status (e.g. the Slack approval message); may be null
   */
  void setPolicyStatus(String sha, CommitStatusState state, String description, String targetUrl);

  /** Adds a comment to the pull request's conversation. */
  void comment(long number, String text);

  /**
   * Merges the pull request with the configured merge method, only if its head is still {@code
   * expectedHeadSha}; the forge's protections all apply. Answers the merged pull request, with its
   * merge commit when the forge tells it. A pull request that is merged already (an earlier attempt
   * that crashed before recording it, or a person) is answered as it is, without merging again:
   * compare its {@code headSha()} with what was approved.
   *
   * @throws ForgeException NOT_MERGEABLE when the forge refuses the merge (protection, conflicts),
   *     CONFLICT when the head moved since it was read
   */
  PullRequest merge(long number, String expectedHeadSha);

  /**
   * Comments {@code reason} on the pull request, then closes (declines) it without merging; one
   * that is closed or merged already only gets the comment.
   */
  void close(long number, String reason);
}
