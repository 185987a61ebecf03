package io.helmgate.bot.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code helmgate.git.*} binds with documented defaults and refuses wrong values by key. */
class GitPropertiesTest {

  @TempDir Path temp;

  GitProperties bind(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("helmgate.git.workdir", temp.resolve("values").toString());
    all.putAll(settings);
    return new Binder(new MapConfigurationPropertySource(all))
        .bindOrCreate("helmgate.git", GitProperties.class);
  }

  static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void withNothingSetTheDefaultsAreTheEmbeddedRepositoryOnMain() {
    GitProperties properties = bind(Map.of());

    assertThat(properties.url()).isEmpty();
    assertThat(properties.remoteKind()).isEqualTo(GitProperties.RemoteKind.EMBEDDED);
    assertThat(properties.branch()).isEqualTo("main");
    assertThat(properties.username()).isEqualTo("x-access-token");
    assertThat(properties.authorName()).isEqualTo("Helmgate");
    assertThat(properties.authorEmail()).isEqualTo("helmgate@localhost");
    assertThat(properties.seedDir()).isEqualTo("config/example-values");
    assertThat(properties.pushAttempts()).isEqualTo(5);
    assertThat(properties.gcInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(properties.embeddedRemotePath()).isEqualTo(temp.resolve("values-remote.git"));
    assertThat(properties.seedDirPath()).contains(GitFixtures.EXAMPLE_VALUES);
  }

  @Test
  void theDefaultWorkdirIsUnderData() {
    GitProperties properties =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("helmgate.git", GitProperties.class);

    assertThat(properties.workdir()).isEqualTo("./data/values");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/srv/git/values.git",
        "./values.git",
        "file:///srv/git/values.git",
        "https://git.bank.example/ops/values.git",
        "http://localhost:8080/values.git"
      })
  void localAndHttpRemotesAreAccepted(String url) {
    assertThat(bind(Map.of("helmgate.git.url", url)).url()).isEqualTo(url);
  }

  @Test
  void sshRemotesNeedAKeyAndAcceptBothForms() throws Exception {
    Path key = Files.writeString(temp.resolve("id_ed25519"), "not a real key");
    for (String url :
        new String[] {
          "ssh://git@git.bank.example:2222/ops/values.git", "git@github.com:ops/values.git"
        }) {
      GitProperties properties =
          bind(Map.of("helmgate.git.url", url, "helmgate.git.ssh-key-path", key.toString()));
      assertThat(properties.remoteKind()).isEqualTo(GitProperties.RemoteKind.SSH);
    }
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.url", "git@github.com:ops/values.git")))
        .satisfies(
            e ->
                assertThat(rootCause(e))
                    .hasMessageStartingWith("helmgate.git.ssh-key-path is required"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "ftp://host/values.git", "values", "https://"})
  void anythingElseIsRefusedWithAMessageNamingTheKey(String url) {
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.url", url)))
        .satisfies(e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.url "));
  }

  @Test
  void aTokenInsideTheUrlIsRefusedAndNotEchoed() {
    assertThatThrownBy(
            () -> bind(Map.of("helmgate.git.url", "https://bot:ghp_secret123@git.example/v.git")))
        .satisfies(
            e ->
                assertThat(rootCause(e))
                    .hasMessageContaining("helmgate.git.url must not contain credentials")
                    .hasMessageNotContaining("ghp_secret123"));
  }

  @Test
  void wrongBranchAttemptsAndIntervalsAreRefusedByKey() {
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.branch", "bad..branch")))
        .satisfies(e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.branch "));
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.push-attempts", "0")))
        .satisfies(
            e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.push-attempts "));
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.gc-interval", "-1h")))
        .satisfies(
            e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.gc-interval "));
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.author-email", "nobody")))
        .satisfies(
            e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.author-email "));
  }

  @Test
  void theTicketPatternDefaultsToProjectKeyDashNumberAndABadOneStopsStartUp() {
    assertThat(bind(Map.of()).ticketPattern()).isEqualTo("[A-Z][A-Z0-9]+-[0-9]+");
    assertThat(
            bind(Map.of("helmgate.git.ticket-pattern", "CHG[0-9]{7}")).tickets().in("CHG0012345"))
        .containsExactly("CHG0012345");
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.ticket-pattern", "CHG-(")))
        .satisfies(
            e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.ticket-pattern "));
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.ticket-pattern", ".*")))
        .satisfies(
            e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.ticket-pattern "));
  }

  @Test
  void theEmbeddedDefaultNeedsASeedDirectory() {
    assertThatThrownBy(() -> bind(Map.of("helmgate.git.seed-dir", temp.resolve("nope").toString())))
        .satisfies(e -> assertThat(rootCause(e)).hasMessageStartingWith("helmgate.git.seed-dir "));
  }

  @Test
  void theTokenNeverShowsInToString() {
    GitProperties properties =
        bind(
            Map.of(
                "helmgate.git.url", "https://git.example/v.git",
                "helmgate.git.token", "ghp_secret123"));

    assertThat(properties.toString()).doesNotContain("ghp_secret123").contains("(set)");
  }
}
