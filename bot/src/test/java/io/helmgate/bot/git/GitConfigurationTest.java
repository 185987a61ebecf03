package io.helmgate.bot.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.ValuesRepository;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The port is always wired; a wrong setting stops start-up with a message naming the key. */
class GitConfigurationTest {

  @TempDir Path temp;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(GitConfiguration.class)
        .withBean(Clock.class, () -> GitFixtures.CLOCK)
        .withPropertyValues("helmgate.git.workdir=" + temp.resolve("values"));
  }

  @Test
  void withNoUrlTheEmbeddedRepositoryIsSeededFromTheExampleValues() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(ValuesRepository.class);
              ValuesRepository values = context.getBean(ValuesRepository.class);
              assertThat(values.environments()).hasSize(16);
              assertThat(values.read(new Target("acme", "payments", "prod")).content())
                  .contains("tag: 1.4.1");
              assertThat(temp.resolve("values-remote.git").resolve("HEAD")).exists();
              assertThat(temp.resolve("values").resolve("HEAD")).exists();
            });
  }

  @Test
  void aWrongUrlStopsStartUpNamingTheKey() {
    runner()
        .withPropertyValues("helmgate.git.url=not a url")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(GitPropertiesTest.rootCause(context.getStartupFailure()))
                  .hasMessageStartingWith("helmgate.git.url must be a local path");
            });
  }
}
