package io.helmgate.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Role;
import io.helmgate.domain.policy.InvalidPolicyException;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PolicySettings;
import io.helmgate.domain.policy.PolicySettings.Environment;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.request.MessageRef;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which forge pull-request mode gets at start-up. */
class PullRequestWiringTest {

  static final java.time.Duration MINUTE = java.time.Duration.ofMinutes(1);

  static Policy policy(String prodMode) {
    return new Policy(
        new PolicySettings(
                Map.of(Role.OPS, List.of("@ops-team")),
                null,
                null,
                null,
                Map.of(
                    "prod",
                    new Environment(
                        null, null, null, null, null, null, null, null, null, null, prodMode)),
                null)
            .toPolicyConfig());
  }

  @Test
  void anEnvironmentInPullRequestModeWithoutAForgeStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> HelmgateWiring.pullRequests(policy("pull-request"), null, MINUTE))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("helmgate.policy.environments.prod.change-mode")
        .hasMessageContaining("helmgate.forge.type");
  }

  @Test
  void theConfiguredForgeCarriesThePullRequestsAndPushModeNeedsNone() {
    Forge forge =
        (Forge)
            Proxy.newProxyInstance(
                Forge.class.getClassLoader(), new Class<?>[] {Forge.class}, (p, m, a) -> null);

    assertThat(
            HelmgateWiring.pullRequests(policy("pull-request"), forge, MINUTE)
                .forge()
                .orElseThrow())
        .isSameAs(forge);
    assertThat(HelmgateWiring.pullRequests(policy("push"), null, MINUTE).forge()).isEmpty();
  }

  @Test
  void theForgesPullRequestsLinkTheRequestsSlackMessageThroughTheChatAdapter() {
    Forge forge =
        (Forge)
            Proxy.newProxyInstance(
                Forge.class.getClassLoader(), new Class<?>[] {Forge.class}, (p, m, a) -> null);
    MessageRef message = new MessageRef("C0OPS", "1700000000.000100");

    assertThat(
            HelmgateWiring.pullRequests(
                    policy("pull-request"),
                    forge,
                    MINUTE,
                    ref -> Optional.of("https://acme.slack.com/archives/" + ref.conversation()))
                .messageLinks()
                .apply(message))
        .contains("https://acme.slack.com/archives/C0OPS");
  }
}
