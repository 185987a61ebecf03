package io.helmgate.domain.service;

import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command;
import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.ApprovalContext;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.policy.RoleResolver;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.DeployerException;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.Approval;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValuesDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The read-only commands: status, pending, audit, evidence, the separation-of-duties report and the
 * effective policy.
 */
final class Reading {

  private static final List<RequestState> OPEN =
      List.of(RequestState.PENDING_APPROVAL, RequestState.APPROVED, RequestState.SCHEDULED);

  private final Ports ports;
  private final Policy policy;
  private final RoleResolver roles;
  private final Redaction redaction;
  private final Optional<Certificates> certificates;

  Reading(Ports ports, Policy policy, Redaction redaction) {
    this(ports, policy, redaction, Optional.empty());
  }

  Reading(Ports ports, Policy policy, Redaction redaction, Optional<Certificates> certificates) {
    this.ports = ports;
    this.policy = policy;
    this.roles = new RoleResolver(policy.config());
    this.redaction = redaction;
    this.certificates = certificates;
  }

  Outcome status(Command.Status command, Caller caller, Actor actor) {
    String app = command.customer() + "/" + command.product();
    List<Target> targets;
    try {
      List<Target> all = ports.values().environments();
      targets =
          all.stream()
              .filter(
                  t ->
                      t.customer().equals(command.customer())
                          && t.product().equals(command.product()))
              .filter(t -> command.environment().map(t.environment()::equals).orElse(true))
              .toList();
      if (targets.isEmpty()) {
        String known =
            command.environment().isPresent()
                ? all.stream()
                    .filter(t -> t.app().equals(app))
                    .map(Target::environment)
                    .collect(Collectors.joining(", "))
                : all.stream().map(Target::app).distinct().collect(Collectors.joining(", "));
        return new Outcome.Invalid(
            "No such "
                + (command.environment().isPresent() ? "environment of " + app : "product")
                + "; known: "
                + (known.isEmpty() ? "(none)" : known)
                + ".");
      }
    } catch (ValuesRepositoryException e) {
      return new Outcome.Error("The values repository failed: " + e.getMessage());
    }
    List<Outcome.EnvironmentStatus> environments = new ArrayList<>();
    List<Request> scheduled = ports.requests().findByState(List.of(RequestState.SCHEDULED));
    for (Target target : targets) {
      environments.add(environmentStatus(target, scheduled));
    }
    return new Outcome.StatusReport(app, environments);
  }

  private Outcome.EnvironmentStatus environmentStatus(Target target, List<Request> scheduled) {
    Map<String, String> values = new LinkedHashMap<>();
    Optional<ValuesHistoryEntry> last = Optional.empty();
    Optional<ValuesDocument> document = Optional.empty();
    try {
      ValuesFile file = ports.values().read(target);
      ValuesDocument doc = ValuesDocument.parse(file.content());
      document = Optional.of(doc);
      for (KeyPath key : policy.config().promotableKeys(target.customer(), target.product())) {
        values.put(
            key.toString(), doc.get(key).map(v -> redaction.show(key, v)).orElse("(not set)"));
      }
      last = ports.values().history(target, 1).stream().findFirst();
    } catch (RuntimeException e) {
      values.put("(values)", "unreadable: " + e.getMessage());
    }
    Optional<DeploymentStatus> deployment = Optional.empty();
    Optional<String> problem = Optional.empty();
    if (ports.deployer().isConfigured()) {
      try {
        deployment = Optional.of(ports.deployer().status(target));
      } catch (DeployerException e) {
        problem = Optional.of(e.getMessage());
      }
    } else {
      problem = Optional.of("ArgoCD is not configured");
    }
    Instant now = ports.clock().instant();
    return new Outcome.EnvironmentStatus(
        target,
        values,
        deployment,
        problem,
        last,
        ports.locks().find(target).filter(l -> l.activeAt(now)),
        scheduled.stream().filter(r -> r.target().equals(target)).findFirst(),
        certificateOf(target, document));
  }

  /** From the last stored check: a status reply never waits for a TLS handshake. */
  private Optional<CertificateStatus> certificateOf(
      Target target, Optional<ValuesDocument> document) {
    return certificates.flatMap(c -> c.status(target, document));
  }

