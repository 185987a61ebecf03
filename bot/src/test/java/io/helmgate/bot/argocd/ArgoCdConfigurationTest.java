package io.helmgate.bot.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.Deployer;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The adapter's wiring, as Spring Boot starts it. */
class ArgoCdConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(ArgoCdConfiguration.class)
          .withBean(Clock.class, () -> Clock.fixed(ArgoCdTestSupport.NOW, ZoneOffset.UTC));

  @Test
  void withoutUrlTheDeployerIsThereButNotConfigured() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Deployer.class).isConfigured()).isFalse();
          assertThat(context).hasBean("argoSettings");
        });
  }

  @Test
  void withUrlAndTokenTheDeployerIsConfigured() {
    runner
        .withPropertyValues(
            "helmgate.argocd.url=https://argocd.example.org",
            "helmgate.argocd.token=" + ArgoCdTestSupport.TOKEN,
            "helmgate.argocd.project=payments")
        .run(context -> assertThat(context.getBean(Deployer.class).isConfigured()).isTrue());
  }

  @Test
  void invalidUrlStopsStartUpWithAMessageNamingTheKey() {
    runner
        .withPropertyValues("helmgate.argocd.url=argocd.example.org")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage(
                        "helmgate.argocd.url must be an absolute http(s) URL such as"
                            + " https://argocd.example.org, not `argocd.example.org`"));
  }
}
