package io.helmgate.bot.argocd;

import static io.helmgate.bot.argocd.ArgoCdTestSupport.application;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.argocd.client.model.Application;
import io.helmgate.bot.argocd.client.model.Info;
import io.helmgate.bot.argocd.client.model.Operation;
import io.helmgate.bot.argocd.client.model.OperationInitiator;
import io.helmgate.bot.argocd.client.model.SyncOperation;
import io.helmgate.domain.port.AppObservation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading one Application into the pipeline's observation, from Argo CD's real JSON. */
class ObservationsTest {

  @Test
  void aFinishedOperationIsReadFromItsStateWithTheValuesSourcesRevision() {
    AppObservation seen = Observations.observe(application("watch-succeeded.json"));

    assertThat(seen.operationPending()).isFalse();
    AppObservation.Operation op = seen.operation().orElseThrow();
    assertThat(op.marker()).contains("R-42");
    assertThat(op.phase()).contains("Succeeded");
    assertThat(op.initiatedBy()).isEqualTo("helmgate-bot");
    assertThat(op.valuesRevision()).contains("c0ffee1234567890abcdef1234567890abcdef12");
    assertThat(seen.valuesRevision()).contains("6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192");
  }

  @Test
  void aRequestedOperationBesideTheStateOfAnotherOneIsReadFromTheRequest() {
    // Someone set `operation` without clearing operationState (kubectl patch): the state is
    // R-42's, the operation R-43's; only the operation says what is going on.
    Application app = application("watch-succeeded.json");
    app.setOperation(
        new Operation()
            .sync(
                new SyncOperation()
                    .revisions(List.of("2.7.1", "9b1f0c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c")))
            .initiatedBy(new OperationInitiator().username("helmgate-bot"))
            .info(List.of(new Info().name("helmgate-request").value("R-43"))));

    AppObservation seen = Observations.observe(app);

    assertThat(seen.operationPending()).isTrue();
    AppObservation.Operation op = seen.operation().orElseThrow();
    assertThat(op.marker()).contains("R-43");
    assertThat(op.phase()).isEmpty();
    assertThat(op.finishedAt()).isEmpty();
    assertThat(op.valuesRevision()).contains("9b1f0c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c");
  }

  @Test
  void anAutomatedOperationHasNoMarkerAndSaysAutoSync() {
    Application app = application("sync-accepted.json");
    app.getOperation().info(null).initiatedBy(new OperationInitiator().automated(true));

    AppObservation.Operation op = Observations.observe(app).operation().orElseThrow();

    assertThat(op.automated()).isTrue();
    assertThat(op.marker()).isEmpty();
    assertThat(op.initiatedBy()).isEqualTo("auto-sync");
  }
}
