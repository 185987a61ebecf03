package io.helmgate.domain.policy;

import io.helmgate.domain.Role;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one environment demands of a change ({@code helmgate.policy.environments.<env>}): how many
 * approvals from which roles, who may ask, whether a reason is needed, how long an approval waits,
 * and when changes may run.
 *
 * @param approvals approvals needed before a change runs; 0 runs it at once
 * @param approverRoles roles whose members may approve (or reject) other people's requests
 * @param requesterRoles roles whose members may request, lock and unlock; empty closes the
 *     environment to requests
 * @param requiresReason whether a request must carry {@code reason="…"}
 * @param approvalTtl how long a request waits for approval before it expires
 * @param maintenanceWindows when changes may run (see {@code scheduleRequiresWindow})
 * @param freezes periods in which no change runs, break-glass aside
 * @param allowNewKeys whether a change may add keys the environment's values file does not have
 * @param scheduleRequiresWindow whether every change must run inside a maintenance window: then a
 *     request without {@code at=} is proposed the next window and {@code at=} outside a window is
 *     refused; when false the windows are only shown to users
 * @param failOpenWhenUnavailable the pre-flights whose source (Vault, the registry) may be
 *     unavailable without blocking a change; empty everywhere unless configured, and never allowed
 *     where approvals are required (rule {@code gated-environments-fail-closed})
 */
