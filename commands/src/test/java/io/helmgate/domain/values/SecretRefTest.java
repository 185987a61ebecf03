package io.helmgate.domain.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRefTest {

  @Test
  void findAllReadsEverySupportedFormInOrderOfAppearance() {
    String values =
        """
        env:
          - name: DB_PASSWORD
            value: <path:secret/data/acme/payments/prod#db-password>
          - name: API_TOKEN
            value: "<path:kv/data/acme/payments/prod#api_token#3>"
        tls:
          bundle: '<path:secret/data/acme/payments/tls>'
        jdbc: jdbc:postgresql://db/payments?user=<path:secret/data/acme/db#user>&x=1
        """;

    assertThat(SecretRef.findAll(values))
        .containsExactly(
            new SecretRef("secret/data/acme/payments/prod", "db-password"),
            new SecretRef("kv/data/acme/payments/prod", "api_token", 3),
            new SecretRef("secret/data/acme/payments/tls", null),
            new SecretRef("secret/data/acme/db", "user"));
  }

  @Test
  void findAllListsARepeatedReferenceOnce() {
    String values =
        "a: <path:secret/data/x#k>\nb: <path:secret/data/x#k>\nc: <path:secret/data/x#k#2>\n";

    assertThat(SecretRef.findAll(values))
        .containsExactly(
            new SecretRef("secret/data/x", "k"), new SecretRef("secret/data/x", "k", 2));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<path:secret/data/x #key>",
        "<path: secret/data/x#key>",
        "<path:secret/data/x#key | base64encode>",
        "<path:secret/data/x#>",
        "<path:secret/data/x#key#>",
        "<path:secret/data/x#key#0>",
        "<path:secret/data/x#key#v3>",
        "<path:/secret/data/x#key>",
        "<path:secret/data/x/#key>",
        "<path:secret//x#key>",
        "<path:secret/../x#key>",
        "<path:secret/data/..#key>",
        "<path:>",
        "<path:secret/data/x#key",
        "<PATH:secret/data/x#key>",
        "<secret/data/x#key>",
        "<db-password>"
      })
  void findAllIgnoresAnythingButTheStrictForms(String text) {
    assertThat(SecretRef.findAll("value: " + text + "\n")).isEmpty();
  }

  @Test
  void placeholderWritesTheReferenceBackAsFound() {
    assertThat(new SecretRef("kv/data/a", "k", 3).placeholder()).isEqualTo("<path:kv/data/a#k#3>");
    assertThat(new SecretRef("kv/data/a", "k").toString()).isEqualTo("<path:kv/data/a#k>");
    assertThat(new SecretRef("kv/data/a", null).placeholder()).isEqualTo("<path:kv/data/a>");
    assertThat(new SecretRef("kv/data/a", null).wholeSecret()).isTrue();
    assertThat(new SecretRef("kv/data/a", "k").wholeSecret()).isFalse();
  }

  @Test
  void constructorRefusesWhatFindAllWouldNeverProduce() {
    assertThatThrownBy(() -> new SecretRef("a b", "k"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretRef("a/../b", "k"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretRef("a", "k#2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretRef("a", null, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretRef("a", "k", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
