package io.helmgate.bot.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.policy.PolicySettings;
import io.helmgate.domain.policy.PolicySettings.Environment;
import io.helmgate.domain.service.Outcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code /deploy policy}: the effective rules as a reviewer reads them, against golden files. */
class PolicyReplyTest {

  private final Renderer renderer = Fixtures.renderer();

  /**
   * A bank's policy: lower environments fail open and take new keys, prod needs two Ops approvals
   * within four hours, inside its windows, and stops for the year-end freeze.
   */
  static PolicyConfig representative() {
    Map<Role, List<String>> roles = new EnumMap<>(Role.class);
    roles.put(Role.DEVELOPER, List.of("@dev-team"));
    roles.put(Role.DEVOPS, List.of("@platform-team"));
    roles.put(Role.OPS, List.of("@ops-team", "S0OPS2"));
    roles.put(Role.AUDITOR, List.of("@audit"));
    Map<String, Environment> envs = new LinkedHashMap<>();
    envs.put(
        "dev",
        new Environment(
            0,
            null,
            Set.of(Role.DEVOPS, Role.OPS),
            false,
            null,
            null,
            null,
            null,
            true,
            List.of("vault", "registry"),
            null));
    envs.put(
        "prod",
        new Environment(
            2,
            Set.of(Role.OPS),
            Set.of(Role.OPS),
            true,
            Duration.ofHours(4),
            List.of("Sat 22:00-02:00 Europe/Zurich", "Tue 21:00-23:00 Europe/Zurich"),
            true,
            List.of("year-end: every year Dec 20 00:00 - Jan 5 00:00 Europe/Zurich"),
            false,
            null,
            null));
    return new PolicySettings(roles, null, null, null, envs, null).toPolicyConfig();
  }

  static Outcome.PolicyReport example() {
    return new Outcome.PolicyReport(representative().description());
  }

  @Test
  void everyEnvironmentAndTheRestMatchTheGoldenFile() {
    String json = Golden.json(renderer.reply(example()));

    BlockKitLimits.checkMessage(json);
    Golden.assertMatches("reply-policy-report", json);
  }

  @Test
  void anEnvironmentThePolicyDoesNotNameSaysSoAndShowsTheFailSafeRules() {
    String json =
        Golden.json(
            renderer.reply(new Outcome.PolicyReport(representative().description("sandbox"))));

    BlockKitLimits.checkMessage(json);
    Golden.assertMatches("reply-policy-unnamed-environment", json);
    assertThat(json)
        .contains("Policy for sandbox")
        .contains("is not named in the policy: the fail-safe production rules apply")
        .contains("`approvals` 1 from [OPS]");
  }

  @Test
  void everySettingOfTheDescriptionIsShown() {
    PolicyConfig config = representative();

    String json = Golden.json(renderer.reply(example()));

    for (var setting : config.description().people()) {
      assertThat(json).contains("`" + setting.name() + "` " + Mrkdwn.line(setting.value(), 2800));
    }
    for (var entry : config.description().environments()) {
      for (var setting : entry.settings()) {
        assertThat(json)
            .as(entry.label())
            .contains("`" + setting.name() + "` " + Mrkdwn.line(setting.value(), 2800));
      }
    }
  }

  @Test
  void manyEnvironmentsKeepToFiftyBlocksAndSayHowManyMore() {
    PolicyConfig config = representative();
    for (int i = 0; i < 80; i++) {
      config = config.withEnvironment("env" + i, config.rulesFor("prod"));
    }

    String json = Golden.json(renderer.reply(new Outcome.PolicyReport(config.description())));

    BlockKitLimits.checkMessage(json);
    assertThat(json).containsPattern("… and \\d+ more: ask for one with `/deploy policy");
  }

  @Test
  void aVeryLongSettingGetsASectionOfItsOwnWithinTheLimit() {
    List<String> windows = new java.util.ArrayList<>();
    for (int h = 0; h < 23; h++) {
      for (String day : List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")) {
        windows.add(String.format("%s %02d:00-%02d:30 Europe/Zurich", day, h, h));
      }
    }
    PolicyConfig config =
        representative()
            .withEnvironment(
                "prod",
                representative()
                    .rulesFor("prod")
                    .withMaintenanceWindows(
                        windows.stream()
                            .map(io.helmgate.domain.policy.MaintenanceWindow::parse)
                            .toList(),
                        true));

    String json = Golden.json(renderer.reply(new Outcome.PolicyReport(config.description("prod"))));

    BlockKitLimits.checkMessage(json);
    assertThat(json)
        .contains("`maintenance-windows` [Mon 00:00-00:30")
        .contains("`change-mode` push");
  }
}
