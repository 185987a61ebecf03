package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import java.time.Instant;
import java.util.Objects;

/** The result of inspecting one environment's ingress certificate at one time. */
public record CertificateCheck(
    Target target, String host, Instant checkedAt, CertificateInspector.Inspection inspection) {
  public CertificateCheck {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(inspection, "inspection");
  }
}
