package io.helmgate.domain.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

  private final Redaction redaction = Redaction.defaults();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "db.password",
        "apiKey",
        "tls.privateKey",
        "auth.API_KEY",
        "s3AccessKey",
        "APIKey",
        "oauth2Token",
        "slack.botToken",
        "registry.credentials",
        "smtp.passwd",
        "dbpassword",
        "secrets.db.host",
        "existingSecret",
        "ssh-key",
        "jwt_signing_key"
      })
  void secretLookingKeysAreSecret(String path) {
    assertThat(redaction.isSecret(KeyPath.of(path))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "image.tag",
        "monkey.size",
        "keycloak.url",
        "apikey",
        "replicaCount",
        "ingress.hostname",
        "resources.limits.memory",
        "turkey",
        "hotkeys"
      })
  void ordinaryKeysAreNotSecret(String path) {
    assertThat(redaction.isSecret(KeyPath.of(path))).isFalse();
  }

  @Test
  void showMasksSecretValuesOnly() {
    assertThat(redaction.show(KeyPath.of("db.password"), "hunter2")).isEqualTo("•••");
    assertThat(redaction.show(KeyPath.of("image.tag"), "1.4.2")).isEqualTo("1.4.2");
  }

  @Test
  void describeSaysWhetherASecretChangedButNeverWhatTo() {
    KeyPath password = KeyPath.of("db.password");

    assertThat(redaction.describe(new ValueChange(password, "old-pw", "new-pw")))
        .isEqualTo("db.password ••• (changed)");
    assertThat(redaction.describe(new ValueChange(password, "same", "same")))
        .isEqualTo("db.password ••• (unchanged)");
    assertThat(redaction.describe(new ValueChange(password, null, "pw")))
        .isEqualTo("db.password ••• (new)");
    assertThat(redaction.describe(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.2")))
        .isEqualTo("image.tag 1.4.1 → 1.4.2");
    assertThat(redaction.describe(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.1")))
        .isEqualTo("image.tag 1.4.1 (unchanged)");
  }

  @Test
  void configuredPatternsReplaceTheDefaults() {
    Redaction pins = new Redaction(List.of("PIN", "passphrase"));

    assertThat(pins.patterns()).containsExactly("pin", "passphrase");
    assertThat(pins.isSecret(KeyPath.of("card.pin"))).isTrue();
    assertThat(pins.isSecret(KeyPath.of("spinner"))).isFalse();
    assertThat(pins.isSecret(KeyPath.of("gpgPassphraseFile"))).isTrue();
    assertThat(pins.isSecret(KeyPath.of("db.password"))).isFalse();
  }

  @Test
  void patternsMustBeSingleWords() {
    assertThatThrownBy(() -> new Redaction(List.of("api-key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("`api-key` must be one word");
    assertThatThrownBy(() -> new Redaction(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one pattern");
  }

  @Test
  void maskTextHidesSecretValuesLineForLineAndKeepsTheRest() {
    String text =
        "image:\n"
            + "  tag: 1.4.1\n"
            + "db:\n"
            + "  password: hunter2\n"
            + "  pool: {size: 5, apiKey: abc}\n"
            + "tls:\n"
            + "  privateKey: |\n"
            + "    -----BEGIN-----\n"
            + "    AAAA\n"
            + "# token: t0ps3cret\n"
            + "annotations:\n"
            + "  konghq.com/plugins: rate-limit\r\n"
            + "after: 1";

    String masked = redaction.maskText(text);

    assertThat(masked.split("\n", -1)).hasSameSizeAs(text.split("\n", -1));
    assertThat(masked)
        .doesNotContain("hunter2", "abc", "BEGIN", "AAAA", "t0ps3cret")
        .contains("  tag: 1.4.1\n")
        .contains("  password: •••\n")
        .contains("  pool: •••\n")
        .contains("  privateKey: •••\n    •••\n    •••\n")
        .contains("  konghq.com/plugins: rate-limit\r\n")
        .endsWith("after: 1");
  }

  @Test
  void aKeyWithDotsAndSlashesIsSplitIntoWords() {
    assertThat(redaction.isSecretKey("vault.hashicorp.com/agent-inject-token")).isTrue();
    assertThat(redaction.isSecretKey("konghq.com/plugins")).isFalse();
  }

  @Test
  void maskTextHidesTheValueOfAnEnvEntryNamedLikeASecret() {
    String text =
        "env:\n"
            + "  - name: DB_PASSWORD\n"
            + "    value: hunter2\n"
            + "  - name: LOG_LEVEL\n"
            + "    value: debug\n";

    assertThat(redaction.maskText(text))
        .doesNotContain("hunter2")
        .contains("  - name: DB_PASSWORD\n    value: •••\n")
        .contains("    value: debug\n");
  }
}
