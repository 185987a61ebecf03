package io.helmgate.domain.service;

import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Tells a request's thread a line. A failed notification never fails the change it reports: it is
 * recorded in the audit trail instead.
 */
final class Tell implements BiConsumer<Request, String> {

  private final Notifier notifier;
  private final AuditTrail audit;
  private final Clock clock;

  Tell(Notifier notifier, AuditTrail audit, Clock clock) {
    this.notifier = notifier;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void accept(Request request, String line) {
    try {
      notifier.update(request, line);
    } catch (RuntimeException e) {
      audit.append(
          List.of(
              AuditEvent.of(
                  AuditEvent.Type.NOTIFICATION_FAILED,
                  clock.instant(),
                  request,
                  null,
                  Map.of("line", line, "error", String.valueOf(e.getMessage())))));
    }
  }
}