public record EnvironmentRules(
    int approvals,
    Set<Role> approverRoles,
    Set<Role> requesterRoles,
    boolean requiresReason,
    Duration approvalTtl,
    List<MaintenanceWindow> maintenanceWindows,
    List<Freeze> freezes,
    boolean allowNewKeys,
    boolean scheduleRequiresWindow,
    Set<PreflightSource> failOpenWhenUnavailable,
    ChangeMode changeMode) {

  /** The default approval lifetime. */
  public static final Duration DEFAULT_APPROVAL_TTL = Duration.ofHours(24);

  public EnvironmentRules {
    if (approvals < 0) {
      throw new IllegalArgumentException("approvals must be 0 or more, not " + approvals);
    }
    approverRoles = roles(approverRoles, "approver-roles");
    requesterRoles = roles(requesterRoles, "requester-roles");
    if (approvals > 0 && approverRoles.isEmpty()) {
      throw new IllegalArgumentException(
          "approvals is " + approvals + " but approver-roles is empty: name who may approve");
    }
    Objects.requireNonNull(approvalTtl, "approval-ttl");
    if (approvalTtl.isNegative() || approvalTtl.isZero()) {
      throw new IllegalArgumentException("approval-ttl must be positive, not " + approvalTtl);
    }
    maintenanceWindows = List.copyOf(maintenanceWindows);
    freezes = List.copyOf(freezes);
    if (scheduleRequiresWindow && maintenanceWindows.isEmpty()) {
      throw new IllegalArgumentException(
          "schedule-requires-window is true but maintenance-windows is empty: add a window such"
              + " as \"Sat 22:00-02:00 Europe/Zurich\" or set schedule-requires-window: false");
    }
    Objects.requireNonNull(failOpenWhenUnavailable, "fail-open-when-unavailable");
    Objects.requireNonNull(changeMode, "change-mode");
    failOpenWhenUnavailable =
        failOpenWhenUnavailable.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(failOpenWhenUnavailable));
    if (approvals > 0 && !failOpenWhenUnavailable.isEmpty()) {
      throw new IllegalArgumentException(
          "fail-open-when-unavailable is "
              + PreflightSource.keys(failOpenWhenUnavailable)
              + " but approvals is "
              + approvals
              + ": an environment that needs approval never goes on unchecked"
              + " (gated-environments-fail-closed); remove fail-open-when-unavailable or set"
              + " approvals: 0");
    }
  }

  private static Set<Role> roles(Set<Role> roles, String key) {
    Objects.requireNonNull(roles, key);
    return roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  /**
   * A lower environment ({@code dev}, {@code qa}): Ops request, the change runs at once, no reason
   * needed.
   */
  public static EnvironmentRules immediate() {
    return new EnvironmentRules(
        0,
        Set.of(Role.OPS),
        Set.of(Role.OPS),
        false,
        DEFAULT_APPROVAL_TTL,
        List.of(),
        List.of(),
        false,
        false,
        Set.of(),
        ChangeMode.PUSH);
  }

  /**
   * Production: Ops request with a reason, and one other Ops member approves within 24 hours.
   * Unknown environments get these rules too, so that a missing entry never opens a door.
   */
  public static EnvironmentRules production() {
    return immediate().withApprovals(1).withRequiresReason(true);
  }

  /** True when changes must run inside a maintenance window. */
  public boolean windowsRequired() {
    return scheduleRequiresWindow && !maintenanceWindows.isEmpty();
  }

  public EnvironmentRules withApprovals(int approvals) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withApproverRoles(Set<Role> approverRoles) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withRequesterRoles(Set<Role> requesterRoles) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withRequiresReason(boolean requiresReason) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withApprovalTtl(Duration approvalTtl) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  /** The windows, and whether every change must run inside one. */
  public EnvironmentRules withMaintenanceWindows(
      List<MaintenanceWindow> maintenanceWindows, boolean scheduleRequiresWindow) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withFreezes(List<Freeze> freezes) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withAllowNewKeys(boolean allowNewKeys) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withFailOpenWhenUnavailable(
      Set<PreflightSource> failOpenWhenUnavailable) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  public EnvironmentRules withChangeMode(ChangeMode changeMode) {
    return new EnvironmentRules(
        approvals,
        approverRoles,
        requesterRoles,
        requiresReason,
        approvalTtl,
        maintenanceWindows,
        freezes,
        allowNewKeys,
        scheduleRequiresWindow,
        failOpenWhenUnavailable,
        changeMode);
  }

  /** Whether a change may go on when {@code preflight} cannot run (see the record's Javadoc). */
  public boolean failsOpenWhenUnavailable(PreflightSource preflight) {
    return approvals == 0 && failOpenWhenUnavailable.contains(preflight);
  }

  /**
   * These rules on one line, every dimension spelled out, in the words of the configuration keys:
   * what start-up logs per environment. Built from {@link #settings()}, as {@code /deploy policy}
   * is.
   */
  public String describe() {
    return settings().stream()
        .map(PolicyDescription.Setting::text)
        .collect(Collectors.joining("; "));
  }

  /**
   * Every dimension of these rules as the running bot applies it. Self-approval is always forbidden
   * (rule {@code four-eyes} has no switch); it is shown because a reviewer asks about it.
   */
  public List<PolicyDescription.Setting> settings() {
    return List.of(
        setting(
            "approvals", approvals + (approvals > 0 ? " from " + roleNames(approverRoles) : "")),
        setting("approver-roles", roleNames(approverRoles)),
        setting("requester-roles", roleNames(requesterRoles)),
        setting("self-approval", "forbidden"),
        setting("requires-reason", String.valueOf(requiresReason)),
        setting("approval-ttl", approvalTtl.toString().substring(2).toLowerCase(Locale.ROOT)),
        setting(
            "maintenance-windows",
            maintenanceWindows.isEmpty() ? "none" : maintenanceWindows.toString()),
        setting("schedule-requires-window", String.valueOf(scheduleRequiresWindow)),
        setting("freezes", freezes.isEmpty() ? "none" : freezes.toString()),
        setting("allow-new-keys", String.valueOf(allowNewKeys)),
        setting(
            "fail-open-when-unavailable",
            failOpenWhenUnavailable.isEmpty()
                ? "none"
                : PreflightSource.keys(failOpenWhenUnavailable)),
        setting("change-mode", changeMode.key()));
  }

  private static PolicyDescription.Setting setting(String name, String value) {
    return new PolicyDescription.Setting(name, value);
  }

  static String roleNames(Set<Role> roles) {
    return roles.isEmpty() ? "none" : roles.stream().map(Role::name).toList().toString();
  }
}
