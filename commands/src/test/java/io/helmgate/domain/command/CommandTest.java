package io.helmgate.domain.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command.Audit;
import io.helmgate.domain.command.Command.Deploy;
import io.helmgate.domain.command.Command.Lock;
import io.helmgate.domain.command.Command.OpenForm;
import io.helmgate.domain.command.Command.Rollback;
import io.helmgate.domain.command.Command.Status;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The commands guard their invariants, so a command built from the form is as safe as a parsed one.
 */
class CommandTest {

  private static final Target PROD = new Target("acme", "payments", "prod");

  private static Deploy deploy(Map<KeyPath, String> values) {
    return new Deploy(PROD, Optional.empty(), values, Optional.empty(), Optional.empty(), false);
  }

  @Test
  void deployValuesKeepInsertionOrderAndAreACopy() {
    Map<KeyPath, String> values = new LinkedHashMap<>();
    values.put(KeyPath.of("z"), "1");
    values.put(KeyPath.of("a"), "2");
    values.put(KeyPath.of("m"), "3");

    Deploy deploy = deploy(values);
    values.put(KeyPath.of("b"), "4");

    assertThat(deploy.values().keySet())
        .extracting(KeyPath::toString)
        .containsExactly("z", "a", "m");
  }

  @Test
  void deployValuesCannotBeModified() {
    Deploy deploy = deploy(Map.of(KeyPath.of("image.tag"), "1.4.2"));

    assertThatThrownBy(() -> deploy.values().put(KeyPath.of("x"), "1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void deployRefusesAValueThatBreaksTheValueRule() {
    assertThatThrownBy(() -> deploy(Map.of(KeyPath.of("image.tag"), "1\n evil: true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image.tag");
  }

  @Test
  void deployBreakGlassWithoutReasonIsRefused() {
    assertThatThrownBy(
            () ->
                new Deploy(
                    PROD, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("break-glass needs a reason");
  }

  @Test
  void deployFromTheTargetEnvironmentIsRefused() {
    assertThatThrownBy(
            () ->
                new Deploy(
                    PROD, Optional.of("prod"), Map.of(), Optional.empty(), Optional.empty(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBlankReasonIsRefused() {
    assertThatThrownBy(() -> new Rollback(PROD, Optional.empty(), Optional.of(" "), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deployKindIsSyncWithoutFromAndValues() {
    assertThat(deploy(Map.of()).kind()).isEqualTo(RequestKind.SYNC);
    assertThat(deploy(Map.of(KeyPath.of("image.tag"), "1")).kind()).isEqualTo(RequestKind.DEPLOY);
  }

  @Test
  void lockLastsMoreThanZeroAtMostSevenDaysInWholeMinutes() {
    assertThatThrownBy(() -> new Lock(PROD, Duration.ZERO, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lock(PROD, Duration.ofDays(7).plusMinutes(1), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lock(PROD, Duration.ofSeconds(90), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lock(PROD, Duration.ofHours(1), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rollbackCommitsAreLowerCaseHex() {
    assertThatThrownBy(() -> new Rollback(PROD, Optional.of("3F2A9C1"), Optional.empty(), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rollback(PROD, Optional.of("HEAD~1"), Optional.empty(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusAndAuditValidateTheirNames() {
    assertThatThrownBy(() -> new Status("acme", "..", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Audit("acme", "payments", Optional.of("Prod"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalTextIsWhatAPersonWouldType() {
    Map<KeyPath, String> values = new LinkedHashMap<>();
    values.put(KeyPath.of("image.tag"), "1.4.2");
    Deploy deploy =
        new Deploy(
            PROD,
            Optional.of("staging"),
            values,
            Optional.of(Instant.parse("2026-12-01T21:00:00Z")),
            Optional.of("CHG-1 \"big\" C:\\x"),
            true);

    assertThat(deploy.commandLine())
        .isEqualTo(
            "/deploy acme/payments prod from=staging image.tag=1.4.2 at=2026-12-01T21:00:00Z"
                + " reason=\"CHG-1 \\\"big\\\" C:\\\\x\" break-glass");
    assertThat(new Lock(PROD, Duration.ofMinutes(90), "INC-7").commandLine())
        .isEqualTo("/deploy lock acme/payments prod for=1h30m reason=\"INC-7\"");
    assertThat(new Lock(PROD, Duration.ofDays(7), "x").text()).contains("for=7d ");
    assertThat(
            new Audit("acme", "payments", Optional.empty(), Optional.of(LocalDate.of(2026, 1, 1)))
                .commandLine())
        .isEqualTo("/deploy audit acme/payments since=2026-01-01");
    assertThat(new Command.Cancel(new RequestId(42)).commandLine())
        .isEqualTo("/deploy cancel R-42");
    assertThat(new OpenForm().commandLine()).isEqualTo("/deploy");
  }
}
