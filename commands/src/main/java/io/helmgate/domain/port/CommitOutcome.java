package io.helmgate.domain.port;

/** What happened to a {@link ValuesCommit}. Faults are exceptions, not outcomes. */
public sealed interface CommitOutcome {

  /** Committed and pushed. {@code pushAttempts} is 1 when the first push landed. */
  record Committed(String commitId, int pushAttempts) implements CommitOutcome {}

  /** The file changed since the approved base; nothing was committed. */
  record Stale(String currentBase) implements CommitOutcome {}

  /** The new content equals the current content; nothing was committed. */
  record Unchanged() implements CommitOutcome {}
}
