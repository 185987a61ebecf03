package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import java.util.List;
import java.util.Optional;

/**
 * The Ops values repository, laid out as {@code {customer}/{product}/{environment}/values.yaml}.
 * Works on whole file contents; editing YAML is the domain's job ({@code values.ValuesDocument}).
 *
 * <p>Every method throws {@link ValuesRepositoryException} for a fault (remote down, credentials
 * refused, corrupt clone) and {@link UnknownTargetException} for an environment that does not
 * exist. Implementations leave nothing half-done: a failed commit leaves no trace.
 */
public interface ValuesRepository {

  /** Every environment found at the branch head, sorted. */
  List<Target> environments();

  /** The values file of one environment at the branch head. */
  ValuesFile read(Target target);

  /** The file's content at a given commit; empty when the file did not exist there. */
  Optional<String> readAt(Target target, String commit);

  /** The latest changes of one environment's values file, newest first. */
  List<ValuesHistoryEntry> history(Target target, int limit);

  /**
   * Commits new content for one values file and pushes it. If the file's last change is no longer
   * {@link ValuesCommit#expectedBase()}, nothing is committed and {@link CommitOutcome.Stale} is
   * returned. Never force-pushes.
   */
  CommitOutcome commit(ValuesCommit commit);

  /**
   * Pull-request mode: commits new content for one values file, with the same message and trailers
   * as {@link #commit}, on a branch {@code branch} (such as {@code helmgate/R-42}) created from the
   * values branch's head, and pushes that branch; the values branch itself is never written. Stale
   * and unchanged are decided as {@link #commit} decides them. Safe to repeat: when {@code branch}
   * exists already with a commit of the same request ({@code Helmgate-Request} trailer) at its tip,
   * that commit is answered ({@code pushAttempts} 0) and nothing is pushed. Never force-pushes.
   */
  default CommitOutcome commitToBranch(String branch, ValuesCommit commit) {
    throw new ValuesRepositoryException(
        "this values repository cannot push a branch for a pull request");
  }

  /**
   * Pull-request mode, when the values branch moved under an open pull request: commits {@code
   * commit} anew on the values branch's current head and moves {@code branch} to that commit, only
   * if {@code branch} is still at {@code expectedTip}: a compare-and-swap on the remote ref, so a
   * branch someone else pushed to is never moved. Stale when the values file changed on the values
   * branch since {@link ValuesCommit#expectedBase()}, Unchanged when the change is already on the
   * values branch, Committed (the new tip) otherwise. Safe to repeat: when the branch is already at
   * the same change on the same head (an earlier run whose answer was lost), that commit is
   * answered ({@code pushAttempts} 0).
   *
   * @throws ValuesRepositoryException when the branch is not at {@code expectedTip} (someone pushed
   *     to it) or the push is refused
   */
  default CommitOutcome rebaseBranch(String branch, String expectedTip, ValuesCommit commit) {
    throw new ValuesRepositoryException(
        "this values repository cannot rebase a branch for a pull request");
  }

  /**
   * Whether {@code descendant} is {@code commit} or a later commit that contains it (its history
   * reaches {@code commit}); false when either is unknown. Lets "Argo CD deployed a later commit of
   * the branch" count as our commit deployed, where the operator allows it.
   */
  default boolean contains(String descendant, String commit) {
    return descendant != null && descendant.equalsIgnoreCase(commit);
  }
}
