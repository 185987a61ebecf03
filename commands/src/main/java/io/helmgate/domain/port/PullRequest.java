package io.helmgate.domain.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A pull request (GitHub), merge request (GitLab) or pull request (Bitbucket) as the forge reports
 * it.
 *
 * @param number the number people see and the API takes: GitHub's number, GitLab's iid, Bitbucket's
 *     id
 * @param url the page people open in a browser
 * @param headSha the commit at the tip of the head branch
 * @param mergeable whether the forge sees the head merge without conflict into the base; UNKNOWN
 *     while the forge is still computing it
 * @param mergeCommitSha the commit the merge made on the base branch, once merged and if the forge
 *     says
 */
public record PullRequest(
    long number,
    String url,
    State state,
    String headSha,
    String headBranch,
    String baseBranch,
    Mergeable mergeable,
    Optional<String> mergeCommitSha) {

  public PullRequest {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(mergeable, "mergeable");
    mergeCommitSha = mergeCommitSha == null ? Optional.empty() : mergeCommitSha;
  }

  /** Where a pull request is in its life. */
  public enum State {
    OPEN,
    MERGED,
    /** Closed without merging (GitLab: closed; Bitbucket: declined). */
    CLOSED
  }

  /** Whether the head merges cleanly into the base, as far as the forge knows. */
  public enum Mergeable {
    YES,
    NO,
    UNKNOWN
  }
}
