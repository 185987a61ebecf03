package io.helmgate.bot.git;

import static io.helmgate.bot.git.GitFixtures.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many promotions at once go through the single writer: all land, none is lost or retried. */
class ConcurrentPromotionsTest {

  static final int ENVIRONMENTS = 20;

  @TempDir Path temp;

  @Test
  void twentyConcurrentPromotionsToDifferentEnvironmentsAllLand() throws Exception {
    Map<String, GitFixtures.Entry> files = new TreeMap<>();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < ENVIRONMENTS; i++) {
      Target target =
          new Target(
              "acme", "service-" + (i / 4), List.of("dev", "qa", "staging", "prod").get(i % 4));
      targets.add(target);
      files.put(
          target.valuesPath(),
          file("# " + target + "\nimage:\n  repository: registry.example/app\n  tag: 1.0.0\n"));
    }
    Path remote = GitFixtures.bareRemote(temp.resolve("remote.git"), files);
    ExecutorService pool = Executors.newFixedThreadPool(ENVIRONMENTS);
    try (GitValuesRepository values =
        GitValuesRepository.open(
            GitFixtures.properties(remote.toString(), temp.resolve("clone")), GitFixtures.CLOCK)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CommitOutcome>> outcomes = new ArrayList<>();
      for (Target target : targets) {
        outcomes.add(
            pool.submit(
                () -> {
                  ValuesFile file = values.read(target);
                  start.await();
                  return values.commit(
                      new ValuesCommit(
                          target,
                          file.lastChangeCommit(),
                          file.content().replace("tag: 1.0.0", "tag: 1.0.1"),
                          "deploy " + target + ": image.tag 1.0.0 → 1.0.1",
                          List.of(
                              new Trailer(Trailer.REQUEST, "R-" + (targets.indexOf(target) + 1)))));
                }));
      }
      start.countDown();

      List<CommitOutcome> results = new ArrayList<>();
      for (Future<CommitOutcome> outcome : outcomes) {
        results.add(outcome.get(120, TimeUnit.SECONDS));
      }

      assertThat(results)
          .allSatisfy(r -> assertThat(r).isInstanceOf(CommitOutcome.Committed.class));
      assertThat(results)
          .extracting(r -> ((CommitOutcome.Committed) r).pushAttempts())
          .containsOnly(1);
      List<RevCommit> log = GitFixtures.remoteLog(remote);
      assertThat(log).hasSize(ENVIRONMENTS + 1);
      assertThat(new HashSet<>(log.subList(0, ENVIRONMENTS)).stream().map(RevCommit::name))
          .containsExactlyInAnyOrderElementsOf(
              results.stream().map(r -> ((CommitOutcome.Committed) r).commitId()).toList());
      for (RevCommit commit : log.subList(0, ENVIRONMENTS)) {
        assertThat(GitFixtures.changedPaths(remote, commit)).hasSize(1);
      }
      for (Target target : targets) {
        assertThat(GitFixtures.remoteFile(remote, target.valuesPath())).contains("tag: 1.0.1");
        assertThat(values.read(target).content()).contains("tag: 1.0.1");
      }
      GitFixtures.fsck(remote);
      GitFixtures.fsck(temp.resolve("clone"));
    } finally {
      pool.shutdownNow();
    }
  }
}
