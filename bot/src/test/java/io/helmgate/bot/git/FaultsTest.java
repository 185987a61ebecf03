package io.helmgate.bot.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults end in a clear message and no commit, and the next operation works again. */
class FaultsTest {

  static final Target PROD = new Target("acme", "checkout", "prod");

  @TempDir Path temp;
  Path remote;
  Path clone;

  @BeforeEach
  void setUp() throws Exception {
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), GitFixtures.exampleValues());
    clone = temp.resolve("clone");
  }

  GitValuesRepository open(Duration fetchInterval) {
    return GitValuesRepository.open(
        GitFixtures.settings(remote.toString(), clone)
            .pushAttempts(3)
            .fetchInterval(fetchInterval)
            .build(),
        GitFixtures.CLOCK);
  }

  static ValuesCommit promote(ValuesFile file) {
    return new ValuesCommit(
        file.target(),
        file.lastChangeCommit(),
        file.content().replace("tag: \"2.7.1\"", "tag: \"2.7.3\""),
        "deploy acme/checkout prod: image.tag 2.7.1 → 2.7.3",
        JGitValuesRepositoryTest.TRAILERS);
  }

  @Test
  void aRemoteThatIsDownDuringThePushCommitsNothingAndTheNextCommitLands() throws Exception {
    try (GitValuesRepository values = open(Duration.ofHours(1))) {
      ValuesFile prod = values.read(PROD);
      ObjectId before = GitFixtures.remoteHead(remote);
      Path away = temp.resolve("remote-away.git");
      Files.move(remote, away);

      assertThatThrownBy(() -> values.commit(promote(prod)))
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageStartingWith("git push failed: there is no git repository at " + remote);
      try (Repository repo = GitFixtures.open(clone, true)) {
        assertThat(repo.exactRef("refs/heads/main").getObjectId()).isEqualTo(before);
        assertThat(repo.exactRef("refs/remotes/origin/main").getObjectId()).isEqualTo(before);
      }

      Files.move(away, remote);
      CommitOutcome outcome = values.commit(promote(prod));

      assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
      assertThat(GitFixtures.remoteLog(remote)).hasSize(2);
      assertThat(GitFixtures.remoteFile(remote, PROD.valuesPath())).contains("tag: \"2.7.3\"");
    }
  }

  @Test
  void aRemoteThatIsDownMakesReadsFailWithAMessageUntilItIsBack() throws Exception {
    try (GitValuesRepository values = open(Duration.ZERO)) {
      values.read(PROD);
      Path away = temp.resolve("remote-away.git");
      Files.move(remote, away);

      assertThatThrownBy(() -> values.read(PROD))
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageStartingWith("git fetch failed: there is no git repository at");
      assertThatThrownBy(values::refresh).isInstanceOf(ValuesRepositoryException.class);

      Files.move(away, remote);
      assertThat(values.read(PROD).content()).contains("checkout.prod.acme.example");
    }
  }

  @Test
  void aDamagedCloneIsReportedAndRebuiltOnTheNextOperation() throws Exception {
    try (GitValuesRepository values = open(Duration.ofHours(1))) {
      ValuesFile prod = values.read(PROD);
      // The history index runs in the background after open: were it to meet the damage first,
      // it, not the read below, would report and rebuild.
      ((JGitValuesRepository) values).awaitBackgroundWork();
      // The remote-tracking branch now names an object the clone does not have.
      Path ref = clone.resolve("refs/remotes/origin/main");
      Files.writeString(ref, "0123456789012345678901234567890123456789\n");
      // Same size, possibly the same timestamp as the good ref: move the time on so that JGit's
      // file snapshot cannot take the damaged ref for the one it has cached.
      Files.setLastModifiedTime(
          ref,
          java.nio.file.attribute.FileTime.from(
              Files.getLastModifiedTime(ref).toInstant().plusSeconds(10)));

      assertThatThrownBy(() -> values.read(PROD))
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageContaining("the local clone of the values repository failed to read")
          .hasMessageContaining("rebuilt from the remote on the next operation");

      assertThat(values.read(PROD)).isEqualTo(prod);
      assertThat(temp.resolve("clone.damaged")).isDirectory();
      assertThat(values.commit(promote(prod))).isInstanceOf(CommitOutcome.Committed.class);
    }
  }

  @Test
  void aCloneThatCannotBeOpenedAtStartIsMovedAsideAndClonedAgain() throws Exception {
    try (GitValuesRepository values = open(Duration.ofHours(1))) {
      values.read(PROD);
    }
    Files.writeString(clone.resolve("config"), "[core\n this is not a git config");

    try (GitValuesRepository values = open(Duration.ofHours(1))) {
      assertThat(values.read(PROD).content()).contains("tag: \"2.7.1\"");
    }
    assertThat(temp.resolve("clone.damaged").resolve("config")).content().contains("not a git");
  }

  @Test
  void aWorkdirThatIsNotAGitRepositoryIsMovedAsideAndCloned() throws Exception {
    Files.createDirectories(clone);
    Files.writeString(clone.resolve("leftover.txt"), "something else");

    try (GitValuesRepository values = open(Duration.ofHours(1))) {
      assertThat(values.environments()).hasSize(16);
    }
    assertThat(temp.resolve("clone.damaged").resolve("leftover.txt")).exists();
  }

  @Test
  void aMissingBranchIsNamedWithItsKey() throws Exception {
    GitProperties properties =
        GitFixtures.settings(remote.toString(), clone).branch("release").build();
    try (GitValuesRepository values = GitValuesRepository.open(properties, GitFixtures.CLOCK)) {
      assertThatThrownBy(values::environments)
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageContaining("no branch 'release'")
          .hasMessageContaining("helmgate.git.branch");
    }
  }

  @Test
  void commitsAfterCloseFailWithAMessage() {
    GitValuesRepository values = open(Duration.ofHours(1));
    ValuesFile prod = values.read(PROD);
    values.close();

    assertThatThrownBy(() -> values.commit(promote(prod)))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("shutting down");
  }
}
