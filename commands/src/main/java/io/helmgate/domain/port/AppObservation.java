package io.helmgate.domain.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One look at an Argo CD Application, as the execution needs it: the current or last operation,
 * what is synced, and health. Plain facts; whether our change is deployed is the domain's call.
 *
 * @param operation the operation in progress, or else the last one recorded ({@code
 *     status.operationState}); empty when Argo CD reports none. A sync request clears the previous
 *     state, so right after it this is the requested operation, with no phase yet
 * @param operationPending the top-level {@code operation} is set: requested or still running
 * @param syncStatus {@code Synced}, {@code OutOfSync} or {@code Unknown} (the last comparison
 *     failed, see {@code conditions})
 * @param valuesRevision the revision {@code status.sync} reports for the values source: what the
 *     values source's target revision resolved to at the last comparison, not what was deployed;
 *     with {@code Synced} it is also what runs. Empty when the values source is not known
 * @param health {@code Healthy}, {@code Progressing}, {@code Degraded}, {@code Suspended}, {@code
 *     Missing} or {@code Unknown}
 * @param reconciledAt when the controller last compared the app ({@code status.reconciledAt}), on
 *     the controller's clock; sync and health describe the state before an operation until this is
 *     not before its {@code finishedAt}
 * @param awaitingPrune resources left in the cluster that a sync without prune does not delete:
 *     those the comparison marks {@code requiresPruning}, and those the reported operation skipped
 *     ({@code PruneSkipped})
 */
public record AppObservation(
    Optional<Operation> operation,
    boolean operationPending,
    String syncStatus,
    Optional<String> valuesRevision,
    String health,
    String healthMessage,
    List<Condition> conditions,
    Optional<Instant> reconciledAt,
    int awaitingPrune) {

  public AppObservation {
    conditions = List.copyOf(conditions);
  }

  /**
   * An operation.
   *
   * @param marker the {@code helmgate-request} info it carries, if any (never on Argo CD's own)
   * @param automated started by Argo CD itself (auto-sync, self-heal)
   * @param initiatedBy the token's subject that asked for it, or {@code auto-sync}
   * @param phase {@code Running}, {@code Terminating}, {@code Failed}, {@code Error} or {@code
   *     Succeeded}; empty while it is requested but not yet started
   * @param startedAt on the controller's clock, which may differ from the bot's
   * @param valuesRevision the revision of the values source it synced (or is syncing), resolved to
   *     a commit by Argo CD when the sync was requested
   */
  public record Operation(
      Optional<String> marker,
      boolean automated,
      String initiatedBy,
      Optional<String> phase,
      String message,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      Optional<String> valuesRevision) {}

  /** A condition such as {@code ComparisonError} or {@code SyncError}. */
  public record Condition(String type, String message) {}
}
