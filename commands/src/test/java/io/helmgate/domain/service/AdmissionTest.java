package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.HomeWorkspace;
import io.helmgate.domain.request.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  final Fakes.Trail trail = new Fakes.Trail();
  final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  final Admission admission = new Admission(trail, clock);
  final HomeWorkspace home = new HomeWorkspace(Optional.of("T0ACME"), Optional.of("E0BANK"));
  final UserRef mallory = new UserRef("U0MAL", "mallory");

  @Test
  void aRefusalFromAnotherWorkspaceIsAuditedWithWhereItCameFrom() {
    var origin =
        new HomeWorkspace.Origin(Optional.of("T0ACME"), Optional.of("T0GUEST"), Optional.empty());

    assertThat(admission.admit(mallory, "click helmgate-approve", home, origin).isDenied())
        .isTrue();

    assertThat(trail.events).hasSize(1);
    AuditEvent event = trail.events.get(0);
    assertThat(event.type()).isEqualTo(AuditEvent.Type.REFUSED);
    assertThat(event.at()).isEqualTo(clock.instant());
    assertThat(event.actor()).contains(mallory);
    assertThat(event.requestId()).isEmpty();
    assertThat(event.detail())
        .containsEntry("command", "click helmgate-approve")
        .containsEntry("rule", "home-workspace")
        .containsEntry("team", "T0ACME")
        .containsEntry("user-team", "T0GUEST")
        .containsKey("message");
  }

  @Test
  void anAdmittedMemberLeavesNoTrace() {
    var origin =
        new HomeWorkspace.Origin(
            Optional.of("T0ACME"), Optional.of("T0ACME"), Optional.of("E0BANK"));

    assertThat(admission.admit(mallory, "/deploy", home, origin).isAllowed()).isTrue();
    assertThat(trail.events).isEmpty();
  }
}
