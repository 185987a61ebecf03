package io.helmgate.bot.testsupport.argocd;

/** What part of Argo CD (or what it depends on) the stand-in takes down. */
public enum Outage {
  /**
   * argocd-repo-server cannot be reached. A sync whose revisions need resolving answers 400, code
   * 9, "error resolving repo revision: rpc error: code = Unavailable …" (a git source pinned to a
   * full SHA is not resolved, so its sync is accepted); comparisons fail with a {@code
   * ComparisonError} and sync status Unknown; an operation that runs into it ends in phase Error.
   */
  REPO_SERVER,
  /**
   * The git host does not answer: resolving a branch or tag answers 400, code 9, "… failed to list
   * refs: … connect: connection refused"; comparisons fail as for {@link #REPO_SERVER}.
   */
  GIT_HOST,
  /** argocd-server is down behind its ingress: every call answers 503 with the ingress's HTML. */
  API_SERVER,
  /** Nothing answers: every connection is closed without a response. */
  CONNECTION
}
