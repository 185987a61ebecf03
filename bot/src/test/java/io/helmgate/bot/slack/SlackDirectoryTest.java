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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackDirectoryTest {

  WireMockServer slack = new WireMockServer(options().dynamicPort());
  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  SlackDirectory directory;

  static final String GROUPS =
      """
      {"ok":true,"usergroups":[
        {"id":"S0OPS","team_id":"T1","is_usergroup":true,"name":"Ops","handle":"ops-team","user_count":"2"},
        {"id":"S0DEV","team_id":"T1","is_usergroup":true,"name":"Developers","handle":"dev-team","user_count":"1"},
        {"id":"S0ELSE","team_id":"T1","is_usergroup":true,"name":"Marketing","handle":"marketing","user_count":"1"},
        {"id":"S0LOOK","team_id":"T1","is_usergroup":true,"name":"Lookalike","handle":"s0dev","user_count":"1"}
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
    slack.stubFor(post(urlEqualTo("/api/usergroups.list")).willReturn(okJson(GROUPS)));
    slack.stubFor(
        post(urlEqualTo("/api/usergroups.users.list"))
            .withRequestBody(WireMock.containing("usergroup=S0OPS"))
            .willReturn(okJson("{\"ok\":true,\"users\":[\"U0ALICE\",\"U0BOB\"]}")));
    slack.stubFor(
        post(urlEqualTo("/api/usergroups.users.list"))
            .withRequestBody(WireMock.containing("usergroup=S0DEV"))
            .willReturn(okJson("{\"ok\":true,\"users\":[\"U0DAVE\",\"U0BOB\"]}")));
  }

  @Test
  void groupsOfAUserAreTheConfiguredGroupsByIdAndByHandleWrittenWithAnAt() {
    slackAnswers();

    assertThat(directory.groupsOf("U0ALICE")).containsExactlyInAnyOrder("S0OPS", "@ops-team");
    assertThat(directory.groupsOf("U0BOB"))
        .containsExactlyInAnyOrder("S0OPS", "@ops-team", "S0DEV", "@dev-team");
    assertThat(directory.groupsOf("U0NOBODY")).isEmpty();
    slack.verify(
        0,
        postRequestedFor(urlEqualTo("/api/usergroups.users.list"))
            .withRequestBody(WireMock.containing("usergroup=S0ELSE")));
  }

  @Test
  void aGroupWhoseHandleSpellsAConfiguredIdIsNotThatGroup() {
    slackAnswers();
    slack.stubFor(
        post(urlEqualTo("/api/usergroups.users.list"))
            .withRequestBody(WireMock.containing("usergroup=S0LOOK"))
            .willReturn(okJson("{\"ok\":true,\"users\":[\"U0EVE\"]}")));

    assertThat(directory.groupsOf("U0EVE")).isEmpty();
  }

  @Test
  void answersFromTheCacheWithinTheTtl() {
    slackAnswers();
    directory.groupsOf("U0ALICE");
    clock.advance(Duration.ofSeconds(30));

    directory.groupsOf("U0BOB");

    slack.verify(1, postRequestedFor(urlEqualTo("/api/usergroups.list")));
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
