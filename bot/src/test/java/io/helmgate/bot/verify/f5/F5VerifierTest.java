package io.helmgate.bot.verify.f5;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.EdgeVerifier.Check;
import io.helmgate.domain.port.EdgeVerifier.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** F5 checks, drain and re-enable against a WireMock that answers like BIG-IP iControl REST. */
class F5VerifierTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final String TOKEN = "FAKETOKEN0TEST0NOT0REAL";
  static final String POOL = "/mgmt/tm/ltm/pool/~Prod~acme-payments_pool";
  static final String MEMBER_1 = POOL + "/members/~Prod~10.1.0.11:8080";
  static final String MEMBER_2 = POOL + "/members/~Prod~10.1.0.12:8080";

  WireMockServer bigip;

  @BeforeEach
  void start() {
    bigip = new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
    bigip.start();
    bigip.stubFor(
        post(urlPathEqualTo("/mgmt/shared/authn/login"))
            .withRequestBody(
                equalToJson(
                    "{\"username\":\"chatops\",\"password\":\"f5-password-fake\","
                        + "\"loginProviderName\":\"tmos\"}"))
            .willReturn(json(200, fixture("login.json"))));
    bigip.stubFor(
        delete(urlPathEqualTo("/mgmt/shared/authz/tokens/" + TOKEN)).willReturn(json(200, "{}")));
  }

  @AfterEach
  void stop() {
    bigip.stop();
  }

  static String fixture(String name) {
    try (InputStream in = F5VerifierTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }

  F5Verifier verifier(F5Properties.Authentication authentication, boolean drain) {
    return new F5Verifier(
        new F5Properties(
            Map.of(
                "prod",
                new F5Properties.Environment(
                    URI.create(bigip.baseUrl()),
                    authentication,
                    "chatops",
                    "f5-password-fake",
                    "tmos",
                    "Prod",
                    "{customer}-{product}_pool",
                    drain,
                    Duration.ofSeconds(10),
                    Map.of()))));
  }

  F5Verifier verifier() {
    return verifier(F5Properties.Authentication.TOKEN, true);
  }

  void members(String fixture) {
    bigip.stubFor(
        get(urlPathEqualTo(POOL + "/members"))
            .withHeader("X-F5-Auth-Token", equalTo(TOKEN))
            .willReturn(json(200, fixture(fixture))));
  }

  void patchAnswers(String memberPath, int status) {
    bigip.stubFor(
        patch(urlPathEqualTo(memberPath))
            .withHeader("X-F5-Auth-Token", equalTo(TOKEN))
            .willReturn(
                json(
                    status,
                    status == 200
                        ? fixture("member-patched.json")
                        : "{\"code\":400,\"message\":\"01070734:3: Configuration error\","
                            + "\"errorStack\":[],\"apiError\":3}")));
  }

  @Test
  void poolWithEveryMemberUpPasses() {
    members("members-up.json");

    List<Check> checks = verifier().verify(PROD);

    assertThat(checks)
        .containsExactly(new Check("F5 pool /Prod/acme-payments_pool", true, "2 of 2 members up"));
    bigip.verify(
        getRequestedFor(urlPathEqualTo(POOL + "/members"))
            .withQueryParam("$select", equalTo("name,fullPath,address,state,session")));
    bigip.verify(deleteRequestedFor(urlPathEqualTo("/mgmt/shared/authz/tokens/" + TOKEN)));
  }

  @Test
  void poolWithAMemberDownFailsNamingIt() {
    members("members-down.json");

    Check check = verifier().verify(PROD).get(0);

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).isEqualTo("1 of 2 members not up: [10.1.0.12:8080 down]");
  }

  @Test
  void missingPoolFailsWithTheBigIpsAnswer() {
    bigip.stubFor(
        get(urlPathEqualTo(POOL + "/members")).willReturn(json(404, fixture("not-found.json"))));

    Check check = verifier().verify(PROD).get(0);

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).isEqualTo("no such pool on the BIG-IP (404)");
  }

  @Test
  void refusedLoginFailsTheCheckNamingTheUser() {
    bigip.stubFor(
        post(urlPathEqualTo("/mgmt/shared/authn/login"))
            .willReturn(
                json(
                    401,
                    "{\"code\":401,\"message\":\"Authentication failed.\",\"errorStack\":[],"
                        + "\"apiError\":1}")));

    Check check = verifier().verify(PROD).get(0);

    assertThat(check.passed()).isFalse();
    assertThat(check.detail())
        .isEqualTo("the BIG-IP refused the login of chatops (HTTP 401: Authentication failed.)");
  }

  @Test
  void drainDisablesEveryMemberWithTheWritableSessionValue() {
    members("members-up.json");
    patchAnswers(MEMBER_1, 200);
    patchAnswers(MEMBER_2, 200);

    Step step = verifier().drain(PROD);

    assertThat(step.status()).isEqualTo(Step.Status.DONE);
    assertThat(step.detail())
        .isEqualTo(
            "F5 pool /Prod/acme-payments_pool: 2 members disabled (draining)"
                + " [10.1.0.11:8080, 10.1.0.12:8080]");
    for (String member : List.of(MEMBER_1, MEMBER_2)) {
      bigip.verify(
          patchRequestedFor(urlPathEqualTo(member))
              .withRequestBody(equalToJson("{\"session\":\"user-disabled\"}")));
    }
  }

  @Test
  void enableSetsUserUpAndUserEnabledNeverTheReadValues() {
    members("members-up.json");
    patchAnswers(MEMBER_1, 200);
    patchAnswers(MEMBER_2, 200);

    Step step = verifier().enable(PROD);

    assertThat(step.status()).isEqualTo(Step.Status.DONE);
    for (String member : List.of(MEMBER_1, MEMBER_2)) {
      bigip.verify(
          patchRequestedFor(urlPathEqualTo(member))
              .withRequestBody(
                  equalToJson("{\"state\":\"user-up\",\"session\":\"user-enabled\"}")));
    }
  }

  @Test
  void aMemberSomeoneDisabledByHandIsNeitherDrainedNorReEnabled() {
    members("members-one-disabled-by-hand.json");
    patchAnswers(MEMBER_1, 200);
    patchAnswers(MEMBER_2, 200);

    Step drained = verifier().drain(PROD);
    Step enabled = verifier().enable(PROD, drained.members());

    assertThat(drained.status()).isEqualTo(Step.Status.DONE);
    assertThat(drained.members()).containsExactly("/Prod/10.1.0.11:8080");
    assertThat(enabled.status()).isEqualTo(Step.Status.DONE);
    assertThat(enabled.members()).containsExactly("/Prod/10.1.0.11:8080");
    bigip.verify(2, patchRequestedFor(urlPathEqualTo(MEMBER_1)));
    bigip.verify(0, patchRequestedFor(urlPathEqualTo(MEMBER_2)));
  }

  @Test
  void enableThatFailsForOneMemberSaysWhichAndWhatWasEnabled() {
    members("members-up.json");
    patchAnswers(MEMBER_1, 200);
    patchAnswers(MEMBER_2, 400);

    Step step = verifier().enable(PROD);

    assertThat(step.status()).isEqualTo(Step.Status.FAILED);
    assertThat(step.detail())
        .contains("1 of 2 members could not be enabled")
        .contains("10.1.0.12:8080 (HTTP 400: 01070734:3: Configuration error)")
        .contains("enabled: [10.1.0.11:8080]");
  }

  @Test
  void unreachableBigIpFailsTheDrainSayingWhere() {
    F5Verifier verifier = verifier();
    String where = bigip.baseUrl();
    bigip.stop();

    Step step = verifier.drain(PROD);

    assertThat(step.status()).isEqualTo(Step.Status.FAILED);
    assertThat(step.detail()).contains("the BIG-IP at " + where + " is unreachable");
  }

  @Test
  void basicAuthenticationSendsNoLoginAndAuthorizesEachCall() {
    bigip.stubFor(
        get(urlPathEqualTo(POOL + "/members"))
            .withBasicAuth("chatops", "f5-password-fake")
            .willReturn(json(200, fixture("members-up.json"))));

    Check check = verifier(F5Properties.Authentication.BASIC, false).verify(PROD).get(0);

    assertThat(check.passed()).isTrue();
    bigip.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
            urlPathEqualTo("/mgmt/shared/authn/login")));
  }

  @Test
  void drainIsOnlyForEnvironmentsThatAskForIt() {
    assertThat(verifier(F5Properties.Authentication.TOKEN, true).drainsForMaintenance(PROD))
        .isTrue();
    assertThat(verifier(F5Properties.Authentication.TOKEN, false).drainsForMaintenance(PROD))
        .isFalse();
    assertThat(verifier().drain(new Target("acme", "payments", "dev")).status())
        .isEqualTo(Step.Status.NOT_CONFIGURED);
  }

  @Test
  void routeDomainAndPathsAreWrittenTheWayIControlWantsThem() {
    assertThat(F5Verifier.tilde("/Prod/10.1.0.11%2:8080")).isEqualTo("~Prod~10.1.0.11%252:8080");
    assertThat(F5Verifier.tilde("/Prod/Shop/web_pool")).isEqualTo("~Prod~Shop~web_pool");
  }

  @Test
  void missingPasswordIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                new F5Properties.Environment(
                        URI.create("https://bigip.example"),
                        null,
                        "chatops",
                        "",
                        null,
                        null,
                        null,
                        false,
                        null,
                        null)
                    .validate("helmgate.f5.environments.prod"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("helmgate.f5.environments.prod.password:");
  }
}
