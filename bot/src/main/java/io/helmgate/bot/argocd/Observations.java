package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.model.Application;
import io.helmgate.bot.argocd.client.model.ApplicationCondition;
import io.helmgate.bot.argocd.client.model.ApplicationSource;
import io.helmgate.bot.argocd.client.model.ApplicationSpec;
import io.helmgate.bot.argocd.client.model.ApplicationStatus;
import io.helmgate.bot.argocd.client.model.Info;
import io.helmgate.bot.argocd.client.model.Operation;
import io.helmgate.bot.argocd.client.model.OperationInitiator;
import io.helmgate.bot.argocd.client.model.OperationState;
import io.helmgate.bot.argocd.client.model.ResourceResult;
import io.helmgate.bot.argocd.client.model.ResourceStatus;
import io.helmgate.bot.argocd.client.model.SyncOperation;
import io.helmgate.bot.argocd.client.model.SyncOperationResult;
import io.helmgate.bot.argocd.client.model.SyncPolicyAutomated;
import io.helmgate.bot.argocd.client.model.SyncStatus;
import io.helmgate.bot.logging.RemoteText;
import io.helmgate.domain.port.AppObservation;
import io.helmgate.domain.port.ApplicationFacts;
import io.helmgate.domain.port.ApplicationFacts.ValuesSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the execution pipeline's facts and observations out of one Application: plain facts, no
 * verdict (whether our change is deployed is the domain's call). Argo CD omits empty fields (Go
 * {@code omitempty}), so every read copes with null.
 */
final class Observations {

  /** A sync result entry for a resource a sync without prune left in place (gitops-engine). */
  private static final String PRUNE_SKIPPED = "PruneSkipped";

  /**
   * Most characters quoted from one of Argo CD's status messages: they are long, and the cause
   * (say, git's "not our ref") comes last.
   */
  static final int MESSAGE_MAX = 1000;

  private Observations() {}

  /** Where the app's values come from and how it syncs ({@code spec} only). */
  static ApplicationFacts facts(ArgoCdAddress address, Application app) {
    SyncPolicyAutomated automated =
        app.getSpec() == null || app.getSpec().getSyncPolicy() == null
            ? null
            : app.getSpec().getSyncPolicy().getAutomated();
    // SyncPolicy.IsAutomatedSyncEnabled (types.go): present and not explicitly disabled.
    boolean autoSync = automated != null && !Boolean.FALSE.equals(automated.getEnabled());
    return new ApplicationFacts(
        address.display(),
        autoSync,
        automated != null && Boolean.TRUE.equals(automated.getPrune()),
        automated != null && Boolean.TRUE.equals(automated.getSelfHeal()),
        valuesSource(app.getSpec()));
  }

  /**
   * The values source: of a multi-source app the {@code ref} source its Helm {@code valueFiles} use
   * (position 1-based); of a single-source app its source when that is git (position 0).
   */
  static Optional<ValuesSource> valuesSource(ApplicationSpec spec) {
    if (Applications.isMultiSource(spec)) {
      OptionalInt position = Applications.valuesSourcePosition(spec);
      if (position.isEmpty()) {
        return Optional.empty();
      }
      ApplicationSource source = spec.getSources().get(position.getAsInt() - 1);
      return Optional.of(
          new ValuesSource(
              position.getAsInt(),
              source.getRepoURL(),
              targetRevision(source.getTargetRevision())));
    }
    if (spec == null || !Applications.isGitSource(spec.getSource())) {
      return Optional.empty();
    }
    return Optional.of(
        new ValuesSource(
            0,
            spec.getSource().getRepoURL(),
            targetRevision(spec.getSource().getTargetRevision())));
  }

  /** One look at the app: operation, what is synced, health. */
  static AppObservation observe(Application app) {
    ApplicationStatus status = app.getStatus();
    int position = valuesSource(app.getSpec()).map(ValuesSource::position).orElse(-1);
    OperationState state = status == null ? null : status.getOperationState();
    Operation pending = app.getOperation();
    // Requested or running: the server clears operationState when it sets operation
    // (util/argo/argo.go SetAppOperation), so a state written for another operation is stale.
    OperationState reported =
        state == null
                || state.getOperation() == null
                || (pending != null && !sameOperation(state.getOperation(), pending))
            ? null
            : state;
    Optional<AppObservation.Operation> operation =
        reported != null
            ? Optional.of(fromState(reported, position))
            : Optional.ofNullable(pending).map(op -> requested(op, position));
    SyncStatus sync = status == null ? null : status.getSync();
    return new AppObservation(
        operation,
        pending != null,
        Applications.orUnknown(sync == null ? null : sync.getStatus()),
        sync == null
            ? Optional.empty()
            : revisionAt(sync.getRevision(), sync.getRevisions(), position),
        Applications.orUnknown(
            status == null || status.getHealth() == null ? null : status.getHealth().getStatus()),
        said(status == null || status.getHealth() == null ? null : status.getHealth().getMessage()),
        conditions(status),
        Optional.ofNullable(status == null ? null : Applications.instant(status.getReconciledAt())),
        awaitingPrune(status, reported));
  }

  /** The {@code helmgate-request} info of an operation: Helmgate's marker. */
  static Optional<String> marker(Operation operation) {
    return Optional.ofNullable(
        operation == null
            ? null
            : Applications.info(operation.getInfo(), ArgoCdDeployer.INFO_REQUEST));
  }

