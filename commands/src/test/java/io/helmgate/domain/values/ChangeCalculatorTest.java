package io.helmgate.domain.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeCalculatorTest {

  private static final KeyPath TAG = KeyPath.of("image.tag");
  private static final KeyPath REPLICAS = KeyPath.of("replicaCount");
  private static final KeyPath DIGEST = KeyPath.of("image.digest");

  private final ValuesDocument staging =
      ValuesDocument.parse(
          """
          # acme/payments staging
          image:
            repository: registry.example.org/acme/payments-api
            tag: 1.4.2
            digest: sha256:2222222222222222222222222222222222222222222222222222222222222222
          replicaCount: 2
          ingress:
            hostname: payments.staging.acme.example.org
          """);

  private final ValuesDocument prod =
      ValuesDocument.parse(
          """
          # acme/payments prod
          image:
            repository: registry.example.org/acme/payments-api
            tag: 1.4.1   # promoted by Helmgate
          replicaCount: 2
          ingress:
            hostname: payments.acme.example.org
          """);

  @Test
  void promotionListsOldAndNewValueOfEachPromotableKey() {
    ChangeSet changes = ChangeCalculator.promotion(prod, staging, List.of(TAG, REPLICAS));

    assertThat(changes.changes())
        .containsExactly(
            new ValueChange(TAG, "1.4.1", "1.4.2", ValueType.STRING, ValueType.STRING),
            new ValueChange(REPLICAS, "2", "2", ValueType.PLAIN, ValueType.PLAIN));
    assertThat(changes.effective().changes())
        .containsExactly(
            new ValueChange(TAG, "1.4.1", "1.4.2", ValueType.STRING, ValueType.STRING));
  }

  @Test
  void promotionOfAKeyTheTargetLacksHasNoOldValue() {
    ChangeSet changes = ChangeCalculator.promotion(prod, staging, List.of(DIGEST));

    assertThat(changes.changes())
        .containsExactly(
            new ValueChange(
                DIGEST,
                null,
                "sha256:2222222222222222222222222222222222222222222222222222222222222222",
                ValueType.STRING,
                ValueType.STRING));
  }

  @Test
  void promotionCountsARepeatedKeyOnce() {
    assertThat(ChangeCalculator.promotion(prod, staging, List.of(TAG, TAG)).changes()).hasSize(1);
  }

  @Test
  void promotionWhenKeysAreMissingInTheSourceThenRefusedNamingThemAll() {
    assertThatThrownBy(
            () ->
                ChangeCalculator.promotion(
                    prod,
                    staging,
                    List.of(TAG, KeyPath.of("image.pullPolicy"), KeyPath.of("autoscaling.max"))))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessage(
            "not set in the source environment's values, so it cannot be promoted:"
                + " image.pullPolicy, autoscaling.max; set them in the source first, or set the"
                + " target value explicitly");
  }

  @Test
  void promotionWhenAPathIsRefusedThenTheMessageSaysInWhichDocument() {
    ValuesDocument listy = ValuesDocument.parse("image:\n  - tag: 1\n");

    assertThatThrownBy(() -> ChangeCalculator.promotion(prod, listy, List.of(TAG)))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageStartingWith("in the source values: `image.tag`: `image` (line 1) is a list");
    assertThatThrownBy(() -> ChangeCalculator.promotion(listy, staging, List.of(TAG)))
        .hasMessageStartingWith("in the target values: ");
  }

  @Test
  void promotionWhenTheSourceValueCannotBeWrittenThenRefused() {
    ValuesDocument longTag = ValuesDocument.parse("image:\n  tag: " + "x".repeat(300) + "\n");

    assertThatThrownBy(() -> ChangeCalculator.promotion(prod, longTag, List.of(TAG)))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageContaining("in the source values: new value for `image.tag`: the value is 300");
  }

  @Test
  void explicitValuesKeepTheGivenOrder() {
    Map<KeyPath, String> values = new LinkedHashMap<>();
    values.put(REPLICAS, "3");
    values.put(TAG, "1.4.3");

    assertThat(ChangeCalculator.explicit(prod, values).changes())
        .containsExactly(
            new ValueChange(REPLICAS, "2", "3"), new ValueChange(TAG, "1.4.1", "1.4.3"));
  }

  @Test
  void explicitWhenAValueCannotBeWrittenThenRefusedBeforeAnythingIsApplied() {
    assertThatThrownBy(() -> ChangeCalculator.explicit(prod, Map.of(TAG, "1.4.3\nevil: true")))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageContaining("line break");
  }

  @Test
  void explicitWithNoValuesIsNoChange() {
    assertThat(ChangeCalculator.explicit(prod, Map.of()).isEmpty()).isTrue();
  }

  @Test
  void applyEditsOnlyTheChangedScalars() {
    ChangeSet changes = ChangeCalculator.promotion(prod, staging, List.of(TAG, REPLICAS, DIGEST));

    assertThat(ChangeCalculator.apply(prod, changes))
        .isEqualTo(
            """
            # acme/payments prod
            image:
              repository: registry.example.org/acme/payments-api
              tag: 1.4.2   # promoted by Helmgate
              digest: sha256:2222222222222222222222222222222222222222222222222222222222222222
            replicaCount: 2
            ingress:
              hostname: payments.acme.example.org
            """);
  }

  @Test
  void applyOfOnlyNoOpChangesLeavesTheTextAsItWas() {
    ValuesDocument quoted = ValuesDocument.parse("image:\n  tag: \"\\x31.4.1\"\n");
    ChangeSet same = new ChangeSet(List.of(new ValueChange(TAG, "1.4.1", "1.4.1")));

    assertThat(ChangeCalculator.apply(quoted, same)).isEqualTo(quoted.text());
    assertThat(ChangeCalculator.apply(prod, ChangeSet.NONE)).isEqualTo(prod.text());
  }

  @Test
  void applyWhenTheTargetChangedSinceTheChangeWasPreparedThenRefused() {
    ChangeSet changes = ChangeCalculator.explicit(prod, Map.of(TAG, "1.4.3"));
    ValuesDocument movedOn = prod.with(TAG, "1.4.2");

    assertThatThrownBy(() -> ChangeCalculator.apply(movedOn, changes))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessage(
            "`image.tag` has changed in the target values since the change was prepared; prepare"
                + " the change again");
  }

  @Test
  void applyWhenAKeyToCreateAppearedMeanwhileThenRefused() {
    ChangeSet changes = ChangeCalculator.promotion(prod, staging, List.of(DIGEST));
    ValuesDocument movedOn = prod.withCreate(DIGEST, "sha256:other");

    assertThatThrownBy(() -> ChangeCalculator.apply(movedOn, changes))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageContaining("`image.digest` has changed");
  }

  @Test
  void applyWhenAKeyWasRemovedMeanwhileThenRefused() {
    ChangeSet changes = ChangeCalculator.explicit(staging, Map.of(DIGEST, "sha256:new"));

    assertThatThrownBy(() -> ChangeCalculator.apply(prod, changes))
        .hasMessageContaining("`image.digest` no longer exists");
  }

  @Test
  void staleMessagesNeverShowValues() {
    ChangeSet changes =
        new ChangeSet(List.of(new ValueChange(KeyPath.of("db.password"), "old-s3cret", "new")));
    ValuesDocument doc = ValuesDocument.parse("db:\n  password: current-s3cret\n");

    assertThatThrownBy(() -> ChangeCalculator.apply(doc, changes))
        .message()
        .doesNotContain("s3cret");
  }

  private static final ValuesDocument ANCHORED =
      ValuesDocument.parse(
          """
          image:
            tag: &appTag 1.4.1
          sidecar:
            image:
              tag: *appTag
          replicaCount: 2
          """);

  @Test
  void explicitChangeOfAnAnchoredValueThatAnAliasReadsIsRefusedNamingTheAlias() {
    assertThatThrownBy(
            () -> ChangeCalculator.explicit(ANCHORED, new LinkedHashMap<>(Map.of(TAG, "1.4.2"))))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageContaining("`image.tag` is an anchored value")
        .hasMessageContaining("`&appTag` is read by the alias on line 5")
        .hasMessageNotContaining("1.4.1");
  }

  @Test
  void promotionOfAnAnchoredValueThatAnAliasReadsIsRefused() {
    assertThatThrownBy(() -> ChangeCalculator.promotion(ANCHORED, staging, List.of(TAG)))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageContaining("alias on line 5");
  }

  @Test
  void aChangeInsideAnAnchoredMappingThatAnAliasReadsIsRefused() {
    ValuesDocument doc =
        ValuesDocument.parse(
            """
            defaults: &defaults
              tag: 1.4.1
            canary: *defaults
            """);

    assertThatThrownBy(
            () ->
                ChangeCalculator.explicit(
                    doc, new LinkedHashMap<>(Map.of(KeyPath.of("defaults.tag"), "1.4.2"))))
        .isInstanceOf(ValuesDocumentException.class)
        .hasMessageContaining("`&defaults` is read by the alias on line 3");
  }

  @Test
  void otherKeysOfADocumentWithAnchorsCanStillBeChanged() {
    ChangeSet change =
        ChangeCalculator.explicit(ANCHORED, new LinkedHashMap<>(Map.of(REPLICAS, "3")));

    assertThat(ChangeCalculator.apply(ANCHORED, change)).contains("replicaCount: 3");
  }

  @Test
  void anAnchoredValueThatNoAliasReadsCanBeChanged() {
    ValuesDocument doc = ValuesDocument.parse("image:\n  tag: &appTag 1.4.1\n");

    ChangeSet change = ChangeCalculator.explicit(doc, new LinkedHashMap<>(Map.of(TAG, "1.4.2")));

    assertThat(ChangeCalculator.apply(doc, change)).isEqualTo("image:\n  tag: &appTag 1.4.2\n");
  }
}
