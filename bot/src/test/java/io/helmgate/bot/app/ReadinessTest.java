package io.helmgate.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Readiness follows the values remote: DOWN while it cannot be fetched, UP again when it can. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessTest {

  static Path work;
  static Path remote;

  /** Actuator has its own port (management.server.port). */
  @LocalManagementPort int managementPort;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    work = Files.createTempDirectory("helmgate-readiness");
    remote = work.resolve("values.git");
    Path seed = work.resolve("seed");
    Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
    try (Git git =
        Git.cloneRepository()
            .setURI(remote.toUri().toString())
            .setDirectory(seed.toFile())
            .call()) {
      Files.createDirectories(seed.resolve("acme/payments/dev"));
      Files.writeString(seed.resolve("acme/payments/dev/values.yaml"), "image:\n  tag: 1.0.0\n");
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("seed")
          .setAuthor("Ops", "ops@example.org")
          .setCommitter("Ops", "ops@example.org")
          .call();
      git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
    }
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:readiness;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    registry.add("helmgate.git.url", () -> remote.toUri().toString());
    registry.add("helmgate.git.workdir", () -> work.resolve("clone").toString());
    registry.add(
        "spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "readiness-test");
  }

  HttpResponse<String> readiness() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessGoesDownWhenTheValuesRemoteIsUnreachableAndUpWhenItReturns() throws Exception {
    assertThat(readiness().statusCode()).isEqualTo(200);

    Path away = work.resolve("values-away.git");
    Files.move(remote, away);
    HttpResponse<String> down = readiness();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("DOWN");

    Files.move(away, remote);
    HttpResponse<String> up = readiness();
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("UP");
  }
}
