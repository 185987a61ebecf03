package io.helmgate.domain.service;

import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.HomeWorkspace;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.request.AuditEvent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The door before every command and click: only members of the installation's own workspace and
 * organisation get in. A refusal is recorded in the audit trail before anyone is told.
 */
public final class Admission {

  private final AuditTrail trail;
  private final Clock clock;

  public Admission(AuditTrail trail, Clock clock) {
    this.trail = trail;
    this.clock = clock;
  }

  /**
   * Whether {@code who}, asking for {@code what} (the command or button, never its text: a foreign
   * request's values are not ours to keep) from {@code origin}, may go on.
   */
  public Decision admit(UserRef who, String what, HomeWorkspace home, HomeWorkspace.Origin origin) {
    Decision decision = home.admit(origin);
    if (decision.isDenied()) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("command", what);
      detail.put("rule", decision.rule());
      detail.put("message", decision.message());
      origin.teamId().ifPresent(t -> detail.put("team", t));
      origin.userTeamId().ifPresent(t -> detail.put("user-team", t));
      origin.enterpriseId().ifPresent(e -> detail.put("enterprise", e));
      trail.append(
          List.of(
              new AuditEvent(
                  AuditEvent.Type.REFUSED,
                  clock.instant(),
                  Optional.empty(),
                  Optional.ofNullable(who),
                  Optional.empty(),
                  detail)));
    }
    return decision;
  }
}
