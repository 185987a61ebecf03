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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull-request mode's rebase of a pull request's branch onto a values branch that moved. */
class JGitBranchRebaseTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final Target STAGING = new Target("acme", "payments", "staging");
  static final String BRANCH = "helmgate/R-42";

  @TempDir Path temp;
  Path remote;
  GitValuesRepository values;
  ValuesCommit approved;
  String tip;

  @BeforeEach
  void setUp() throws Exception {
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), GitFixtures.exampleValues());
    values =
        GitValuesRepository.open(
            GitFixtures.properties(remote.toString(), temp.resolve("clone")), GitFixtures.CLOCK);
    approved = promote("R-42");
    tip = ((CommitOutcome.Committed) values.commitToBranch(BRANCH, approved)).commitId();
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
      if (ref == null) {
        return null;
      }
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      walk.parseBody(commit);
      return commit;
    }
  }

  /** Someone else adds a commit on top of the pull request's branch, straight in the remote. */
  ObjectId pushToBranchAsOther(String branch) throws Exception {
    try (Repository repo = GitFixtures.open(remote, true);
        ObjectInserter inserter = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId old = repo.exactRef(Constants.R_HEADS + branch).getObjectId();
      PersonIdent person =
          new PersonIdent(
              "Jane Ops", "jane@bank.example", GitFixtures.CLOCK.instant(), ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(walk.parseCommit(old).getTree());
      commit.setParentId(old);
      commit.setAuthor(person);
      commit.setCommitter(person);
      commit.setMessage("a fix-up by hand\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(old);
      assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
      return id;
    }
  }

  ObjectId moveValuesBranchElsewhere() throws Exception {
    return GitFixtures.pushAsOther(
        remote,
        Map.of(STAGING.valuesPath(), file("replicaCount: 3\n")),
        "staging by someone else\n");
  }

  @Test
  void theBranchAtTheExpectedTipMovesToTheSameChangeOnTheValuesBranchsNewHead() throws Exception {
    RevCommit before = remoteBranch(BRANCH);
    ObjectId newHead = moveValuesBranchElsewhere();

    CommitOutcome outcome = values.rebaseBranch(BRANCH, tip, approved);

    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    RevCommit after = remoteBranch(BRANCH);
    assertThat(after.name()).isEqualTo(((CommitOutcome.Committed) outcome).commitId());
    assertThat(after.name()).isNotEqualTo(tip);
    assertThat(after.getParentCount()).isEqualTo(1);
    assertThat(after.getParent(0).getId()).isEqualTo(newHead);
    assertThat(after.getFullMessage()).isEqualTo(before.getFullMessage());
    assertThat(after.getFooterLines(Trailer.REQUEST)).containsExactly("R-42");
    assertThat(after.getAuthorIdent().getName()).isEqualTo("Helmgate Bot");
    Map<String, GitFixtures.Entry> files = GitFixtures.filesAt(remote, after);
    assertThat(files.get(PROD.valuesPath()).content()).contains("tag: 1.4.2");
    assertThat(files.get(STAGING.valuesPath()).content()).isEqualTo("replicaCount: 3\n");
    assertThat(GitFixtures.remoteHead(remote)).isEqualTo(newHead);
  }

  @Test
  void aBranchSomeoneElsePushedToIsRefusedAndLeftWhereTheyPutIt() throws Exception {
    moveValuesBranchElsewhere();
    ObjectId theirs = pushToBranchAsOther(BRANCH);

    assertThatThrownBy(() -> values.rebaseBranch(BRANCH, tip, approved))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("someone pushed to it");
    assertThat(remoteBranch(BRANCH).getId()).isEqualTo(theirs);
  }

  @Test
  void aBranchThatWasDeletedIsNotCreatedAgain() throws Exception {
    try (Repository repo = GitFixtures.open(remote, true)) {
      RefUpdate delete = repo.updateRef(Constants.R_HEADS + BRANCH);
      delete.setForceUpdate(true);
      delete.delete();
    }

    assertThatThrownBy(() -> values.rebaseBranch(BRANCH, tip, approved))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("deleted");
    assertThat(remoteBranch(BRANCH)).isNull();
  }

  @Test
  void aValuesFileChangedOnTheValuesBranchIsStaleAndTheBranchStays() throws Exception {
    ObjectId other =
        GitFixtures.pushAsOther(
            remote, Map.of(PROD.valuesPath(), file("replicaCount: 9\n")), "by hand\n");

    CommitOutcome outcome = values.rebaseBranch(BRANCH, tip, approved);

    assertThat(outcome).isEqualTo(new CommitOutcome.Stale(other.name()));
    assertThat(remoteBranch(BRANCH).name()).isEqualTo(tip);
  }

  @Test
  void aChangeAlreadyOnTheValuesBranchIsUnchangedAndTheBranchStays() throws Exception {
    ValuesFile prod = values.read(PROD);
    ValuesCommit noChange =
        new ValuesCommit(
            PROD, prod.lastChangeCommit(), prod.content(), approved.subject(), approved.trailers());

    CommitOutcome outcome = values.rebaseBranch(BRANCH, tip, noChange);

    assertThat(outcome).isEqualTo(new CommitOutcome.Unchanged());
    assertThat(remoteBranch(BRANCH).name()).isEqualTo(tip);
  }

  @Test
  void runningAgainAfterALostAnswerTakesTheBranchThatAlreadyHoldsTheRebasedChange()
      throws Exception {
    moveValuesBranchElsewhere();
    String rebased =
        ((CommitOutcome.Committed) values.rebaseBranch(BRANCH, tip, approved)).commitId();

    CommitOutcome again = values.rebaseBranch(BRANCH, tip, approved);

    assertThat(again).isEqualTo(new CommitOutcome.Committed(rebased, 0));
    assertThat(remoteBranch(BRANCH).name()).isEqualTo(rebased);
  }

  @Test
  void anExpectedTipThatIsNotACommitIdIsRefusedBeforeAnythingIsPushed() {
    assertThatThrownBy(() -> values.rebaseBranch(BRANCH, "main", approved))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theValuesBranchItselfIsNeverRebased() {
    assertThatThrownBy(
            () ->
                values.rebaseBranch(
                    GitFixtures.BRANCH, GitFixtures.remoteHead(remote).name(), approved))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
