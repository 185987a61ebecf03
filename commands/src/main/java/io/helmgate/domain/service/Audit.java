package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.command.Command;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Records facts that are not part of a request's stored state change: refusals and faults. */
final class Audit {

  private final AuditTrail trail;
  private final Clock clock;
  private final Redaction redaction;

  Audit(AuditTrail trail, Clock clock, Redaction redaction) {
    this.trail = trail;
    this.clock = clock;
    this.redaction = redaction;
  }

  /**
   * The command as typed, with the values of secret-looking keys masked: the trail is append-only,
   * so a secret that reached it could never be removed.
   */
  String line(Command command) {
    String line = command.commandLine();
    if (command instanceof Command.Deploy deploy) {
      for (KeyPath key : deploy.values().keySet()) {
        if (redaction.isSecret(key)) {
          line =
              line.replaceAll(
                  "(?<=\\s|^)" + Pattern.quote(key + "=") + "\\S+",
                  Matcher.quoteReplacement(key + "=" + Redaction.MASK));
        }
      }
    }
    return line;
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
