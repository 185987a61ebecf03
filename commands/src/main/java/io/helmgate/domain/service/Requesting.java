package io.helmgate.domain.service;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command;
import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.RequestContext;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.UnknownTargetException;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.NewRequest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.Transition;
import io.helmgate.domain.request.UndoneCommit;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValuesDocumentException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs {@code /deploy} and {@code /rollback}: asks the policy, computes the change against the
 * values repository, checks secrets, and stores the request with its decision. Nothing is committed
 * here; execution starts once the request's message is posted (see {@link RequestService}).
 */
final class Requesting {

  private final Ports ports;
  private final Policy policy;
  private final Audit audit;
  private final Changes changes;
  private final Preflights preflights;
  private final Redaction redaction;
  private final ArtifactPreflight artifacts;
  private final Set<String> approvalChannels;

  Requesting(
      Ports ports,
      Policy policy,
      Audit audit,
      Changes changes,
      Preflights preflights,
      Redaction redaction,
      ArtifactPreflight artifacts,
      Set<String> approvalChannels) {
    this.approvalChannels = Set.copyOf(approvalChannels);
    this.artifacts = artifacts;
    this.redaction = redaction;
    this.ports = ports;
    this.policy = policy;
    this.audit = audit;
    this.changes = changes;
    this.preflights = preflights;
  }

  Outcome deploy(Command.Deploy command, Caller caller, Actor actor) {
    Instant now = ports.clock().instant();
    Target target = command.target();
    RequestKind kind = command.kind();
    Decision decision =
        policy.mayRequest(
            actor,
            context(target, kind, command.reason(), command.breakGlass(), command.at(), now));
    if (decision.isDenied()) {
      return refused(caller, target, command, decision);
    }
    try {
      ValuesFile file = ports.values().read(target);
      ChangeSet change = ChangeSet.NONE;
      String newContent = file.content();
      if (kind == RequestKind.DEPLOY) {
        Changes.Computed computed =
            command.from().isPresent()
                ? changes.promotion(
                    file, ports.values().read(target.withEnvironment(command.from().get())))
                : changes.explicit(file, command.values());
        Decision keys = policy.mayChangeKeys(target, computed.keys(), computed.newKeys());
        if (keys.isDenied()) {
          return refused(caller, target, command, keys);
        }
        change = computed.change().effective();
        if (change.isEmpty()) {
          return new Outcome.Invalid(
              target
                  + " already has "
                  + computed.change().changes().stream()
                      .map(c -> c.key() + " " + c.newValue())
                      .reduce((a, b) -> a + ", " + b)
                      .orElse("these values")
                  + "; nothing to deploy. To sync it as it is, type `/deploy "
                  + target
                  + "`.");
        }
        newContent = changes.apply(file, change);
      }
      return open(
          caller,
          actor,
          decision,
          audit.line(command),
          new Draft(
              kind,
              target,
              command.reason(),
              command.from(),
              Optional.empty(),
              change,
              file.lastChangeCommit(),
              newContent,
              command.at(),
              command.breakGlass(),
              List.of()),
          now);
    } catch (UnknownTargetException e) {
      return new Outcome.Invalid(e.getMessage());
    } catch (ValuesDocumentException e) {
      return new Outcome.Invalid(
          "The values file of " + target + " cannot be edited: " + e.getMessage());
    } catch (Changes.ChangeException e) {
      return new Outcome.Invalid(e.getMessage());
    } catch (ValuesRepositoryException e) {
      audit.fault(caller.user(), Optional.of(target), audit.line(command), e.getMessage());
      return new Outcome.Error(
          "The values repository failed: " + e.getMessage() + " Nothing was changed.");
    }
  }

  /** {@code /rollback <app> <env> history}: the changes one could roll back; only reads. */
  Outcome rollbackHistory(Command.RollbackHistory command, Caller caller, Actor actor) {
    Target target = command.target();
    try {
      ports.values().read(target);
      return new Outcome.RollbackChoices(target, ports.values().history(target, 10));
    } catch (UnknownTargetException e) {
      return new Outcome.Invalid(e.getMessage());
    } catch (ValuesRepositoryException e) {
      return new Outcome.Error("The values repository failed: " + e.getMessage());
    }
  }

