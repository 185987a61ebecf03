package io.helmgate.domain.port;

import java.util.Objects;

/**
 * What Helmgate asks the forge to open: a pull request from {@code headBranch} (e.g. {@code
 * helmgate/R-42}) into {@code baseBranch}, with a title and a Markdown body.
 */
public record PullRequestDraft(String headBranch, String baseBranch, String title, String body) {

  public PullRequestDraft {
    Objects.requireNonNull(headBranch, "headBranch");
    Objects.requireNonNull(baseBranch, "baseBranch");
    Objects.requireNonNull(title, "title");
    body = body == null ? "" : body;
    if (headBranch.equals(baseBranch)) {
      throw new IllegalArgumentException("a pull request needs a head branch other than its base");
    }
  }
}
