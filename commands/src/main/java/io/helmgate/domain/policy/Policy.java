package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.ApprovalRules.ApprovalCheck;
import io.helmgate.domain.policy.ApprovalRules.Choice;
import io.helmgate.domain.policy.ExecutionRules.ExecutionCheck;
import io.helmgate.domain.policy.KeyRules.KeysCheck;
import io.helmgate.domain.policy.LockRules.LockCheck;
import io.helmgate.domain.policy.LockRules.UnlockCheck;
import io.helmgate.domain.policy.RequestRules.CancelCheck;
import io.helmgate.domain.policy.RequestRules.RequestCheck;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who may do what in Helmgate. Each question is answered by an ordered list of small named
 * rules (see the package documentation for the lists and the default table); the first rule that
 * decides answers, and its name travels with the decision into messages and the audit trail.
 *
 * <p>Every write action first asks {@code known-user} (the person is in some Helmgate group) and
 * {@code conflicting-roles} (they hold no pair of roles that must stay apart).
 */
public final class Policy {

  private final PolicyConfig config;
  private final Duration scheduleHorizon;

  private final List<Rule<Actor>> read;
  private final List<Rule<RequestCheck>> request;
  private final List<Rule<ApprovalCheck>> approve;
  private final List<Rule<ApprovalCheck>> reject;
  private final List<Rule<CancelCheck>> cancel;
  private final List<Rule<LockCheck>> lock;
  private final List<Rule<UnlockCheck>> unlock;
  private final List<Rule<Actor>> audit;
  private final List<Rule<Actor>> sodReport;
  private final List<Rule<Actor>> platform;
  private final List<Rule<ExecutionCheck>> execution;
  private final List<Rule<KeysCheck>> keys;

  public Policy(PolicyConfig config) {
    this(config, Scheduling.DEFAULT_HORIZON);
  }

  /**
   * A policy that schedules changes at most {@code scheduleHorizon} ahead and expires approved
   * scheduled changes not run within it.
   */
  public Policy(PolicyConfig config, Duration scheduleHorizon) {
    this.config = Objects.requireNonNull(config, "config");
    this.scheduleHorizon = requireScheduleHorizon(scheduleHorizon);
    Rule<Actor> knownUser = ActorRules.knownUser(config);
    Rule<Actor> noConflict = ActorRules.noConflictingRoles(config);

    read =
        List.of(
            knownUser,
            ActorRules.holdsAnyOf(
                "reader",
                EnumSet.allOf(Role.class),
                "read status, pending requests, the policy and help"));
    request =
        List.of(
            knownUser.on(RequestCheck::actor),
            noConflict.on(RequestCheck::actor),
            RequestRules.requesterRole(),
            RequestRules.breakGlassRole(config.breakGlassRoles()),
            RequestRules.breakGlassReason(),
            RequestRules.reasonRequired(),
            RequestRules.notLocked(),
            RequestRules.schedule(),
            RequestRules.breakGlass(),
            RequestRules.approvals(),
            RequestRules.noApprovalNeeded());
    approve =
        List.of(
            knownUser.on(ApprovalCheck::approver),
            noConflict.on(ApprovalCheck::approver),
            ApprovalRules.requestOpen(),
            ApprovalRules.approverRole(),
            ApprovalRules.fourEyes(),
            ApprovalRules.oncePerPerson(),
            ApprovalRules.approver());
    // Someone who approved and then changes their mind may still reject: reject wins.
    reject =
        List.of(
            knownUser.on(ApprovalCheck::approver),
            noConflict.on(ApprovalCheck::approver),
            ApprovalRules.requestOpen(),
            ApprovalRules.approverRole(),
            ApprovalRules.fourEyes(),
            ApprovalRules.approver());
    cancel =
        List.of(
            knownUser.on(CancelCheck::actor),
            noConflict.on(CancelCheck::actor),
            RequestRules.requesterOrOps());
    lock =
        List.of(
            knownUser.on(LockCheck::actor),
            noConflict.on(LockCheck::actor),
            LockRules.lockRole(),
            LockRules.renewOwnLock(),
            LockRules.notLockedByAnother(),
            LockRules.locker());
    unlock =
        List.of(
            knownUser.on(UnlockCheck::actor),
            noConflict.on(UnlockCheck::actor),
            LockRules.lockActive(),
            LockRules.ownerOrRequesterRole());
    audit =
        List.of(
            knownUser,
            ActorRules.holdsAnyOf(
                "audit-roles", EnumSet.of(Role.OPS, Role.AUDITOR), "read the audit trail"));
    sodReport =
        List.of(
            knownUser,
            ActorRules.holdsAnyOf(
                "sod-report-roles",
                EnumSet.of(Role.OPS, Role.AUDITOR, Role.DEVOPS),
                "read the separation-of-duties report"));
    platform =
        List.of(
            knownUser,
            noConflict,
            ActorRules.holdsAnyOf(
                "platform-roles",
                EnumSet.of(Role.DEVOPS),
                "use platform commands (config reload, health)"));
    execution =
        List.of(
            ExecutionRules.requesterStillAllowed(),
            ExecutionRules.approversStillAllowed(),
            ExecutionRules.notLocked(),
            ExecutionRules.notFrozen(),
            ExecutionRules.windowOpen(),
            ExecutionRules.passed());
    keys = List.of(KeyRules.promotableKeys(), KeyRules.newKeys(), KeyRules.keysAllowed());
  }

