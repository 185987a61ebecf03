/**
 * Roles and separation of duties: who may do what, in which environment, and when.
 *
 * <p>{@link io.helmgate.domain.policy.Policy} answers every question with a {@link
 * io.helmgate.domain.policy.Decision}: allowed, denied, or needs approval, with the name of the
 * rule that decided and a sentence for the user. Each question is an ordered list of small named
 * rules; the first rule that decides answers, and a list that decides nothing denies.
 *
 * <h2>Configuration ({@code helmgate.policy})</h2>
 *
 * <pre>
 * helmgate:
 *   policy:
 *     roles:
 *       DEVELOPER: ["@dev-team"]
 *       DEVOPS: ["@platform-team"]
 *       OPS: ["@ops-team", S0OPS2]
 *       AUDITOR: ["@audit"]
 *     conflicting-roles: [[DEVELOPER, OPS]]
 *     break-glass-roles: [OPS]
 *     default-zone: Europe/Zurich
 *     environments:
 *       dev:     { approvals: 0, requires-reason: false, fail-open-when-unavailable: [vault, registry] }
 *       qa:      { approvals: 0, requires-reason: false, fail-open-when-unavailable: [vault, registry] }
 *       staging: { approvals: 0, requires-reason: false }
 *       prod:    { requires-reason: true }
 *     products:
 *       default: { promotable-keys: [image.tag] }
 * </pre>
 *
 * <p>A user's roles are the union of the roles of their Slack user groups, written as an id ({@code
 * S0123ABCD}, matching only a group's id, exactly) or a handle with {@code @} ({@code @ops-team},
 * matching only a group's handle); see {@link io.helmgate.domain.policy.GroupRef}. An empty {@code
 * roles} stops start-up. Per environment: {@code approvals}, {@code approver-roles}, {@code
 * requester-roles}, {@code requires-reason}, {@code approval-ttl}, {@code maintenance-windows}
 * (such as {@code Sat 22:00-02:00 Europe/Zurich}), {@code schedule-requires-window}, {@code
 * freezes} (such as {@code year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich}), {@code
 * allow-new-keys} and {@code fail-open-when-unavailable} ({@code vault}, {@code registry}). Every
 * entry starts from the production rules (one OPS approval other than the requester, a reason, 24 h
 * to approve, nothing fails open) and only the keys it writes change them, so {@code prod: {
 * requires-reason: true }} still needs an approval; {@code approvals: 0} loosens explicitly. An
 * environment the configuration does not name gets the production rules too, so a forgotten entry
 * closes a door instead of opening one. {@link io.helmgate.domain.policy.PolicySettings} does the
 * translation.
 *
 * <h2>Who may do what by default</h2>
 *
 * <p>"yes" runs without approval; "approval" needs one approval from another OPS member; "-" does
 * not apply. DEVELOPER+OPS stands for anyone holding a pair listed in {@code conflicting-roles}.
 * The table is checked by {@code DefaultPolicyMatrixTest}.
 *
 * <pre>
 * | action                                         | DEVELOPER | DEVOPS | OPS      | AUDITOR | no group | DEVELOPER+OPS |
 * |------------------------------------------------|-----------|--------|----------|---------|----------|---------------|
 * | read: status, pending, help                    | yes       | yes    | yes      | yes     | no       | yes           |
 * | deploy, rollback, sync in dev, qa, staging     | no        | no     | yes      | no      | no       | no            |
 * | deploy, rollback, sync in prod (with a reason) | no        | no     | approval | no      | no       | no            |
 * | break-glass in prod (with a reason)            | no        | no     | yes      | no      | no       | no            |
 * | approve or reject another's prod request       | no        | no     | yes      | no      | no       | no            |
 * | approve own request, or approve twice          | no        | no     | no       | no      | no       | no            |
 * | cancel own request                             | -         | -      | yes      | -       | -        | -             |
 * | cancel another's request                       | no        | no     | yes      | no      | no       | no            |
 * | lock an environment                            | no        | no     | yes      | no      | no       | no            |
 * | unlock another's lock                          | no        | no     | yes      | no      | no       | no            |
 * | read the audit trail                           | no        | no     | yes      | yes     | no       | yes           |
 * | read the separation-of-duties report           | no        | yes    | yes      | yes     | no       | yes           |
 * | platform commands (config reload, health)      | no        | yes    | no       | no      | no       | no            |
 * </pre>
 *
 * <h2>The rules, in the order they are asked</h2>
 *
 * <ul>
 *   <li><b>read</b>: {@code known-user} (in at least one Helmgate group), {@code reader}.
 *   <li><b>request</b> ({@code /deploy}, {@code /rollback}; rollbacks and syncs follow the same
 *       rules as deploys): {@code known-user}, {@code conflicting-roles} (no pair of roles that
 *       must stay apart), {@code requester-role} (one of the environment's requester roles), {@code
 *       break-glass-role}, {@code break-glass-reason}, {@code reason-required}, {@code lock} (an
 *       active lock refuses everyone, its owner and break-glass included, naming owner, reason and
 *       expiry), the schedule ({@code at-in-the-past}, {@code freeze}, {@code maintenance-window}),
 *       {@code break-glass} (allowed, reviewed post-hoc), {@code approvals} (needs approval),
 *       {@code no-approval-needed} (allowed).
 *   <li><b>approve</b>: {@code known-user}, {@code conflicting-roles}, {@code request-open}, {@code
 *       approver-role}, {@code four-eyes} (never the requester), {@code once-per-person}, {@code
 *       approver}. <b>reject</b>: the same without {@code once-per-person}, so an approver who
 *       changes their mind may still reject; a rejection ends the request.
 *   <li><b>cancel</b>: {@code known-user}, {@code conflicting-roles}, {@code requester-or-ops}.
 *   <li><b>lock</b>: {@code known-user}, {@code conflicting-roles}, {@code lock-role} (the
 *       environment's requester roles), {@code renew-own-lock}, {@code already-locked}, {@code
 *       locker}. <b>unlock</b>: {@code known-user}, {@code conflicting-roles}, {@code lock-active}
 *       (an expired lock is no lock), {@code owner-or-requester-role}.
 *   <li><b>audit trail</b>: {@code known-user}, {@code audit-roles} (OPS, AUDITOR). <b>SoD
 *       report</b>: {@code known-user}, {@code sod-report-roles} (OPS, AUDITOR, DEVOPS).
 *       <b>platform commands</b>: {@code known-user}, {@code conflicting-roles}, {@code
 *       platform-roles} (DEVOPS).
 *   <li><b>pre-flight unavailable</b> (Vault or the OCI registry cannot be asked): {@code
 *       gated-environments-fail-closed}: the change goes on only in environments whose {@code
 *       fail-open-when-unavailable} names that pre-flight, which only environments without
 *       approvals may do.
 *   <li><b>keys</b>: {@code promotable-keys} (the product's, default {@code image.tag}), {@code
 *       new-keys} (only where {@code allow-new-keys}), {@code keys-allowed}.
 *   <li><b>at execution</b> (fire time, against current roles and configuration): {@code
 *       requester-still-allowed}, {@code approvers-still-allowed} (skipped by break-glass), {@code
 *       lock}, {@code freeze} and {@code maintenance-window} (both skipped by break-glass), {@code
 *       recheck-passed}.
 * </ul>
 *
 * <h2>When a change may run</h2>
 *
 * <p>Where {@code schedule-requires-window} is true, a request without {@code at=} is proposed the
 * next maintenance window (or runs now inside an open one), and {@code at=} outside every window is
 * refused with the next allowed time. Elsewhere {@code at=} may be any time and no {@code at=}
 * means now. Everywhere a time inside a freeze is refused with the first allowed time after it, and
 * a time in the past is refused. Break-glass skips windows and freezes.
 */
package io.helmgate.domain.policy;
