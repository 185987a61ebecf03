package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditTest {

  @Test
  void commandLinesInTheTrailNeverCarrySecretLookingValues() {
    Map<KeyPath, String> values = new LinkedHashMap<>();
    values.put(KeyPath.of("image.tag"), "1.4.2");
    values.put(KeyPath.of("db.password"), "hunter2-hunter2");
    Command.Deploy deploy =
        new Command.Deploy(
            new Target("acme", "payments", "dev"),
            Optional.empty(),
            values,
            Optional.empty(),
            Optional.empty(),
            false);
    Audit audit = new Audit(new Fakes.Trail(), Clock.systemUTC(), Redaction.defaults());

    String line = audit.line(deploy);

    assertThat(line)
        .contains("image.tag=1.4.2")
        .contains("db.password=•••")
        .doesNotContain("hunter2");
  }
}
