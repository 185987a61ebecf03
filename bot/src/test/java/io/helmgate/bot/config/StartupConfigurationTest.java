package io.helmgate.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.bot.HelmgateApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A wrong setting stops start-up with one line that names the key. */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTest {

  private Throwable start(String... properties) {
    return catchThrowable(
        () ->
            new SpringApplicationBuilder(HelmgateApplication.class)
                .properties(
                    "spring.datasource.url=jdbc:h2:mem:cfg;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                    "server.port=0")
                .run(java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new))
                .close());
  }

  @Test
  void badSlackApiUrlStopsStartupWithOneLineNamingTheKey(CapturedOutput output) {
    Throwable failure = start("helmgate.slack.api-url=not a url");

    FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription())
        .isEqualTo(
            "invalid configuration: helmgate.slack.api-url: expected an absolute http(s) URL"
                + " ending in /, got 'not a url'");
    assertThat(output.getErr())
        .containsOnlyOnce("helmgate: cannot start: invalid configuration: helmgate.slack.api-url")
        .doesNotContain("\tat org.springframework");
  }

  @Test
  void botTokenOfTheWrongKindNamesTheKey() {
    Throwable failure = start("helmgate.slack.bot-token=xapp-not-a-bot-token");

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .contains("helmgate.slack.bot-token")
        .contains("xoxb-");
  }

  @Test
  void httpModeWithoutASigningSecretStopsStartupNamingTheKey() {
    Throwable failure = start("helmgate.slack.bot-token=xoxb-fake");

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .startsWith("invalid configuration: helmgate.slack.signing-secret: required in HTTP mode")
        .doesNotContain("\n");
  }

  @Test
  void aBlankApprovalChannelStopsStartupNamingTheKey() {
    Throwable failure = start("helmgate.slack.approval-channels.prod=");

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .startsWith(
            "invalid configuration: helmgate.slack.approval-channels.prod: expected a channel")
        .doesNotContain("\n");
  }

  @Test
  void slacksOwnVariableNamesAreAccepted() {
    SlackProperties props =
        new SlackProperties(
            "secret",
            "xoxb-fake",
            null,
            "http://localhost:1/api",
            null,
            null,
            java.time.Duration.ofSeconds(60),
            java.time.Duration.ofMinutes(10));

    assertThat(props.apiUrl()).isEqualTo("http://localhost:1/api/");
    assertThat(props.socketMode()).isFalse();
    assertThat(props.configured()).isTrue();
  }
}
