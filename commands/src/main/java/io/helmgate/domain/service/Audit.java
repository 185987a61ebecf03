package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.request.AuditEvent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records facts that are not part of a request's stored state change: refusals and faults. */
final class Audit {

  private final AuditTrail trail;
  private final Clock clock;

  Audit(AuditTrail trail, Clock clock) {
    this.trail = trail;
    this.clock = clock;
  }

  void refused(UserRef who, Optional<Target> target, String commandLine, Decision decision) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("command", commandLine);
    detail.put("rule", decision.rule());
    detail.put("message", decision.message());
    record(AuditEvent.Type.REFUSED, who, target, detail);
  }

  void fault(UserRef who, Optional<Target> target, String what, String message) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("what", what);
    detail.put("message", message);
    record(AuditEvent.Type.FAULT, who, target, detail);
  }

  void record(
      AuditEvent.Type type, UserRef who, Optional<Target> target, Map<String, String> detail) {
    trail.append(
        List.of(
            new AuditEvent(
                type,
                clock.instant(),
                Optional.empty(),
                Optional.ofNullable(who),
                target,
                detail)));
  }
}
