package io.helmgate.bot.argocd;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.APP;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.APP_PATH;
import static io.helmgate.bot.argocd.ArgoCdTestSupport.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.SyncOrder;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Argo CD answering a hostile body (a channel mention, a link, a token, line breaks that would
 * forge log lines): what Helmgate says about it names the status and what it means, and neither
 * that message nor any log line carries the body's hostile parts.
 */
class ArgoCdErrorTextTest {

  static final String TOKEN = "ghp_Zx9aQ2rT7uVw3yB6nM1kL8jH5gF4dS0pO2iU";
  static final String FORGED_LINE = "INFO forged: audit disabled by admin";
  static final String HOSTILE =
      "permission denied <!channel> <https://evil.example|login here> token="
          + TOKEN
          + "\n"
          + FORGED_LINE;

  private static WireMockServer argo;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger root;

  @BeforeAll
  static void startArgo() {
    argo = new WireMockServer(options().dynamicPort());
    argo.start();
  }

  @AfterAll
  static void stopArgo() {
    argo.stop();
  }

  @BeforeEach
  void captureLogs() {
    argo.resetAll();
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    root.detachAppender(logs);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 403, 429, 500})
  void aHostileErrorBodyNeverReachesTheMessageOrTheLog(int status) {
    String json =
        "{\"error\":\""
            + HOSTILE.replace("\n", "\\n")
            + "\",\"code\":9,\"message\":\""
            + HOSTILE.replace("\n", "\\n")
            + "\"}";
    argo.stubFor(
        any(urlPathMatching("/api/v1/.*"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(json)));
    ArgoCdDeployer deployer =
        new ArgoCdDeployer(
            ArgoCdTestSupport.properties(argo.baseUrl()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new ArgoCdTestSupport.RecordingSleeper(),
            new Random(7));

    Throwable failure =
        catchThrowable(
            () ->
                deployer.startSync(
                    new Target("acme", "payments", "prod"),
                    new SyncOrder(
                        new RequestId(42),
                        new UserRef("U0OLGA", "Olga"),
                        java.util.Optional.empty(),
                        false)));

    assertThat(failure).isNotNull();
    assertClean(failure.getMessage());
    String logged =
        Stream.concat(
                logs.list.stream().map(ILoggingEvent::getFormattedMessage),
                logs.list.stream()
                    .filter(e -> e.getThrowableProxy() != null)
                    .map(e -> ThrowableProxyUtil.asString(e.getThrowableProxy())))
            .collect(Collectors.joining("\n"));
    assertClean(logged);
  }

  @Test
  void hostileOperationHealthAndConditionMessagesReachTheDomainSanitised() {
    String said = HOSTILE.replace("\n", "\\n");
    String app =
        ("{'metadata':{'name':'APP'},"
                + "'spec':{'project':'payments','source':{'repoURL':'https://git.example/values.git',"
                + "'path':'payments','targetRevision':'main'}},"
                + "'status':{'health':{'status':'Degraded','message':'SAID'},"
                + "'sync':{'status':'OutOfSync','revision':'c0ffee1234567890abcdef1234567890abcdef12'},"
                + "'conditions':[{'type':'SyncError','message':'SAID'}],"
                + "'operationState':{'phase':'Failed','message':'SAID',"
                + "'startedAt':'2026-03-10T09:00:01Z','finishedAt':'2026-03-10T09:00:02Z',"
                + "'operation':{'sync':{'revision':'main'},'initiatedBy':{'username':'helmgate'}}}}}")
            .replace('\'', '"')
            .replace("APP", APP)
            .replace("SAID", said);
    argo.stubFor(get(urlPathEqualTo(APP_PATH)).willReturn(okJson(app)));
    ArgoCdDeployer deployer =
        new ArgoCdDeployer(
            ArgoCdTestSupport.properties(argo.baseUrl()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new ArgoCdTestSupport.RecordingSleeper(),
            new Random(7));
    Target target = new Target("acme", "payments", "prod");

    String observation = deployer.observe(target).toString();

    assertThat(observation).contains("permission denied");
    assertClean(observation);
  }

  static void assertClean(String text) {
    assertThat(text)
        .doesNotContain("<!channel>")
        .doesNotContain("<https://evil")
        .doesNotContain(TOKEN)
        .doesNotContain("\n" + FORGED_LINE);
  }
}