  Outcome pending(Command.Pending command, Caller caller, Actor actor) {
    List<Request> open = ports.requests().findByState(OPEN);
    Instant now = ports.clock().instant();
    List<Request> awaiting =
        open.stream()
            .filter(r -> r.state() == RequestState.PENDING_APPROVAL)
            .filter(
                r ->
                    !policy
                        .mayApprove(
                            actor,
                            new ApprovalContext(
                                r.target(),
                                r.requester(),
                                r.approvals().stream()
                                    .map(a -> a.approver().id())
                                    .collect(Collectors.toSet()),
                                now,
                                true))
                        .isDenied())
            .toList();
    List<Request> yours =
        open.stream().filter(r -> r.requester().id().equals(actor.user().id())).toList();
    List<Request> scheduled =
        open.stream().filter(r -> r.state() == RequestState.SCHEDULED).toList();
    return new Outcome.PendingList(awaiting, yours, scheduled);
  }

  Outcome audit(Command.Audit command, Caller caller, Actor actor) {
    Decision decision = policy.mayAudit(actor);
    if (decision.isDenied()) {
      return new Outcome.Denied(decision);
    }
    String scope =
        command.customer()
            + "/"
            + command.product()
            + command.environment().map(e -> "/" + e).orElse("");
    Optional<Instant> since =
        command.since().map(d -> d.atStartOfDay(policy.config().defaultZone()).toInstant());
    List<AuditTrail.AuditEntry> entries =
        ports.audit().entries(new AuditTrail.Query(Optional.of(scope), Optional.empty(), since));
    return new Outcome.AuditReport(scope, entries, ports.audit().verify());
  }

  Outcome evidence(Command.Evidence command, Caller caller, Actor actor) {
    Decision decision = policy.mayAudit(actor);
    if (decision.isDenied()) {
      return new Outcome.Denied(decision);
    }
    Optional<Request> request = ports.requests().find(command.id());
    if (request.isEmpty()) {
      return new Outcome.Invalid("There is no request " + command.id() + ".");
    }
    Optional<ValuesHistoryEntry> commit = Optional.empty();
    if (request.get().commitId().isPresent()) {
      try {
        commit =
            ports.values().history(request.get().target(), 50).stream()
                .filter(e -> e.commit().equals(request.get().commitId().get()))
                .findFirst();
      } catch (ValuesRepositoryException e) {
        // the evidence still stands on the stored request and trail; the commit is named there
      }
    }
    return new Outcome.Evidence(
        request.get(),
        ports.audit().entries(AuditTrail.Query.request(command.id())),
        commit,
        ports.audit().verify());
  }

  /**
   * Anyone who may read sees the policy ({@code reader}, asked before every command): who may
   * approve is no secret, and a reviewer reads it here instead of the YAML.
   */
  Outcome policy(Command.ShowPolicy command, Caller caller, Actor actor) {
    PolicyConfig config = policy.config();
    return new Outcome.PolicyReport(
        command.environment().map(config::description).orElseGet(config::description));
  }

  Outcome sodReport(Command.SodReport command, Caller caller, Actor actor) {
    Decision decision = policy.mayReadSodReport(actor);
    if (decision.isDenied()) {
      return new Outcome.Denied(decision);
    }
    List<String> conflicts = new ArrayList<>();
    Map<String, Set<String>> memberships = ports.directory().allMemberships();
    memberships.forEach(
        (user, groups) -> {
          Set<Role> held = roles.rolesOf(groups);
          policy
              .config()
              .conflictsIn(held)
              .forEach(
                  pair ->
                      conflicts.add(
                          "<@"
                              + user
                              + "> holds "
                              + pair.stream()
                                  .map(Enum::name)
                                  .sorted()
                                  .collect(Collectors.joining(" and "))));
        });
    List<String> formerRoleHolders = new ArrayList<>();
    List<Request> breakGlass = new ArrayList<>();
    for (Request r :
        ports
            .requests()
            .findByState(
                List.of(
                    RequestState.APPROVED,
                    RequestState.SCHEDULED,
                    RequestState.EXECUTING,
                    RequestState.SUCCEEDED,
                    RequestState.FAILED))) {
      Set<Role> approverRoles = policy.config().rulesFor(r.target().environment()).approverRoles();
      for (Approval a : r.approvedBy()) {
        Set<Role> now = roles.rolesOf(memberships.getOrDefault(a.approver().id(), Set.of()));
        if (now.stream().noneMatch(approverRoles::contains)) {
          formerRoleHolders.add(
              r.id()
                  + " approved by "
                  + a.approver().name()
                  + ", who no longer holds "
                  + approverRoles);
        }
      }
      if (r.breakGlass()) {
        breakGlass.add(r);
      }
    }
    return new Outcome.SodReport(conflicts, formerRoleHolders, breakGlass);
  }
}
