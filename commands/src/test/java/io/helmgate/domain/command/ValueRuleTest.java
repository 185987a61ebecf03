package io.helmgate.domain.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.values.KeyPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueRuleTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.4.2",
        "v2.0.0-rc.1",
        "1.0.0+build.7",
        "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
        "registry.example.org/acme/payments",
        "registry.example.org:5000/acme/payments@sha256:a3ed95ca",
        "3",
        "true",
        "512Mi",
        "payments.prod.acme.example",
        "/var/lib/data",
        "https://api.example.org/v1",
        "dGVzdA==",
        "my_feature"
      })
  void typicalHelmValuesAreAccepted(String value) {
    assertThat(ValueRule.accepts(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " 1.4.2", "1.4.2 ", "a: b", "a #b", "&a", "*a", "!tag", "|", ">", "{a}", "[a]", "#a",
        "%a", "@a", "`a`", "-a", "?a", ",a", "~", "'a'", "\"a\"", "a\nb", "a\u0000", "a\u200B", "ａ",
        "a;b", "$(a)", "a\\b", "a:", "a<b"
      })
  void anythingThatCouldChangeYamlOrReachAShellIsRefused(String value) {
    assertThat(ValueRule.accepts(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {255, 256})
  void upTo256CharactersAreAccepted(int length) {
    assertThat(ValueRule.accepts("a".repeat(length))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {257, 5000})
  void moreThan256CharactersAreRefused(int length) {
    assertThat(ValueRule.accepts("a".repeat(length))).isFalse();
  }

  @org.junit.jupiter.api.Test
  void nullIsNotAValue() {
    assertThat(ValueRule.accepts(null)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void theMessageQuotesValueAndKeyAndStatesTheRule() {
    assertThat(Fixtures.plain(ValueRule.message(KeyPath.of("image.tag"), "a b")))
        .isEqualTo(
            "`a b` is not accepted for `image.tag`: a space is not allowed. Values are one word of"
                + " at most 256 characters: letters, digits and `. - _ + : / @ =`, starting with a"
                + " letter, a digit or `/` (for example `image.tag=1.4.2`).");
  }
}
