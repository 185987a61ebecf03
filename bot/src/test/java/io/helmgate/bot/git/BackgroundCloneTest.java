package io.helmgate.bot.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.ValuesFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up does not wait for the values clone: it is made in the background, and whatever asks the
 * repository meanwhile (a command, the readiness check's fetch) waits for it and then sees the
 * remote's content, never an empty or half-made clone.
 */
class BackgroundCloneTest {

  @TempDir Path temp;

  @Test
  void operationsThatComeWhileTheBackgroundCloneRunsWaitForItAndSeeTheRemote() throws Exception {
    Path remote = GitFixtures.bareRemote(temp.resolve("remote.git"), GitFixtures.exampleValues());
    Target prod = new Target("acme", "payments", "prod");
    String expected = GitFixtures.remoteFile(remote, "acme/payments/prod/values.yaml");
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try (GitValuesRepository values =
        GitValuesRepository.openInBackground(
            GitFixtures.properties(remote.toString(), temp.resolve("clone")), GitFixtures.CLOCK)) {
      List<Future<ValuesFile>> reads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        reads.add(callers.submit(() -> values.read(prod)));
      }
      Future<?> fetch = callers.submit(values::refresh);

      for (Future<ValuesFile> read : reads) {
        assertThat(read.get(60, TimeUnit.SECONDS).content()).isEqualTo(expected);
      }
      fetch.get(60, TimeUnit.SECONDS);
      assertThat(values.environments()).contains(prod);
    } finally {
      callers.shutdownNow();
    }
  }
}
