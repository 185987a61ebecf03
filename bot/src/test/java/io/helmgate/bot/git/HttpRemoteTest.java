package io.helmgate.bot.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values repository against a remote served over HTTP with a token, as GitHub or GitLab. */
class HttpRemoteTest {

  static final String TOKEN = "ghp_test_not_a_real_token_0123456789";
  static final Target PROD = new Target("globex", "ledger", "prod");

  @TempDir Path temp;
  Path remote;
  GitHttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), GitFixtures.exampleValues());
    server = new GitHttpServer(temp.resolve("tomcat"), remote, "x-access-token", TOKEN);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  GitValuesRepository open(String token) {
    return GitValuesRepository.open(
        GitFixtures.settings(server.url(), temp.resolve("clone"))
            .token("x-access-token", token)
            .build(),
        GitFixtures.CLOCK);
  }

  static ValuesCommit promote(ValuesFile file) {
    return new ValuesCommit(
        file.target(),
        file.lastChangeCommit(),
        file.content().replace("tag: 3.1.2", "tag: 3.1.4"),
        "deploy globex/ledger prod: image.tag 3.1.2 → 3.1.4",
        JGitValuesRepositoryTest.TRAILERS);
  }

  @Test
  void readsAndCommitsOverHttpWithTheToken() throws Exception {
    try (GitValuesRepository values = open(TOKEN)) {
      ValuesFile prod = values.read(PROD);

      CommitOutcome outcome = values.commit(promote(prod));

      assertThat(values.environments()).hasSize(16);
      assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
      assertThat(GitFixtures.remoteHead(remote).name())
          .isEqualTo(((CommitOutcome.Committed) outcome).commitId());
      assertThat(GitFixtures.remoteFile(remote, PROD.valuesPath())).contains("tag: 3.1.4");
    }
  }

  @Test
  void aWrongTokenIsRefusedWithAClearMessageThatDoesNotShowIt() {
    String wrong = "ghp_wrong_not_a_real_token_9876543210";
    try (GitValuesRepository values = open(wrong)) {
      assertThatThrownBy(values::environments)
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageContaining("refused Helmgate's credentials")
          .hasMessageContaining("helmgate.git.token")
          .hasMessageNotContaining(wrong)
          .hasMessageNotContaining(TOKEN);
    }
  }

  @Test
  void aPushTheServerRejectsReportsItsReasonAndLeavesNothingBehind() throws Exception {
    try (GitValuesRepository values = open(TOKEN)) {
      ValuesFile prod = values.read(PROD);
      ObjectId before = GitFixtures.remoteHead(remote);
      server.preReceive(
          (rp, commands) ->
              commands.forEach(
                  c ->
                      c.setResult(
                          ReceiveCommand.Result.REJECTED_OTHER_REASON,
                          "branch main is protected: changes need a review")));

      assertThatThrownBy(() -> values.commit(promote(prod)))
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageContaining("refused the push")
          .hasMessageContaining("branch main is protected")
          .hasMessageContaining("nothing was committed");
      assertThat(GitFixtures.remoteHead(remote)).isEqualTo(before);
      try (var clone = GitFixtures.open(temp.resolve("clone"), true)) {
        assertThat(clone.exactRef("refs/heads/main").getObjectId()).isEqualTo(before);
      }

      server.preReceive((rp, commands) -> {});
      assertThat(values.commit(promote(prod)))
          .isInstanceOf(CommitOutcome.Committed.class)
          .extracting(c -> ((CommitOutcome.Committed) c).pushAttempts())
          .isEqualTo(1);
    }
  }

  @Test
  void aServerThatIsDownGivesAClearMessage() throws Exception {
    try (GitValuesRepository values = open(TOKEN)) {
      ValuesFile prod = values.read(PROD);
      server.close();

      assertThatThrownBy(() -> values.commit(promote(prod)))
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageStartingWith("git push failed: cannot reach the values repository at http://");
      assertThatThrownBy(() -> values.read(PROD))
          .hasMessageStartingWith("git fetch failed: cannot reach");
    }
  }
}
