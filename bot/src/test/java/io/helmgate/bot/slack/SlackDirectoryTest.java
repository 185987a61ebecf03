package io.helmgate.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.helmgate.bot.testsupport.MutableClock;
import io.helmgate.domain.port.DirectoryUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackDirectoryTest {

  WireMockServer slack = new WireMockServer(options().dynamicPort());
  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  SlackDirectory directory;

  /** Slack's answer to usergroups.list with include_users=true. */
  static final String GROUPS =
      """
      {"ok":true,"usergroups":[
        {"id":"S0OPS","team_id":"T1","is_usergroup":true,"name":"Ops","handle":"ops-team","user_count":"2","users":["U0ALICE","U0BOB"]},
        {"id":"S0DEV","team_id":"T1","is_usergroup":true,"name":"Developers","handle":"dev-team","user_count":"2","users":["U0DAVE","U0BOB"]},
        {"id":"S0ELSE","team_id":"T1","is_usergroup":true,"name":"Marketing","handle":"marketing","user_count":"1","users":["U0MARK"]},
        {"id":"S0LOOK","team_id":"T1","is_usergroup":true,"name":"Lookalike","handle":"s0dev","user_count":"1","users":["U0EVE"]}
      ]}""";

  /** The same after Bob left Ops. */
  static final String GROUPS_LATER =
      """
      {"ok":true,"usergroups":[
        {"id":"S0OPS","team_id":"T1","is_usergroup":true,"name":"Ops","handle":"ops-team","user_count":"1","users":["U0ALICE"]}
      ]}""";

  @BeforeEach
  void start() {
    slack.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.baseUrl() + "/api/");
    directory =
        new SlackDirectory(
            Slack.getInstance(config).methods("xoxb-fake"),
            Set.of("@ops-team", "S0DEV"),
            Duration.ofMinutes(1),
            Duration.ofMinutes(10),
            clock);
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  void slackAnswers() {
    slackAnswers(GROUPS);
  }

  void slackAnswers(String json) {
    slack.resetAll();
    slack.stubFor(post(urlEqualTo("/api/usergroups.list")).willReturn(okJson(json)));
  }

  void slackRateLimits(String retryAfterSeconds) {
    slack.resetAll();
    slack.stubFor(
        post(urlEqualTo("/api/usergroups.list"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", retryAfterSeconds)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
  }

  int listCalls() {
    return slack.findAll(postRequestedFor(urlEqualTo("/api/usergroups.list"))).size();
  }

  @Test
  void groupsOfAUserAreTheConfiguredGroupsByIdAndByHandleWrittenWithAnAt() {
    slackAnswers();

    assertThat(directory.groupsOf("U0ALICE")).containsExactlyInAnyOrder("S0OPS", "@ops-team");
    assertThat(directory.groupsOf("U0BOB"))
        .containsExactlyInAnyOrder("S0OPS", "@ops-team", "S0DEV", "@dev-team");
    assertThat(directory.groupsOf("U0NOBODY")).isEmpty();
    assertThat(directory.groupsOf("U0MARK")).isEmpty();
  }

  @Test
  void aGroupWhoseHandleSpellsAConfiguredIdIsNotThatGroup() {
    slackAnswers();

    assertThat(directory.groupsOf("U0EVE")).isEmpty();
  }

  @Test
  void oneListCallWithItsMembersTakesTheWholeSnapshotAndNoGroupIsAskedAlone() {
    slackAnswers();

    directory.groupsOf("U0ALICE");

    slack.verify(
        1,
        postRequestedFor(urlEqualTo("/api/usergroups.list"))
            .withRequestBody(WireMock.containing("include_users=1"))
            .withRequestBody(WireMock.containing("include_disabled=0")));
    slack.verify(0, postRequestedFor(urlEqualTo("/api/usergroups.users.list")));
  }

  @Test
  void aListWithoutMembersIsAFailureNotAnEmptyGroup() {
    slackAnswers();
    directory.groupsOf("U0ALICE");
    slackAnswers(GROUPS.replace(",\"users\":[\"U0ALICE\",\"U0BOB\"]", ""));
    clock.advance(Duration.ofMinutes(2));

    assertThat(directory.groupsOf("U0ALICE")).contains("@ops-team");
    assertThat(listCalls()).isEqualTo(1);
  }

  @Test
  void aRefreshAfterTheTtlSeesMembershipChanges() {
    slackAnswers();
    directory.groupsOf("U0BOB");
    slackAnswers(GROUPS_LATER);
    clock.advance(Duration.ofMinutes(2));

    assertThat(directory.groupsOf("U0BOB")).isEmpty();
  }

  @Test
  void afterA429NothingAsksSlackAgainBeforeRetryAfterAndTheLastSnapshotServes() {
    slackAnswers();
    directory.groupsOf("U0ALICE");
    clock.advance(Duration.ofMinutes(2));
    slackRateLimits("30");

    assertThat(directory.groupsOf("U0ALICE")).contains("@ops-team");
    clock.advance(Duration.ofSeconds(20));
    assertThat(directory.groupsOf("U0BOB")).contains("@ops-team");
    assertThatThrownBy(directory::refresh).hasMessageContaining("rate-limiting");
    assertThat(listCalls()).isEqualTo(1);

    slackAnswers(GROUPS_LATER);
    clock.advance(Duration.ofSeconds(11));
    assertThat(directory.groupsOf("U0BOB")).isEmpty();
    assertThat(listCalls()).isEqualTo(1);
  }

  @Test
  void rateLimitedWithNoSnapshotFailsClosedWithoutAskingAgain() {
    slackRateLimits("120");

    assertThatThrownBy(() -> directory.groupsOf("U0ALICE"))
        .isInstanceOf(DirectoryUnavailableException.class)
        .hasMessageContaining("rate-limiting");
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> directory.groupsOf("U0ALICE"))
        .isInstanceOf(DirectoryUnavailableException.class);

    assertThat(listCalls()).isEqualTo(1);
  }

  @Test
  void rateLimitedPastMaxStaleFailsClosed() {
    slackAnswers();
    directory.groupsOf("U0ALICE");
    clock.advance(Duration.ofMinutes(9));
    slackRateLimits("600");
    assertThat(directory.groupsOf("U0ALICE")).contains("@ops-team");

    clock.advance(Duration.ofMinutes(2));

    assertThatThrownBy(() -> directory.groupsOf("U0ALICE"))
        .isInstanceOf(DirectoryUnavailableException.class)
        .hasMessageContaining("rate-limiting");
    assertThat(listCalls()).isEqualTo(1);
  }

  @Test
  void callersWhoNeedARefreshWhileOneRunsShareItsSingleRequest() throws Exception {
    slack.stubFor(
        post(urlEqualTo("/api/usergroups.list")).willReturn(okJson(GROUPS).withFixedDelay(500)));
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Set<String>>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return directory.groupsOf("U0ALICE");
                }));
      }
      go.countDown();
      for (Future<Set<String>> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).contains("@ops-team");
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(listCalls()).isEqualTo(1);
  }

  @Test
  void callersWhoJoinAFailingRefreshAllGetItsFailureFromOneRequest() throws Exception {
    slack.stubFor(
        post(urlEqualTo("/api/usergroups.list"))
            .willReturn(aResponse().withStatus(500).withFixedDelay(500)));
    int callers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return directory.groupsOf("U0ALICE");
                }));
      }
      go.countDown();
      for (Future<?> answer : answers) {
        assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(DirectoryUnavailableException.class);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(listCalls()).isEqualTo(1);
  }

  @Test
  void answersFromTheCacheWithinTheTtl() {
    slackAnswers();
    directory.groupsOf("U0ALICE");
    clock.advance(Duration.ofSeconds(30));

    directory.groupsOf("U0BOB");

    assertThat(listCalls()).isEqualTo(1);
  }

  @Test
  void whenSlackIsDownAndTheCacheIsColdThenFailsClosed() {
    slack.stubFor(post(urlEqualTo("/api/usergroups.list")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> directory.groupsOf("U0ALICE"))
        .isInstanceOf(DirectoryUnavailableException.class)
        .hasMessageContaining("cannot check your Slack user groups");
  }

  @Test
  void whenSlackIsDownBrieflyThenTheLastSnapshotIsUsedUntilMaxStale() {
    slackAnswers();
    directory.groupsOf("U0ALICE");
    slack.resetAll();
    slack.stubFor(post(urlEqualTo("/api/usergroups.list")).willReturn(aResponse().withStatus(500)));
    // A failed refresh keeps the roles everyone had.

    clock.advance(Duration.ofMinutes(5));
    assertThat(directory.groupsOf("U0ALICE")).contains("@ops-team");

    clock.advance(Duration.ofMinutes(6));
    assertThatThrownBy(() -> directory.groupsOf("U0ALICE"))
        .isInstanceOf(DirectoryUnavailableException.class);
  }

  @Test
  void missingScopeIsNamedInTheMessage() {
    slack.stubFor(
        post(urlEqualTo("/api/usergroups.list"))
            .willReturn(
                okJson(
                    "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"usergroups:read\"}")));

    assertThatThrownBy(() -> directory.groupsOf("U0ALICE"))
        .isInstanceOf(DirectoryUnavailableException.class)
        .hasMessageContaining("usergroups:read");
  }
}