  Outcome rollback(Command.Rollback command, Caller caller, Actor actor) {
    Instant now = ports.clock().instant();
    Target target = command.target();
    Decision decision =
        policy.mayRequest(
            actor,
            context(
                target,
                RequestKind.ROLLBACK,
                command.reason(),
                command.breakGlass(),
                Optional.empty(),
                now));
    if (decision.isDenied()) {
      return refused(caller, target, command, decision);
    }
    try {
      ValuesFile file = ports.values().read(target);
      String to;
      List<String> bindings = List.of();
      if (command.to().isPresent()) {
        to = command.to().get();
      } else {
        // like `helm rollback RELEASE`: one step back, i.e. undo the file's latest change
        Optional<ValuesHistoryEntry> latest =
            ports.values().history(target, 1).stream().findFirst();
        Optional<String> parent = latest.flatMap(ValuesHistoryEntry::parent);
        if (latest.isEmpty()
            || parent.isEmpty()
            || ports.values().readAt(target, parent.get()).isEmpty()) {
          return new Outcome.Invalid(
              "`"
                  + target.valuesPath()
                  + "` has no earlier version"
                  + latest
                      .map(e -> ": commit `" + CommitIds.shortId(e.commit()) + "` created it")
                      .orElse("")
                  + ", so there is nothing to roll back to. Set the values you need with `/deploy "
                  + target
                  + " <key>=<value>`.");
        }
        ValuesHistoryEntry undone = latest.get();
        to = parent.get();
        bindings =
            List.of(
                new UndoneCommit(
                        undone.commit(),
                        undone.time(),
                        undone.trailer(Trailer.REQUESTED_BY).orElse(undone.author()),
                        undone.subject())
                    .binding());
      }
      Optional<String> restored = ports.values().readAt(target, to);
      if (restored.isEmpty()) {
        return new Outcome.Invalid(
            "`"
                + target.valuesPath()
                + "` did not exist at commit `"
                + to
                + "`; pick a commit from `/rollback "
                + target
                + " history`.");
      }
      if (restored.get().equals(file.content())) {
        return new Outcome.Invalid(
            target + " already has the values of commit `" + to + "`; nothing to roll back.");
      }
      ChangeSet change = changes.difference(file.content(), restored.get(), redaction);
      return open(
          caller,
          actor,
          decision,
          audit.line(command),
          new Draft(
              RequestKind.ROLLBACK,
              target,
              command.reason(),
              Optional.empty(),
              Optional.of(to),
              change,
              file.lastChangeCommit(),
              restored.get(),
              Optional.empty(),
              command.breakGlass(),
              bindings),
          now);
    } catch (UnknownTargetException e) {
      return new Outcome.Invalid(e.getMessage());
    } catch (ValuesRepositoryException e) {
      audit.fault(caller.user(), Optional.of(target), audit.line(command), e.getMessage());
      return new Outcome.Error(
          "The values repository failed: " + e.getMessage() + " Nothing was changed.");
    }
  }

  /** A request about to be made. */
  record Draft(
      RequestKind kind,
      Target target,
      Optional<String> reason,
      Optional<String> source,
      Optional<String> restoreFrom,
      ChangeSet change,
      String baseCommit,
      String newContent,
      Optional<Instant> at,
      boolean breakGlass,
      List<String> bindings) {}

  private Outcome open(
      Caller caller, Actor actor, Decision decision, String commandLine, Draft draft, Instant now) {
    String env = draft.target().environment();
    Decision placement =
        policy.mayAskForApprovalFrom(
            env,
            // Break-glass skips approval, not visibility: it is announced where approvers look.
            decision.needsApproval() || draft.breakGlass(),
            caller.direct(),
            approvalChannels);
    if (placement.isDenied()) {
      audit.refused(caller.user(), Optional.of(draft.target()), commandLine, placement);
      return new Outcome.Denied(placement);
    }
    ScheduleDecision schedule =
        policy.schedule(draft.target(), draft.at(), draft.breakGlass(), now);
    if (schedule.isDenied()) {
      Decision refusal = Decision.denied(schedule.rule(), schedule.message());
      audit.refused(caller.user(), Optional.of(draft.target()), commandLine, refusal);
      return new Outcome.Denied(refusal);
    }
    Preflight preflight = preflights.check(draft.target(), draft.newContent());
    Optional<String> blocked = preflights.blocks(draft.target(), preflight);
    if (blocked.isPresent()) {
      Decision refusal = Decision.denied("secret-preflight", blocked.get());
      audit.refused(caller.user(), Optional.of(draft.target()), commandLine, refusal);
      return new Outcome.Denied(refusal);
    }
    ArtifactPreflight.Result resolved = artifacts.check(draft.change(), draft.newContent());
    Optional<String> missing = artifacts.blocks(draft.target(), resolved);
    if (missing.isPresent()) {
      Decision refusal = Decision.denied("artifact-preflight", missing.get());
      audit.refused(caller.user(), Optional.of(draft.target()), commandLine, refusal);
      return new Outcome.Denied(refusal);
    }
    int approvals = decision.needsApproval() ? decision.approvalsRequired() : 0;
    NewRequest spec =
        new NewRequest(
            ports.requests().nextId(),
            draft.kind(),
            draft.target(),
            actor.user(),
            draft.reason(),
            draft.source(),
            draft.restoreFrom(),
            draft.change(),
            draft.baseCommit(),
            schedule.runAt(),
            draft.breakGlass(),
            Stream.concat(draft.bindings().stream(), resolved.bindings().stream()).toList());
    Transition.Moved opened =
        RequestLifecycle.open(
            spec,
            approvals,
            policy.config().rulesFor(draft.target().environment()).approvalTtl(),
            now,
            redaction);
    List<AuditEvent> events = new ArrayList<>(opened.events());
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("command", commandLine);
    detail.put("rule", decision.rule());
    detail.put("verdict", decision.verdict().name());
    detail.put("message", decision.message());
    detail.put("schedule", schedule.toString());
    detail.put("preflight", preflight.status() + ": " + preflight.message());
    detail.put("artifacts", resolved.summary());
    detail.put("conversation", String.valueOf(caller.conversation()));
    events.add(AuditEvent.of(AuditEvent.Type.DECIDED, now, opened.request(), actor.user(), detail));
    Request stored = ports.requests().insert(opened.request(), events);
    return new Outcome.RequestOpened(stored, decision, schedule, preflight);
  }

  private Outcome refused(Caller caller, Target target, Command command, Decision decision) {
    audit.refused(caller.user(), Optional.of(target), audit.line(command), decision);
    return new Outcome.Denied(decision);
  }

  private RequestContext context(
      Target target,
      RequestKind kind,
      Optional<String> reason,
      boolean breakGlass,
      Optional<Instant> at,
      Instant now) {
    return new RequestContext(
        target,
        kind,
        reason,
        breakGlass,
        at,
        ports.locks().find(target).filter(lock -> lock.activeAt(now)),
        now);
  }
}
