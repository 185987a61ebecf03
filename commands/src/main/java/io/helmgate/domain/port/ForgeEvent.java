package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a pull request on the forge, as a verified webhook reported it. Keyed
 * by the head branch: {@code helmgate/R-42} belongs to request R-42, any other branch to no
 * request. A webhook only says that something may have changed; the receiver reads the pull request
 * again through {@link Forge} before acting.
 */
public sealed interface ForgeEvent {

  /** The prefix of every branch Helmgate opens a pull request from. */
  String BRANCH_PREFIX = "helmgate/";

  long number();

  String headBranch();

  /** The request whose branch this is; empty for a branch Helmgate did not make. */
  default Optional<RequestId> requestId() {
    return headBranch().startsWith(BRANCH_PREFIX)
        ? RequestId.parse(headBranch().substring(BRANCH_PREFIX.length()))
        : Optional.empty();
  }

  /** The branch name Helmgate uses for {@code id}'s pull request. */
  static String branchOf(RequestId id) {
    return BRANCH_PREFIX + id;
  }

  /** The pull request was merged (by Helmgate or by a person). */
  record Merged(long number, String headBranch, Optional<String> mergeCommitSha)
      implements ForgeEvent {
    public Merged {
      Objects.requireNonNull(headBranch, "headBranch");
      mergeCommitSha = mergeCommitSha == null ? Optional.empty() : mergeCommitSha;
    }
  }

  /** The pull request was closed (declined) without merging. */
  record Closed(long number, String headBranch) implements ForgeEvent {
    public Closed {
      Objects.requireNonNull(headBranch, "headBranch");
    }
  }

  /** The head branch got new commits (someone pushed to it). */
  record Synchronized(long number, String headBranch, String headSha) implements ForgeEvent {
    public Synchronized {
      Objects.requireNonNull(headBranch, "headBranch");
    }
  }

  /** A reviewer gave a verdict. */
  record ReviewSubmitted(long number, String headBranch, Review review) implements ForgeEvent {
    public ReviewSubmitted {
      Objects.requireNonNull(headBranch, "headBranch");
      Objects.requireNonNull(review, "review");
    }
  }
}
