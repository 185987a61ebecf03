package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.DeployerException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/** What the Argo CD steps share: reading their outputs, naming commits, mapping Argo CD faults. */
final class Argo {

  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{40}");

  private Argo() {}

  /** A commit as people read it. */
  static String shortSha(String commit) {
    return SHA.matcher(commit).matches() ? CommitIds.shortId(commit) : commit;
  }

  /** Whether {@code revision} is a full commit SHA (a pinned revision). */
  static boolean isSha(String revision) {
    return SHA.matcher(revision).matches();
  }

  /**
   * Whether {@code revision} is {@code commit}, or, where the environment allows it, a later commit
   * that contains it.
   */
  static boolean isOurs(
      String revision,
      String commit,
      boolean acceptDescendant,
      BiPredicate<String, String> contains) {
    return revision.equalsIgnoreCase(commit)
        || (acceptDescendant && contains.test(revision, commit));
  }

  /** An instant an earlier run stored, if it stored one. */
  static Optional<Instant> instant(StepContext context, String key) {
    return context.output(key).filter(s -> !s.isEmpty()).map(Instant::parse);
  }

  /**
   * A fault of Argo CD as a step's result: a passing one is retried, a refusal keeps Argo CD's text
   * (with the RBAC line to add, which the adapter already wrote).
   */
  static StepResult fault(DeployerException e) {
    String text = e.getMessage() == null ? e.kind().name() : e.getMessage();
    return e.isTransient() ? new StepResult.Errored(text, true) : StepResult.Failed.because(text);
  }
}
