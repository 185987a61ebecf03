package io.helmgate.bot.forge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.helmgate.bot.forge.ForgeStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.helmgate.bot.testsupport.MutableClock;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.Review;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SlackForgeUsers against a WireMock answering like Slack's {@code users.lookupByEmail}: the
 * success shape, {@code users_not_found}, 429 {@code ratelimited} with {@code Retry-After} and
 * {@code missing_scope} as Slack's method reference gives them (fixtures in {@code slack/}).
 */
class SlackForgeUsersTest {

  static final String LOOKUP = "/api/users.lookupByEmail";

  WireMockServer slack;
  MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

  @BeforeEach
  void start() {
    slack = ForgeStandIn.start();
    authTest();
  }

  /** The SDK asks auth.test for its team id when it meets an error; Slack answers it so. */
  void authTest() {
    slack.stubFor(
        post(urlEqualTo("/api/auth.test"))
            .willReturn(
                okJson(
                    "{\"ok\":true,\"team_id\":\"T012AB3C4\",\"user_id\":\"U0HELMGATE\","
                        + "\"bot_id\":\"B0HELMGATE\",\"url\":\"https://acme.slack.com/\"}")));
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  SlackForgeUsers users(Map<String, String> table, Boolean matchByEmail) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.baseUrl() + "/api/");
    ForgeProperties properties =
        new ForgeProperties(
            ForgeProperties.Type.BITBUCKET,
            URI.create("https://bitbucket.example.com"),
            "OPS/helm-values",
            "bitbucket-fake-token",
            null,
            null,
            null,
            null,
            table,
            matchByEmail);
    return new SlackForgeUsers(
        properties, Slack.getInstance(config).methods("xoxb-fake"), clock, Duration.ofMinutes(5));
  }

  SlackForgeUsers byEmail() {
    return users(Map.of(), true);
  }

  static Review approvalBy(String login, String email) {
    return new Review(
        login,
        Optional.ofNullable(email),
        Review.Verdict.APPROVED,
        Optional.empty(),
        Optional.empty());
  }

  void slackAnswers(String email, String fixture) {
    slack.stubFor(
        post(urlEqualTo(LOOKUP))
            .withFormParam("email", equalTo(email))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(fixture(getClass(), "slack/" + fixture))));
  }

  int lookups() {
    return slack.findAll(postRequestedFor(urlEqualTo(LOOKUP))).size();
  }

  @Test
  void aTableEntryWithASlackIdWinsOverTheEmailAndAsksSlackNothing() {
    slackAnswers("bob@acme.example", "users-lookup-bob.json");
    SlackForgeUsers users = users(Map.of("ops-bob", "U0TABLE1"), true);

    assertThat(users.slackUserOf(approvalBy("Ops-Bob", "bob@acme.example"))).contains("U0TABLE1");
    assertThat(lookups()).isZero();
  }

  @Test
  void aTableEntryWithAnEmailIsLookedUpEvenWhenEmailMatchingIsOff() {
    slackAnswers("bob@acme.example", "users-lookup-bob.json");
    SlackForgeUsers users = users(Map.of("ops-bob", "bob@acme.example"), false);

    assertThat(users.slackUserOf(approvalBy("ops-bob", "someone-else@acme.example")))
        .contains("U0BOB42");
  }

  @Test
  void aReviewersForgeEmailIsLookedUpInSlackAndTheAnswerIsCached() {
    slackAnswers("bob@acme.example", "users-lookup-bob.json");
    SlackForgeUsers users = byEmail();

    assertThat(users.slackUserOf(approvalBy("ops-bob", "bob@acme.example"))).contains("U0BOB42");
    assertThat(users.slackUserOf(approvalBy("ops-bob", "Bob@Acme.example"))).contains("U0BOB42");
    assertThat(lookups()).as("the second review within the TTL is answered from the cache").isOne();
    slack.verify(
        postRequestedFor(urlEqualTo(LOOKUP))
            .withHeader("Authorization", equalTo("Bearer xoxb-fake")));

    clock.advance(Duration.ofMinutes(6));
    users.slackUserOf(approvalBy("ops-bob", "bob@acme.example"));
    assertThat(lookups()).as("after the TTL Slack is asked again").isEqualTo(2);
  }

  @Test
  void anEmailSlackDoesNotKnowIsNobodyAndThatIsCachedToo() {
    slackAnswers("eve@elsewhere.example", "users-not-found.json");
    SlackForgeUsers users = byEmail();

    assertThat(users.slackUserOf(approvalBy("eve", "eve@elsewhere.example"))).isEmpty();
    assertThat(users.slackUserOf(approvalBy("eve", "eve@elsewhere.example"))).isEmpty();
    assertThat(lookups()).isOne();
  }

  @Test
  void aRateLimitIsAnOutageNotAnAnswerAndSlackIsLeftAloneUntilRetryAfter() {
    slack.stubFor(
        post(urlEqualTo(LOOKUP))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(fixture(getClass(), "slack/ratelimited.json"))));
    SlackForgeUsers users = byEmail();

    DirectoryUnavailableException e =
        catchThrowableOfType(
            DirectoryUnavailableException.class,
            () -> users.slackUserOf(approvalBy("ops-bob", "bob@acme.example")));
    assertThat(e).hasMessageContaining("ops-bob");
    assertThat(
            catchThrowableOfType(
                DirectoryUnavailableException.class,
                () -> users.slackUserOf(approvalBy("ops-carol", "carol@acme.example"))))
        .isNotNull();
    assertThat(lookups()).as("nothing is sent during Retry-After").isOne();

    slack.resetAll();
    authTest();
    slackAnswers("bob@acme.example", "users-lookup-bob.json");
    clock.advance(Duration.ofSeconds(31));
    assertThat(users.slackUserOf(approvalBy("ops-bob", "bob@acme.example"))).contains("U0BOB42");
  }

  @Test
  void aMissingScopeIsAnOutageThatNamesTheScopeToAdd() {
    slackAnswers("bob@acme.example", "missing-scope.json");

    DirectoryUnavailableException e =
        catchThrowableOfType(
            DirectoryUnavailableException.class,
            () -> byEmail().slackUserOf(approvalBy("ops-bob", "bob@acme.example")));

    assertThat(e).hasMessageContaining("users:read.email");
  }

  @Test
  void aDeactivatedSlackUserOrABotIsNobody() {
    slackAnswers("dave@acme.example", "users-lookup-deleted.json");
    slackAnswers("ci@acme.example", "users-lookup-bot.json");
    SlackForgeUsers users = byEmail();

    assertThat(users.slackUserOf(approvalBy("ops-dave", "dave@acme.example"))).isEmpty();
    assertThat(users.slackUserOf(approvalBy("ci", "ci@acme.example"))).isEmpty();
  }

  @Test
  void withEmailMatchingOffOrNoEmailOnlyTheTableCountsAndTheLoginIsNeverGuessed() {
    slackAnswers("bob@acme.example", "users-lookup-bob.json");
    Map<String, String> table = new LinkedHashMap<>();
    table.put("ops-carol", "U0CAROL");

    assertThat(users(table, false).slackUserOf(approvalBy("ops-bob", "bob@acme.example")))
        .isEmpty();
    assertThat(users(table, true).slackUserOf(approvalBy("bob", null)))
        .as("a login that looks like a Slack name is not a mapping")
        .isEmpty();
    assertThat(lookups()).isZero();
  }

  @Test
  void aBlankOrMalformedForgeEmailIsNobodyWithoutAskingSlack() {
    SlackForgeUsers users = byEmail();

    assertThat(users.slackUserOf(approvalBy("ops-bob", " "))).isEmpty();
    assertThat(users.slackUserOf(approvalBy("ops-bob", "bob"))).isEmpty();
    assertThat(lookups()).isZero();
  }
}
