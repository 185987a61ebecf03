package io.helmgate.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.HelmgateApplication;
import io.helmgate.bot.testsupport.Databases;
import io.helmgate.bot.testsupport.SeededRemote;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.bot.testsupport.SlackWebApi;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A signed request captured on its way in and sent again is refused by the whole bot, not just by
 * the process that first served it: after a restart, on the embedded H2 file database and on
 * PostgreSQL, and by another replica sharing the database.
 */
class ReplayAcrossRestartsTest {

  static final String SECRET = "replay-signing-secret-not-a-secret";
  static final SlackWebApi slack = new SlackWebApi();
  static Path work;
  static Path remote;

  @BeforeAll
  static void start() throws Exception {
    slack.start();
    work = Files.createDirectories(Path.of("target/replay", UUID.randomUUID().toString()));
    remote = SeededRemote.create(work.resolve("values.git"), Path.of("../config/example-values"));
  }

  @AfterAll
  static void stop() {
    slack.stop();
  }

  ConfigurableApplicationContext bot(String name, String databaseUrl, String user) {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "server.port=0",
                "management.server.port=0",
                "spring.datasource.url=" + databaseUrl,
                "spring.datasource.username=" + user,
                "helmgate.slack.signing-secret=" + SECRET,
                "helmgate.slack.bot-token=xoxb-fake",
                "helmgate.slack.api-url=" + slack.apiUrl(),
                "helmgate.git.url=" + remote.toUri(),
                "helmgate.git.workdir=" + work.resolve(name + "-clone"),
                "helmgate.git.fetch-interval=0s"));
    return new SpringApplicationBuilder(HelmgateApplication.class)
        .run(settings.stream().map(s -> "--" + s).toArray(String[]::new));
  }

  static SignedSlack slackTo(ConfigurableApplicationContext bot) {
    int port = Integer.parseInt(bot.getEnvironment().getProperty("local.server.port"));
    return new SignedSlack(port, SECRET, slack.baseUrl());
  }

  /** A signed {@code /deploy help}, sent once, and its bytes for sending again. */
  record Captured(String body, long timestamp, String signature) {
    static Captured sentTo(ConfigurableApplicationContext bot, String tag) throws Exception {
      SignedSlack to = slackTo(bot);
      String body = to.commandBody("U0DAVE", "dave", "/deploy", "help", tag);
      long timestamp = Instant.now().getEpochSecond();
      String signature = to.signature(body, timestamp);
      assertThat(to.sendSigned(body, timestamp, signature).statusCode()).isEqualTo(200);
      return new Captured(body, timestamp, signature);
    }

    HttpResponse<String> replayTo(ConfigurableApplicationContext bot) throws Exception {
      return slackTo(bot).sendSigned(body, timestamp, signature);
    }
  }

  @Test
  void aRequestReplayedAfterARestartOnTheH2FileDatabaseIsRefused() throws Exception {
    String url =
        "jdbc:h2:file:"
            + work.resolve("h2/helmgate").toAbsolutePath()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    Captured captured;
    try (ConfigurableApplicationContext first = bot("h2-first", url, "helmgate")) {
      captured = Captured.sentTo(first, "h2-original");
    }

    try (ConfigurableApplicationContext restarted = bot("h2-restarted", url, "helmgate")) {
      HttpResponse<String> replay = captured.replayTo(restarted);

      assertThat(replay.statusCode()).isEqualTo(401);
      assertThat(replay.body()).contains("replayed request");
    }
  }

  @Test
  void aRequestReplayedAfterARestartOnPostgresOrToAnotherReplicaIsRefused() throws Exception {
    String url = Databases.jdbcUrl(Databases.emptyPostgres());
    Captured captured;
    try (ConfigurableApplicationContext first = bot("pg-first", url, "postgres")) {
      captured = Captured.sentTo(first, "pg-original");
    }

    try (ConfigurableApplicationContext restarted = bot("pg-restarted", url, "postgres");
        ConfigurableApplicationContext replica = bot("pg-replica", url, "postgres")) {
      assertThat(captured.replayTo(restarted).statusCode()).isEqualTo(401);

      Captured fresh = Captured.sentTo(restarted, "pg-fresh");
      HttpResponse<String> toReplica = fresh.replayTo(replica);

      assertThat(toReplica.statusCode()).isEqualTo(401);
      assertThat(toReplica.body()).contains("replayed request");
    }
  }
}