  /** The operation of a requested sync that the controller has not started yet. */
  private static AppObservation.Operation requested(Operation operation, int position) {
    return new AppObservation.Operation(
        marker(operation),
        automated(operation),
        Applications.initiator(operation.getInitiatedBy()),
        Optional.empty(),
        "",
        Optional.empty(),
        Optional.empty(),
        requestedRevision(operation.getSync(), position));
  }

  private static AppObservation.Operation fromState(OperationState state, int position) {
    Operation operation = state.getOperation();
    SyncOperationResult result = state.getSyncResult();
    Optional<String> synced =
        result == null
            ? Optional.empty()
            : revisionAt(result.getRevision(), result.getRevisions(), position);
    return new AppObservation.Operation(
        marker(operation),
        automated(operation),
        Applications.initiator(operation == null ? null : operation.getInitiatedBy()),
        Optional.ofNullable(blankToNull(state.getPhase())),
        said(state.getMessage()),
        Optional.ofNullable(Applications.instant(state.getStartedAt())),
        Optional.ofNullable(Applications.instant(state.getFinishedAt())),
        synced.isPresent()
            ? synced
            : requestedRevision(operation == null ? null : operation.getSync(), position));
  }

  /**
   * The same operation: the controller copies {@code operation} into the state it starts
   * (controller/appcontroller.go processRequestedAppOperation); a retry may drop its revisions,
   * never its info or initiator.
   */
  private static boolean sameOperation(Operation recorded, Operation requested) {
    if (recorded == null) {
      return false;
    }
    return Objects.equals(infos(recorded.getInfo()), infos(requested.getInfo()))
        && Objects.equals(
            initiator(recorded.getInitiatedBy()), initiator(requested.getInitiatedBy()));
  }

  private static List<String> infos(List<Info> infos) {
    return infos == null
        ? List.of()
        : infos.stream()
            .filter(Objects::nonNull)
            .map(i -> i.getName() + "=" + i.getValue())
            .toList();
  }

  private static String initiator(OperationInitiator by) {
    return by == null
        ? ""
        : Objects.toString(by.getUsername(), "") + "/" + Boolean.TRUE.equals(by.getAutomated());
  }

  private static boolean automated(Operation operation) {
    return operation != null
        && operation.getInitiatedBy() != null
        && Boolean.TRUE.equals(operation.getInitiatedBy().getAutomated());
  }

  private static Optional<String> requestedRevision(SyncOperation sync, int position) {
    return sync == null
        ? Optional.empty()
        : revisionAt(sync.getRevision(), sync.getRevisions(), position);
  }

  /**
   * The revision of the values source: {@code revision} of a single-source object, {@code
   * revisions[position-1]} of a multi-source one; empty when there is none or no values source.
   */
  static Optional<String> revisionAt(String single, List<String> multiple, int position) {
    if (position < 0) {
      return Optional.empty();
    }
    if (position == 0) {
      return Optional.ofNullable(blankToNull(single));
    }
    if (multiple == null || multiple.size() < position) {
      return Optional.empty();
    }
    return Optional.ofNullable(blankToNull(multiple.get(position - 1)));
  }

  private static List<AppObservation.Condition> conditions(ApplicationStatus status) {
    if (status == null || status.getConditions() == null) {
      return List.of();
    }
    return status.getConditions().stream()
        .filter(Objects::nonNull)
        .map(Observations::condition)
        .toList();
  }

  private static AppObservation.Condition condition(ApplicationCondition c) {
    return new AppObservation.Condition(Applications.orUnknown(c.getType()), said(c.getMessage()));
  }

  /**
   * Argo CD's own words, made safe to quote ({@code ""} when there are none): the domain puts them
   * into Slack threads, the audit trail and logs, and Argo CD passes on what hooks wrote.
   */
  private static String said(String message) {
    return message == null || message.isBlank() ? "" : RemoteText.summary(message, MESSAGE_MAX);
  }

  /**
   * Resources left in the cluster that only a sync with prune deletes: those the last comparison
   * marks {@code requiresPruning}, and those the operation skipped ({@code PruneSkipped}), which
   * the comparison marks only once the controller has reconciled after it.
   */
  private static int awaitingPrune(ApplicationStatus status, OperationState state) {
    Set<String> keys = new TreeSet<>();
    if (status != null && status.getResources() != null) {
      for (ResourceStatus r : status.getResources()) {
        if (r != null && Boolean.TRUE.equals(r.getRequiresPruning())) {
          keys.add(key(r.getGroup(), r.getKind(), r.getNamespace(), r.getName()));
        }
      }
    }
    if (state != null
        && state.getSyncResult() != null
        && state.getSyncResult().getResources() != null) {
      for (ResourceResult r : state.getSyncResult().getResources()) {
        if (r != null && PRUNE_SKIPPED.equals(r.getStatus())) {
          keys.add(key(r.getGroup(), r.getKind(), r.getNamespace(), r.getName()));
        }
      }
    }
    return keys.size();
  }

  private static String key(String group, String kind, String namespace, String name) {
    return Objects.toString(group, "")
        + "/"
        + Objects.toString(kind, "")
        + "/"
        + Objects.toString(namespace, "")
        + "/"
        + Objects.toString(name, "");
  }

  /** An empty targetRevision means HEAD (application.go, {@code text.FirstNonEmpty}). */
  private static String targetRevision(String revision) {
    return revision == null || revision.isBlank() ? "HEAD" : revision;
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
