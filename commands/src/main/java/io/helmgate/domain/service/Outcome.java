package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.policy.PolicyDescription;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.Request;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a command or click produced, for the chat adapter to render. A refusal for the user ({@link
 * Denied}, {@link Invalid}) is kept apart from a system fault ({@link Error}); each success has its
 * own type, rendered by its own renderer.
 */
public sealed interface Outcome {

  /** The policy said no; the decision names the rule and says why. */
  record Denied(Decision decision) implements Outcome {}

  /** The input cannot be acted on (bad syntax, unknown environment, nothing to change). */
  record Invalid(String message) implements Outcome {}

  /**
   * Something outside Helmgate failed; nothing was changed, or the request records how far it got.
   */
  record Error(String message) implements Outcome {}

  /** The help text. */
  record Help(String text) implements Outcome {}

  /** {@code /deploy} with no text: open the form. */
  record OpenForm() implements Outcome {}

  /**
   * A request was made: it waits for approval, waits for its time, or runs as soon as its message
   * is posted.
   */
  record RequestOpened(
      Request request, Decision decision, ScheduleDecision schedule, Preflight preflight)
      implements Outcome {}

  /** A click or command changed a request (approved, rejected, cancelled). */
  record RequestUpdated(Request request, String message) implements Outcome {}

  /** {@code /deploy status}: one entry per environment. */
  record StatusReport(String app, List<EnvironmentStatus> environments) implements Outcome {}

  /** One environment's state for {@code /deploy status}. */
  record EnvironmentStatus(
      Target target,
      Map<String, String> promotableValues,
      Optional<DeploymentStatus> deployment,
      Optional<String> deploymentProblem,
      Optional<ValuesHistoryEntry> lastChange,
      Optional<Lock> lock,
      Optional<Request> nextScheduled,
      Optional<CertificateStatus> certificate) {

    /** Without a certificate line: checks are off or the environment names no ingress host. */
    public EnvironmentStatus(
        Target target,
        Map<String, String> promotableValues,
        Optional<DeploymentStatus> deployment,
        Optional<String> deploymentProblem,
        Optional<ValuesHistoryEntry> lastChange,
        Optional<Lock> lock,
        Optional<Request> nextScheduled) {
      this(
          target,
          promotableValues,
          deployment,
          deploymentProblem,
          lastChange,
          lock,
          nextScheduled,
          Optional.empty());
    }
  }

  /** {@code /deploy pending}: open requests the user may act on, and upcoming changes. */
  record PendingList(List<Request> awaitingYou, List<Request> yours, List<Request> scheduled)
      implements Outcome {}

  /** {@code /rollback <app> <env> history}: the changes one could roll back. */
  record RollbackChoices(Target target, List<ValuesHistoryEntry> changes) implements Outcome {}

  /** An environment was locked. */
  record Locked(Lock lock) implements Outcome {}

  /** An environment was unlocked. */
  record Unlocked(Target target, String message) implements Outcome {}

  /** {@code /deploy audit}: the entries in scope and the state of the whole chain. */
  record AuditReport(
      String scope, List<AuditTrail.AuditEntry> entries, AuditTrail.Verification verification)
      implements Outcome {}

  /** {@code /deploy evidence R-42}: everything an auditor asks about one request. */
  record Evidence(
      Request request,
      List<AuditTrail.AuditEntry> entries,
      Optional<ValuesHistoryEntry> commit,
      AuditTrail.Verification verification)
      implements Outcome {}

  /** {@code /deploy sod-report}: where separation of duties is at risk. */
  record SodReport(
      List<String> conflictingUsers,
      List<String> approvalsByFormerRoleHolders,
      List<Request> breakGlass)
      implements Outcome {}

  /**
   * {@code /deploy policy [<env>]}: the effective rules, from the same description start-up logs;
   * one environment entry when one was asked for.
   */
  record PolicyReport(PolicyDescription policy) implements Outcome {}
}
