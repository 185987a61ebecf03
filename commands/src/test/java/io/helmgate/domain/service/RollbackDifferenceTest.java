package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.Redaction;
import org.junit.jupiter.api.Test;

/** What an approver is shown for a rollback, which restores a whole values file. */
class RollbackDifferenceTest {

  private final Changes changes = new Changes(io.helmgate.domain.policy.ExampleGroups.policy());

  private ChangeSet difference(String current, String restored) {
    return changes.difference(current, restored, Redaction.defaults());
  }

  @Test
  void aRestoredListIsShownAsALineDiff() {
    ChangeSet change =
        difference(
            "image:\n  tag: 1.4.2\nhosts:\n  - a.example.org\n  - b.example.org\n",
            "image:\n  tag: 1.4.2\nhosts:\n  - a.example.org\n");

    assertThat(change.isEmpty()).isFalse();
    assertThat(change.fileDiff()).contains("-  - b.example.org");
  }

  @Test
  void aRestoredFlowMappingIsShownAsALineDiff() {
    ChangeSet change =
        difference("limits: {cpu: 1, memory: 2Gi}\n", "limits: {cpu: 2, memory: 2Gi}\n");

    assertThat(change.fileDiff())
        .containsExactly(
            "@@ -1 +1 @@", "-limits: {cpu: 1, memory: 2Gi}", "+limits: {cpu: 2, memory: 2Gi}");
  }

  @Test
  void aRestoredBlockScalarIsShownAsALineDiff() {
    ChangeSet change =
        difference(
            "config: |\n  mode: fast\n  retries: 3\nname: x\n",
            "config: |\n  mode: safe\n  retries: 3\nname: x\n");

    assertThat(change.fileDiff()).contains("-  mode: fast", "+  mode: safe");
  }

  @Test
  void aRestoredAnchoredValueIsShownWithTheLinesOfItsAnchor() {
    ChangeSet change =
        difference(
            "base:\n  tag: &tag 1.4.2\nsidecar:\n  tag: *tag\n",
            "base:\n  tag: &tag 1.4.1\nsidecar:\n  tag: *tag\n");

    assertThat(change.changes()).extracting(Object::toString).contains("base.tag 1.4.2 → 1.4.1");
    assertThat(change.fileDiff()).contains("-  tag: &tag 1.4.2", "+  tag: &tag 1.4.1");
  }

  @Test
  void aRestoredAnchoredValueShowsEveryKeyThatReadsItThroughAnAlias() {
    ChangeSet change =
        difference(
            "base: &base\n  image:\n    tag: &tag 1.4.2\nsidecar:\n  tag: *tag\ncanary: *base\n",
            "base: &base\n  image:\n    tag: &tag 1.4.1\nsidecar:\n  tag: *tag\ncanary: *base\n");

    assertThat(change.changes())
        .extracting(Object::toString)
        .containsExactly(
            "base.image.tag 1.4.2 → 1.4.1",
            "canary.image.tag 1.4.2 → 1.4.1",
            "sidecar.tag 1.4.2 → 1.4.1");
    assertThat(change.fileDiff()).isNotEmpty();
  }

  @Test
  void aKeyWithDotsAndSlashesIsShownAsALineDiff() {
    ChangeSet change =
        difference(
            "ingress:\n  annotations:\n    konghq.com/plugins: rate-limit\n",
            "ingress:\n  annotations:\n    konghq.com/plugins: rate-limit,auth\n");

    assertThat(change.fileDiff())
        .contains(
            "-    konghq.com/plugins: rate-limit", "+    konghq.com/plugins: rate-limit,auth");
  }

  @Test
  void aDifferenceInCommentsOnlyIsShownAsALineDiff() {
    ChangeSet change = difference("a: 1 # old note\n", "a: 1 # new note\n");

    assertThat(change.changes()).isEmpty();
    assertThat(change.fileDiff())
        .containsExactly("@@ -1 +1 @@", "-a: 1 # old note", "+a: 1 # new note");
  }

  @Test
  void aFileThatCannotBeParsedIsStillShownAsALineDiff() {
    ChangeSet change = difference("a: 1\na: 2\n", "a: 1\n");

    assertThat(change.fileDiff()).contains("-a: 2");
  }

  @Test
  void aScalarChangeThatSaysEverythingHasNoLineDiff() {
    ChangeSet change = difference("image:\n  tag: 1.4.2 # note\n", "image:\n  tag: 1.4.1 # note\n");

    assertThat(change.changes())
        .extracting(Object::toString)
        .containsExactly("image.tag 1.4.2 → 1.4.1");
    assertThat(change.fileDiff()).isEmpty();
  }

  @Test
  void identicalBytesAreTheOnlyNoChange() {
    assertThat(difference("a: 1\n", "a: 1\n").isEmpty()).isTrue();
    assertThat(difference("a: 1\n", "a: 1").isEmpty()).isFalse();
  }

  @Test
  void secretValuesInTheLineDiffAreMaskedButTheirChangeIsShown() {
    ChangeSet change =
        difference(
            "db:\n  password: hunter2\n  hosts: [a]\ntls:\n  privateKey: |\n    AAAA\n",
            "db:\n  password: swordfish\n  hosts: [b]\ntls:\n  privateKey: |\n    BBBB\n");

    assertThat(String.join("\n", change.fileDiff()))
        .doesNotContain("hunter2", "swordfish", "AAAA", "BBBB")
        .contains("-  password: •••", "+  password: •••", "-    •••", "+    •••");
  }
}
