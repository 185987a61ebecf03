package io.helmgate.domain.execution;

/** Small pieces of text the steps share. */
final class Texts {

  private Texts() {}

  /** A commit's first seven characters, as people read them. */
  static String shortId(String commit) {
    return commit == null ? "?" : commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
