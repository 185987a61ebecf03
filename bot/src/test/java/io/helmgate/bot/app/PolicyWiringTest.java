package io.helmgate.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helmgate.bot.config.ConfigurationFailureAnalyzer;
import io.helmgate.bot.config.PolicyProperties;
import io.helmgate.bot.config.SlackProperties;
import io.helmgate.domain.policy.Policy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The policy bean: logged per environment at start-up, refused when Slack cannot route it. */
@ExtendWith(OutputCaptureExtension.class)
class PolicyWiringTest {

  static final Map<String, String> POLICY =
      Map.of(
          "helmgate.policy.roles.OPS", "S0OPS",
          "helmgate.policy.environments.dev.approvals", "0",
          "helmgate.policy.environments.prod.requires-reason", "true");

  static Policy policy(Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>(POLICY);
    settings.putAll(extra);
    Binder binder = new Binder(new MapConfigurationPropertySource(settings));
    return new HelmgateWiring()
        .policy(
            binder.bindOrCreate("helmgate.policy", PolicyProperties.class),
            binder.bindOrCreate("helmgate.slack", SlackProperties.class),
            binder.bindOrCreate(
                "helmgate.schedule", io.helmgate.bot.schedule.ScheduleProperties.class));
  }

  @Test
  void theEffectiveRulesAreLoggedOneLinePerEnvironment(CapturedOutput output) {
    Policy policy = policy(Map.of());

    assertThat(output.getOut())
        .contains("policy roles.OPS [S0OPS]")
        .contains("policy break-glass-roles [OPS]")
        .contains(
            "policy dev: approvals 0; approver-roles [OPS]; requester-roles [OPS];"
                + " self-approval forbidden; requires-reason true;")
        .contains("policy prod: approvals 1 from [OPS];")
        .contains("policy any other environment: approvals 1 from [OPS];");
    // the log is the description /deploy policy shows, line for line
    policy
        .config()
        .describe()
        .forEach(line -> assertThat(output.getOut()).contains("policy " + line));
  }

  @Test
  void approvalChannelsThatLeaveOutAGatedEnvironmentStopStartUpNamingIt() {
    Throwable failure =
        catchThrowable(() -> policy(Map.of("helmgate.slack.approval-channels.dev", "C0DEV")));

    assertThat(new ConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .startsWith(
            "invalid configuration: helmgate.slack.approval-channels: names channels, but none for"
                + " prod, where changes need approval");
  }

  @Test
  void withoutApprovalChannelsRequestsGoWhereTheyWereTypedAndNothingIsRefused() {
    assertThat(policy(Map.of()).config().isConfigured("prod")).isTrue();
    assertThat(
            policy(Map.of("helmgate.slack.approval-channels.prod", "C0PROD"))
                .config()
                .isConfigured("prod"))
        .isTrue();
  }
}
