package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.ArtifactChecker.ArtifactRef;
import io.helmgate.domain.port.ArtifactChecker.Kind;
import io.helmgate.domain.port.ArtifactChecker.Resolution;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which artifacts a change promotes, and how bound digests are compared. */
class ArtifactPreflightTest {

  static ChangeSet changed(String... keys) {
    return new ChangeSet(
        java.util.Arrays.stream(keys)
            .map(k -> new ValueChange(KeyPath.of(k), "old", "new"))
            .toList());
  }

  static final String VALUES =
      """
      image:
        repository: registry.acme.example/checkout/checkout-web
        tag: "2.7.1"
      sidecar:
        registry: mirror.acme.example:5000
        repository: tools/envoy
        tag: v1.30.2
      worker:
        tag: "9.9"
      chart:
        repository: oci://charts.acme.example/charts/checkout
        version: 1.4.0+build.7
      legacy:
        repository: https://charts.example.test
        version: 3.1.0
      replicaCount: 3
      """;

  @Test
  void changedImageTagWithRepositoryBesideItIsAnImage() {
    assertThat(ArtifactPreflight.promoted(changed("image.tag", "replicaCount"), VALUES))
        .containsExactly(
            new ArtifactRef(Kind.IMAGE, "registry.acme.example/checkout/checkout-web", "2.7.1"));
  }

  @Test
  void registryBesideTheRepositoryIsPutInFrontOfIt() {
    assertThat(ArtifactPreflight.promoted(changed("sidecar.tag"), VALUES))
        .containsExactly(
            new ArtifactRef(Kind.IMAGE, "mirror.acme.example:5000/tools/envoy", "v1.30.2"));
  }

  @Test
  void versionBesideAnOciRepositoryIsAChartAndHttpChartRepositoriesAreNotChecked() {
    assertThat(ArtifactPreflight.promoted(changed("chart.version", "legacy.version"), VALUES))
        .containsExactly(
            new ArtifactRef(Kind.CHART, "charts.acme.example/charts/checkout", "1.4.0+build.7"));
  }

  @Test
  void tagWithoutRepositoryBesideItNamesNoArtifact() {
    assertThat(ArtifactPreflight.promoted(changed("worker.tag"), VALUES)).isEmpty();
  }

  @Test
  void unparsableContentNamesNoArtifact() {
    assertThat(ArtifactPreflight.promoted(changed("image.tag"), "image: [unclosed")).isEmpty();
  }

  @Test
  void rebindWhenNoTagMovedThenBindingsAreUnchanged() {
    ArtifactRef ref = new ArtifactRef(Kind.IMAGE, "reg.example/a/b", "1.0");
    List<String> bound = List.of("artifact=reg.example/a/b:1.0@sha256:aa", "other=x");
    ArtifactPreflight.Result now =
        new ArtifactPreflight.Result(List.of(Resolution.resolved(ref, "sha256:aa")));

    assertThat(ArtifactPreflight.rebind(bound, now)).isEqualTo(bound);
    assertThat(ArtifactPreflight.moved(bound, now)).isEmpty();
  }

  @Test
  void rebindWhenTagMovedThenTheNewDigestReplacesTheBoundOne() {
    ArtifactRef ref = new ArtifactRef(Kind.IMAGE, "reg.example:5000/a/b", "1.0");
    List<String> bound = List.of("artifact=reg.example:5000/a/b:1.0@sha256:aa");
    ArtifactPreflight.Result now =
        new ArtifactPreflight.Result(List.of(Resolution.resolved(ref, "sha256:bb")));

    assertThat(ArtifactPreflight.rebind(bound, now))
        .containsExactly("artifact=reg.example:5000/a/b:1.0@sha256:bb");
    assertThat(ArtifactPreflight.moved(bound, now))
        .containsExactly(
            "`reg.example:5000/a/b:1.0` now points at sha256:bb (approved: sha256:aa)");
  }

  @Test
  void shortDigestKeepsTwelveHexDigits() {
    assertThat(ArtifactPreflight.shortDigest("sha256:" + "0123456789abcdef".repeat(4)))
        .isEqualTo("sha256:0123456789ab…");
  }
}