  /**
   * The horizon, when it is one a policy can work with: at least an hour, or a change approved for
   * later would expire before anyone could act on it; otherwise {@link IllegalArgumentException}.
   * The one place this rule lives; the settings that configure it ask here.
   */
  public static Duration requireScheduleHorizon(Duration horizon) {
    if (horizon == null || horizon.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "expected a duration of at least 1h such as 14d, got '" + horizon + "'");
    }
    return horizon;
  }

  public PolicyConfig config() {
    return config;
  }

  /** {@code /deploy status}, {@code pending}, {@code policy}, {@code help}: anyone in a group. */
  public Decision mayRead(Actor actor) {
    return Rule.decide(read, actor);
  }

  /**
   * {@code /deploy} and {@code /rollback}: allowed (runs without approval), needs approval, or
   * denied. A denial by {@code freeze} or {@code maintenance-window} comes from {@link #schedule}.
   */
  public Decision mayRequest(Actor actor, RequestContext ctx) {
    String env = ctx.target().environment();
    ScheduleDecision when = schedule(ctx.target(), ctx.at(), ctx.breakGlass(), ctx.now());
    return Rule.decide(
        request, new RequestCheck(actor, ctx, config.rulesFor(env), when, config.defaultZone()));
  }

  /**
   * approval-channel: a request that needs approval (or runs as break-glass, which everyone must
   * see) is posted where the approvers are, never into a conversation its requester chose. When
   * {@code approvalChannels} (the environments that have one) is used at all, an environment it
   * leaves out, such as one the policy does not name, is refused from any conversation; when it is
   * not used, the request is posted in the channel it was typed in, and refused from a direct
   * message (or a form), which only its requester sees.
   */
  public Decision mayAskForApprovalFrom(
      String environment,
      boolean needsApproval,
      boolean directConversation,
      Set<String> approvalChannels) {
    String name = "approval-channel";
    if (!needsApproval || approvalChannels.contains(environment)) {
      return Decision.allowed(name, "The request is posted where its approvers work.");
    }
    String configure =
        " An administrator must configure an approval channel for "
            + environment
            + " (helmgate.slack.approval-channels."
            + environment
            + ")";
    if (!approvalChannels.isEmpty()) {
      return Decision.denied(
          name,
          environment
              + " needs approval, and approval channels are configured, but none for "
              + environment
              + ", so its request has nowhere to be approved."
              + configure
              + ".");
    }
    if (!directConversation) {
      return Decision.allowed(name, "The request is posted in the channel it was typed in.");
    }
    return Decision.denied(
        name,
        environment
            + " needs approval, and no approval channel is configured for it, so a request typed"
            + " in a direct message has nowhere to be approved."
            + configure
            + "; until then, type the request in a channel the approvers follow.");
  }

  /** A click on Approve, re-checked at the click. */
  public Decision mayApprove(Actor approver, ApprovalContext ctx) {
    return Rule.decide(approve, approvalCheck(approver, ctx, Choice.APPROVE));
  }

  /** A click on Reject, re-checked at the click. A rejection ends the request. */
  public Decision mayReject(Actor approver, ApprovalContext ctx) {
    return Rule.decide(reject, approvalCheck(approver, ctx, Choice.REJECT));
  }

  private ApprovalCheck approvalCheck(Actor approver, ApprovalContext ctx, Choice choice) {
    return new ApprovalCheck(approver, ctx, config.rulesFor(ctx.target().environment()), choice);
  }

  /** {@code /deploy cancel R-42}: the requester, or Ops. */
  public Decision mayCancel(Actor actor, UserRef requester) {
    return Rule.decide(cancel, new CancelCheck(actor, requester));
  }

  /** {@code /deploy lock}: the environment's requester roles; one active lock at a time. */
  public Decision mayLock(Actor actor, Target target, Optional<Lock> existing, Instant now) {
    requireLockOn(target, existing);
    return Rule.decide(
        lock,
        new LockCheck(
            actor,
            target,
            existing,
            now,
            config.rulesFor(target.environment()),
            config.defaultZone()));
  }

  /** {@code /deploy unlock}: the lock's owner, or the environment's requester roles. */
  public Decision mayUnlock(Actor actor, Lock lock, Instant now) {
    return Rule.decide(
        unlock,
        new UnlockCheck(
            actor, lock, now, config.rulesFor(lock.target().environment()), config.defaultZone()));
  }

  /** Reading and exporting the audit trail: OPS or AUDITOR. */
  public Decision mayAudit(Actor actor) {
    return Rule.decide(audit, actor);
  }

  /** The separation-of-duties report: OPS, AUDITOR or DEVOPS. */
  public Decision mayReadSodReport(Actor actor) {
    return Rule.decide(sodReport, actor);
  }

  /**
   * Rule {@code gated-environments-fail-closed}: a pre-flight that cannot run (Vault or the
   * registry unavailable) lets a change go on only where the environment's {@code
   * fail-open-when-unavailable} names it, and that is allowed only where no approval is needed.
   * Wherever four eyes are required (production, and any environment the policy does not name), a
   * change never goes on unchecked. This is the only place that decides it.
   */
  public boolean mayGoOnWithoutPreflight(String environment, PreflightSource preflight) {
    return config.rulesFor(environment).failsOpenWhenUnavailable(preflight);
  }

  /** Platform commands (config reload, health): DEVOPS. */
  public Decision mayUsePlatformCommands(Actor actor) {
    return Rule.decide(platform, actor);
  }

  /**
   * Which keys a change may touch in {@code target}: only the product's promotable keys, and keys
   * the target's values file lacks ({@code newKeys}) only where the environment allows new keys.
   */
  public Decision mayChangeKeys(Target target, Set<KeyPath> keys, Set<KeyPath> newKeys) {
    return Rule.decide(
        this.keys,
        new KeysCheck(
            target,
            Set.copyOf(keys),
            Set.copyOf(newKeys),
            config.productRules(target.customer(), target.product()),
            config.rulesFor(target.environment())));
  }

  /**
   * When a change to {@code target} may run. With maintenance windows required: no {@code at}
   * proposes the next window (or now, inside an open one); {@code at} outside a window or inside a
   * freeze is denied with the next allowed time. Without: {@code at} anywhere not frozen is fine,
   * no {@code at} means now unless frozen. Break-glass skips windows and freezes. A time in the
   * past is always denied.
   */
  public ScheduleDecision schedule(
      Target target, Optional<Instant> at, boolean breakGlass, Instant now) {
    String env = target.environment();
    return new Scheduling(env, config.rulesFor(env), config.defaultZone(), scheduleHorizon)
        .decide(at, breakGlass, now);
  }

  /**
   * When an approved request for {@code scheduledAt}, opened at {@code createdAt}, expires unrun:
   * the schedule horizon after it was opened, and never before a day past its own time.
   */
  public Instant scheduledExpiry(Instant createdAt, Instant scheduledAt) {
    return Scheduling.expiresAt(createdAt, scheduledAt, scheduleHorizon);
  }

  /**
   * {@link #recheckAtExecution(Actor, List, Target, Optional, boolean, Instant)} without
   * break-glass.
   */
  public Decision recheckAtExecution(
      Actor requester, List<Actor> approvers, Target target, Optional<Lock> lock, Instant now) {
    return recheckAtExecution(requester, approvers, target, lock, false, now);
  }

  /**
   * The check at fire time, against the current configuration and the people's current roles: the
   * requester still may request, enough approvers still hold an approver role, the environment is
   * not locked, not frozen and (where required) inside a window. Break-glass skips the approvers,
   * freezes and windows, never the lock.
   */
  public Decision recheckAtExecution(
      Actor requester,
      List<Actor> approvers,
      Target target,
      Optional<Lock> lock,
      boolean breakGlass,
      Instant now) {
    requireLockOn(target, lock);
    return Rule.decide(
        execution,
        new ExecutionCheck(
            requester,
            List.copyOf(approvers),
            target,
            lock,
            breakGlass,
            now,
            config.rulesFor(target.environment()),
            config));
  }

  private static void requireLockOn(Target target, Optional<Lock> lock) {
    if (lock.isPresent() && !lock.get().target().equals(target)) {
      throw new IllegalArgumentException(
          "the lock given is for " + lock.get().target() + ", not for " + target);
    }
  }
}
