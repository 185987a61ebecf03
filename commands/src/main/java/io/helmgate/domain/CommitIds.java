package io.helmgate.domain;

/** Commit ids as people read them. */
public final class CommitIds {

  private CommitIds() {}

  /** A commit's first seven characters; "?" when there is none. */
  public static String shortId(String commit) {
    return commit == null ? "?" : commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
