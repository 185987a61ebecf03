package io.helmgate.bot.git;

import static io.helmgate.bot.git.GitFixtures.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second writer pushes to the remote after Helmgate read the file and before it pushes. Reads do
 * not fetch again within the hour here, so Helmgate's push is built on the old head and is
 * rejected, exactly as when the other push lands between our fetch and our push.
 */
class ConflictAndRetryTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final Target QA = new Target("acme", "payments", "qa");

  @TempDir Path temp;
  Path remote;
  GitValuesRepository values;

  @BeforeEach
  void setUp() throws Exception {
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), GitFixtures.exampleValues());
    GitProperties properties =
        GitFixtures.settings(remote.toString(), temp.resolve("clone"))
            .pushAttempts(3)
            .fetchInterval(Duration.ofHours(1))
            .build();
    values = GitValuesRepository.open(properties, GitFixtures.CLOCK);
  }

  @AfterEach
  void tearDown() {
    values.close();
  }

  static ValuesCommit promote(ValuesFile file) {
    return new ValuesCommit(
        file.target(),
        file.lastChangeCommit(),
        file.content().replace("tag: 1.4.1", "tag: 1.4.2"),
        "deploy acme/payments prod: image.tag 1.4.1 → 1.4.2",
        JGitValuesRepositoryTest.TRAILERS);
  }

  @Test
  void whenAnotherWriterChangedAnotherFileOurCommitIsRebuiltOnTheirsAndLands() throws Exception {
    ValuesFile prod = values.read(PROD);
    ObjectId theirs =
        GitFixtures.pushAsOther(remote, Map.of(QA.valuesPath(), file("replicaCount: 2\n")), "qa");

    CommitOutcome outcome = values.commit(promote(prod));

    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    CommitOutcome.Committed committed = (CommitOutcome.Committed) outcome;
    assertThat(committed.pushAttempts()).isEqualTo(2);
    List<RevCommit> log = GitFixtures.remoteLog(remote);
    assertThat(log).hasSize(3);
    assertThat(log.get(0).name()).isEqualTo(committed.commitId());
    assertThat(log.get(0).getParent(0)).isEqualTo(theirs);
    assertThat(GitFixtures.changedPaths(remote, log.get(0))).containsExactly(PROD.valuesPath());
    assertThat(GitFixtures.remoteFile(remote, QA.valuesPath())).isEqualTo("replicaCount: 2\n");
    assertThat(GitFixtures.remoteFile(remote, PROD.valuesPath())).contains("tag: 1.4.2");
    GitFixtures.fsck(remote);
  }

  @Test
  void whenAnotherWriterChangedOurFileTheCommitIsStaleAndNothingIsPushed() throws Exception {
    ValuesFile prod = values.read(PROD);
    ObjectId theirs =
        GitFixtures.pushAsOther(
            remote,
            Map.of(
                PROD.valuesPath(),
                file(prod.content().replace("replicaCount: 3", "replicaCount: 4"))),
            "scale prod by hand");

    CommitOutcome outcome = values.commit(promote(prod));

    assertThat(outcome).isEqualTo(new CommitOutcome.Stale(theirs.name()));
    assertThat(GitFixtures.remoteHead(remote)).isEqualTo(theirs);
    assertThat(values.read(PROD).lastChangeCommit()).isEqualTo(theirs.name());
  }

  @Test
  void aBaseFromAnotherReplicaThatThisCloneHasNotSeenYetIsNotStale() throws Exception {
    values.read(PROD);
    ObjectId theirs =
        GitFixtures.pushAsOther(
            remote, Map.of(PROD.valuesPath(), file("replicaCount: 4\n")), "another replica");
    ValuesCommit approvedElsewhere =
        new ValuesCommit(PROD, theirs.name(), "replicaCount: 5\n", "scale", List.of());

    CommitOutcome outcome = values.commit(approvedElsewhere);

    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    assertThat(GitFixtures.remoteFile(remote, PROD.valuesPath())).isEqualTo("replicaCount: 5\n");
  }

  @Test
  void theLocalBranchIsBackOnTheRemoteHeadAfterARetry() throws Exception {
    ValuesFile prod = values.read(PROD);
    GitFixtures.pushAsOther(remote, Map.of(QA.valuesPath(), file("replicaCount: 2\n")), "qa");

    values.commit(promote(prod));

    try (var clone = GitFixtures.open(temp.resolve("clone"), true)) {
      assertThat(clone.exactRef("refs/heads/main").getObjectId())
          .isEqualTo(clone.exactRef("refs/remotes/origin/main").getObjectId())
          .isEqualTo(GitFixtures.remoteHead(remote));
    }
  }
}
