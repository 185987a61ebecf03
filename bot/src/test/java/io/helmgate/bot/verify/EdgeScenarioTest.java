package io.helmgate.bot.verify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.helmgate.bot.testsupport.SeededRemote;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.bot.testsupport.SlackWebApi;
import io.helmgate.bot.testsupport.argocd.ArgoCdStandIn;
import io.helmgate.bot.testsupport.argocd.ValuesApps;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Post-deploy verification through the running bot: a deploy that Argo CD (the stand-in) reports
 * Synced and Healthy is checked against Kong (a WireMock answering the Admin API's JSON), each
 * check is a line in the request's Slack thread, and a failed check ends the request FAILED with
 * the Roll back button on its message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeScenarioTest {

  static final String SECRET = "edge-scenario-signing-secret-not-a-secret";
  static final SlackWebApi slack = new SlackWebApi();
  static final ArgoCdStandIn argo = ArgoCdStandIn.start();
  static ValuesApps apps;
  static final WireMockServer kong = new WireMockServer(options().dynamicPort());

  @LocalServerPort int port;
  @Autowired RequestStore requests;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    slack.start();
    kong.start();
    Path work = Files.createTempDirectory("helmgate-edge");
    Path remote =
        SeededRemote.create(work.resolve("values.git"), Path.of("../config/example-values"));
    apps = ValuesApps.over(argo, remote, "payments");
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:edge-scenario;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    registry.add(
        "spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "edge-scenario");
    registry.add("helmgate.slack.signing-secret", () -> SECRET);
    registry.add("helmgate.slack.bot-token", () -> "xoxb-fake");
    registry.add("helmgate.slack.api-url", slack::apiUrl);
    registry.add("helmgate.git.url", () -> ValuesApps.url(remote));
    registry.add("helmgate.git.workdir", () -> work.resolve("clone").toString());
    registry.add("helmgate.git.fetch-interval", () -> "0s");
    registry.add("helmgate.argocd.url", argo::url);
    registry.add("helmgate.argocd.token", argo::token);
    registry.add("helmgate.argocd.project", () -> "payments");
    registry.add("helmgate.argocd.poll-interval", () -> "100ms");
    registry.add("helmgate.kong.environments.dev.admin-url", kong::baseUrl);
    registry.add("helmgate.kong.environments.dev.proxy-url", kong::baseUrl);
    registry.add("helmgate.kong.environments.dev.health-path", () -> "/{product}/health");
  }

  @AfterAll
  static void stop() {
    slack.stop();
    argo.close();
    kong.stop();
  }

  static String kongFixture(String name) {
    try (InputStream in =
        EdgeScenarioTest.class.getResourceAsStream("/io/helmgate/bot/verify/kong/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void kongAnswers(String path, String body) {
    kong.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(body)));
  }

  static void kongFor(String name, String product, String health) {
    kongAnswers("/services/" + name, kongFixture("service.json"));
    kongAnswers("/routes/" + name, kongFixture("route.json"));
    kongAnswers("/upstreams/" + name + "/health", kongFixture(health));
    kongAnswers("/" + product + "/health", "{\"status\":\"UP\"}");
  }

  RequestId deploy(String text, String tag) throws Exception {
    new SignedSlack(port, SECRET, slack.baseUrl())
        .command("U0ALICE", "alice", "/deploy", text, tag);
    Matcher m = Pattern.compile("R-(\\d+)").matcher(slack.answerTo(tag));
    assertThat(m.find()).as("the answer names the request").isTrue();
    return new RequestId(Long.parseLong(m.group(1)));
  }

  Request awaitEnd(RequestId id) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> requests.find(id).map(r -> r.state().isTerminal()).orElse(false));
    return requests.find(id).orElseThrow();
  }

  @Test
  void aHealthyEdgeIsCheckedLineByLineAndTheRequestSucceedsVerified() throws Exception {
    apps.app("globex/ledger dev");
    kongFor("globex-ledger", "ledger", "health-healthy.json");

    RequestId id = deploy("globex/ledger dev image.tag=9.4.0", "edge-healthy");
    Request done = awaitEnd(id);

    assertThat(done.state()).as(done.outcome().orElse("")).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.outcome()).get().asString().contains("Verified: 4 edge check(s) passed.");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(slack.threadLines(id))
                    .anySatisfy(l -> assertThat(l).contains("Check passed: Kong service"))
                    .anySatisfy(
                        l -> assertThat(l).contains("Check passed: Kong upstream globex-ledger")));
  }

  @Test
  void anUnhealthyUpstreamFailsTheRequestAndItsMessageOffersTheRollBack() throws Exception {
    apps.app("globex/portal dev");
    kongFor("globex-portal", "portal", "health-unhealthy.json");

    RequestId id = deploy("globex/portal dev image.tag=7.2.0", "edge-unhealthy");
    Request done = awaitEnd(id);

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome())
        .get()
        .asString()
        .contains("post-deploy verification failed")
        .contains("Kong upstream globex-portal");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(slack.threadLines(id))
                  .anySatisfy(
                      l -> assertThat(l).contains("Check FAILED: Kong upstream globex-portal"));
              // the line that ends it carries the Roll back button
              assertThat(slack.threadLines(id))
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .contains("post-deploy verification failed")
                              .contains("helmgate-rollback-to"));
            });
  }
}
