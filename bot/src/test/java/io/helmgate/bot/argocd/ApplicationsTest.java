package io.helmgate.bot.argocd;

import static io.helmgate.bot.argocd.ArgoCdTestSupport.application;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.argocd.client.model.ApplicationSource;
import io.helmgate.bot.argocd.client.model.ApplicationSourceHelm;
import io.helmgate.bot.argocd.client.model.ApplicationSpec;
import io.helmgate.bot.argocd.client.model.ApplicationSyncWindow;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Reading the parts of an Application that Helmgate needs. */
class ApplicationsTest {

  @Test
  void valuesSourceOfAMultiSourceAppIsTheRefSourceItsValueFilesUse() {
    assertThat(Applications.valuesSourcePosition(application("app-multi-source.json").getSpec()))
        .isEqualTo(OptionalInt.of(2));
    assertThat(Applications.valuesSourcePosition(application("app-oci-source.json").getSpec()))
        .isEqualTo(OptionalInt.of(1));
  }

  @Test
  void singleSourceAppHasNoValuesSourcePosition() {
    assertThat(Applications.valuesSourcePosition(application("app-single-source.json").getSpec()))
        .isEmpty();
  }

  @Test
  void ofSeveralRefSourcesTheOneReferencedInValueFilesIsTheValuesSource() {
    ApplicationSpec spec =
        new ApplicationSpec()
            .sources(
                List.of(
                    new ApplicationSource()
                        .repoURL("https://git.example.org/ops/shared.git")
                        .ref("shared"),
                    new ApplicationSource()
                        .repoURL("https://charts.example.org/stable")
                        .chart("payments-api")
                        .helm(
                            new ApplicationSourceHelm()
                                .valueFiles(List.of("$values/acme/payments/prod/values.yaml"))),
                    new ApplicationSource()
                        .repoURL("https://git.example.org/ops/deploy-values.git")
                        .ref("values")));

    assertThat(Applications.valuesSourcePosition(spec)).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void multiSourceAppWithoutRefSourceHasNoValuesSourcePosition() {
    ApplicationSpec spec =
        new ApplicationSpec()
            .sources(
                List.of(
                    new ApplicationSource().repoURL("https://git.example.org/a.git").path("a"),
                    new ApplicationSource().repoURL("https://git.example.org/b.git").path("b")));

    assertThat(Applications.valuesSourcePosition(spec)).isEmpty();
    assertThat(Applications.displayRevision(List.of("1a", "2b"), spec)).isEqualTo("1a, 2b");
  }

  @Test
  void windowsAreDescribedForPeople() {
    assertThat(
            Applications.describe(
                new ApplicationSyncWindow()
                    .kind("deny")
                    .schedule("0 22 * * *")
                    .duration("1h")
                    .manualSync(true)))
        .isEqualTo("deny 0 22 * * * for 1h (manual sync allowed)");
    assertThat(
            Applications.describe(
                new ApplicationSyncWindow().kind("allow").schedule("0 6 * * 1-5").duration("14h")))
        .isEqualTo("allow 0 6 * * 1-5 for 14h");
  }
}
