package io.helmgate.bot.git;

import static io.helmgate.bot.git.GitFixtures.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull-request mode's branch commits against a bare repository on disk. */
class JGitBranchCommitTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final String BRANCH = "helmgate/R-42";

  @TempDir Path temp;
  Path remote;
  ObjectId seed;
  GitValuesRepository values;

  @BeforeEach
  void setUp() throws Exception {
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), GitFixtures.exampleValues());
    seed = GitFixtures.remoteHead(remote);
    values =
        GitValuesRepository.open(
            GitFixtures.properties(remote.toString(), temp.resolve("clone")), GitFixtures.CLOCK);
  }

  @AfterEach
  void tearDown() {
    values.close();
  }

  ValuesCommit promote(String request) {
    ValuesFile prod = values.read(PROD);
    return new ValuesCommit(
        PROD,
        prod.lastChangeCommit(),
        prod.content().replace("tag: 1.4.1", "tag: 1.4.2"),
        "deploy acme/payments prod: image.tag 1.4.1 → 1.4.2",
        List.of(
            new Trailer(Trailer.REQUESTED_BY, "Jane Ops U0JANE"),
            new Trailer(Trailer.APPROVED_BY, "Sam Ops U0SAM"),
            new Trailer(Trailer.REQUEST, request)));
  }

  RevCommit remoteBranch(String branch) throws Exception {
    try (Repository repo = GitFixtures.open(remote, true);
        RevWalk walk = new RevWalk(repo)) {
      var ref = repo.exactRef(Constants.R_HEADS + branch);
      return ref == null ? null : walk.parseCommit(ref.getObjectId());
    }
  }

  @Test
  void theChangeIsPushedAsANewBranchFromTheHeadAndTheValuesBranchIsLeftAlone() throws Exception {
    CommitOutcome outcome = values.commitToBranch(BRANCH, promote("R-42"));

    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    RevCommit tip = remoteBranch(BRANCH);
    assertThat(tip.name()).isEqualTo(((CommitOutcome.Committed) outcome).commitId());
    assertThat(tip.getParent(0).name()).isEqualTo(seed.name());
    assertThat(tip.getFullMessage())
        .startsWith("deploy acme/payments prod: image.tag 1.4.1 → 1.4.2\n\n")
        .contains("Approved-by: Sam Ops U0SAM\n")
        .endsWith("Helmgate-Request: R-42\n");
    assertThat(GitFixtures.remoteHead(remote)).isEqualTo(seed);
  }

  @Test
  void runningAgainTakesTheBranchThatCarriesOurCommitAndPushesNothing() throws Exception {
    CommitOutcome first = values.commitToBranch(BRANCH, promote("R-42"));

    CommitOutcome again = values.commitToBranch(BRANCH, promote("R-42"));

    assertThat(again)
        .isEqualTo(new CommitOutcome.Committed(((CommitOutcome.Committed) first).commitId(), 0));
    assertThat(remoteBranch(BRANCH).name()).isEqualTo(((CommitOutcome.Committed) first).commitId());
  }

  @Test
  void aBranchThatHoldsSomeoneElsesCommitIsNeitherTakenNorOverwritten() throws Exception {
    ObjectId theirs =
        values.commitToBranch(BRANCH, promote("R-7")) instanceof CommitOutcome.Committed c
            ? ObjectId.fromString(c.commitId())
            : null;

    assertThatThrownBy(() -> values.commitToBranch(BRANCH, promote("R-42")))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("is not this request's commit");
    assertThat(remoteBranch(BRANCH).getId()).isEqualTo(theirs);
  }

  @Test
  void aBranchPreparedWithOurTrailerButAnotherChangeIsRefused() throws Exception {
    // Request ids are predictable: someone who may push prepares helmgate/R-42 with the trailer.
    ValuesCommit ours = promote("R-42");
    ValuesCommit prepared =
        new ValuesCommit(
            ours.target(),
            ours.expectedBase(),
            ours.newContent().replace("tag: 1.4.2", "tag: 6.6.6"),
            ours.subject(),
            ours.reason(),
            ours.notes(),
            ours.trailers());
    ObjectId theirs =
        ObjectId.fromString(
            ((CommitOutcome.Committed) values.commitToBranch(BRANCH, prepared)).commitId());

    assertThatThrownBy(() -> values.commitToBranch(BRANCH, ours))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("is not this request's commit");
    assertThat(remoteBranch(BRANCH).getId()).isEqualTo(theirs);
  }

  @Test
  void aFileChangedSinceTheApprovedBaseIsStaleAndNoBranchIsPushed() throws Exception {
    ValuesCommit approved = promote("R-42");
    ObjectId other =
        GitFixtures.pushAsOther(
            remote, Map.of(PROD.valuesPath(), file("replicaCount: 9\n")), "by hand\n");

    CommitOutcome outcome = values.commitToBranch(BRANCH, approved);

    assertThat(outcome).isEqualTo(new CommitOutcome.Stale(other.name()));
    assertThat(remoteBranch(BRANCH)).isNull();
  }

  @Test
  void theValuesBranchItselfIsNeverAPullRequestBranch() {
    assertThatThrownBy(() -> values.commitToBranch(GitFixtures.BRANCH, promote("R-42")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
