package io.helmgate.bot.forge;

import static io.helmgate.bot.forge.Deliveries.body;
import static io.helmgate.bot.forge.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.ForgeEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The webhook endpoint through Spring MVC's dispatching, with deliveries signed in the test. */
class ForgeWebhookControllerTest {

  static final String SECRET = "gh-webhook-secret-for-tests";
  final List<ForgeEvent> received = new ArrayList<>();
  final byte[] merged = body("github-pull-request-closed-merged.json");

  MockMvc endpoint(ForgeProperties properties) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("events", (ForgeEvents) received::add);
    return MockMvcBuilders.standaloneSetup(
            new ForgeWebhookController(properties, beans.getBeanProvider(ForgeEvents.class)))
        .build();
  }

  static ForgeProperties github(String secret) {
    return new ForgeProperties(
        ForgeProperties.Type.GITHUB,
        URI.create("https://api.github.com"),
        "acme/helm-values",
        "ghp-fake-token-for-tests",
        secret,
        ForgeProperties.MergeMethod.MERGE,
        Duration.ofMinutes(1),
        Duration.ofSeconds(5));
  }

  @Test
  void aSignedDeliveryIsAcceptedAndItsEventPublished() throws Exception {
    endpoint(github(SECRET))
        .perform(
            post("/forge/github/webhook")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "pull_request")
                .header("X-Hub-Signature-256", sign(SECRET, merged))
                .content(merged))
        .andExpect(status().isNoContent());

    assertThat(received)
        .containsExactly(
            new ForgeEvent.Merged(
                7, "helmgate/R-42", Optional.of("f1e2d3c4b5a6978877665544332211aabbccddee")));
  }

  @Test
  void aForgedDeliveryIsRefusedWith401AndPublishesNothing() throws Exception {
    endpoint(github(SECRET))
        .perform(
            post("/forge/github/webhook")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "pull_request")
                .header("X-Hub-Signature-256", sign("guessed-secret", merged))
                .content(merged))
        .andExpect(status().isUnauthorized());
    endpoint(github(SECRET))
        .perform(
            post("/forge/github/webhook")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "pull_request")
                .content(merged))
        .andExpect(status().isUnauthorized());

    assertThat(received).isEmpty();
  }

  @Test
  void withoutAWebhookSecretEveryDeliveryIsRefused() throws Exception {
    endpoint(github(null))
        .perform(
            post("/forge/github/webhook")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "pull_request")
                .header("X-Hub-Signature-256", sign(SECRET, merged))
                .content(merged))
        .andExpect(status().isUnauthorized());

    assertThat(received).isEmpty();
  }

  @Test
  void anotherForgesPathOrNoForgeAtAllIsNotFound() throws Exception {
    endpoint(github(SECRET))
        .perform(
            post("/forge/gitlab/webhook")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Gitlab-Token", SECRET)
                .content(merged))
        .andExpect(status().isNotFound());
    endpoint(new ForgeProperties(null, null, null, null, null, null, null, null))
        .perform(
            post("/forge/github/webhook")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Hub-Signature-256", sign(SECRET, merged))
                .content(merged))
        .andExpect(status().isNotFound());

    assertThat(received).isEmpty();
  }
}
