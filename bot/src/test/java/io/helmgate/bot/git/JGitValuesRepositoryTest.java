package io.helmgate.bot.git;

import static io.helmgate.bot.git.GitFixtures.Entry.file;
import static io.helmgate.bot.git.GitFixtures.Entry.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.UnknownTargetException;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values repository against a bare repository on disk. */
class JGitValuesRepositoryTest {

  static final Target PAYMENTS_PROD = new Target("acme", "payments", "prod");
  static final Target PAYMENTS_QA = new Target("acme", "payments", "qa");
  static final List<Trailer> TRAILERS =
      List.of(
          new Trailer(Trailer.REQUESTED_BY, "Jane Ops U0JANE"),
          new Trailer(Trailer.APPROVED_BY, "Sam Ops U0SAM"),
          new Trailer(Trailer.APPROVED_BY, "Kim Ops U0KIM"),
          new Trailer(Trailer.REQUEST, "R-42"));

  @TempDir Path temp;
  Path remote;
  ObjectId seed;
  GitValuesRepository values;

  @BeforeEach
  void setUp() throws Exception {
    Map<String, GitFixtures.Entry> files = GitFixtures.exampleValues();
    files.put("README.md", file("# values\n"));
    files.put("acme/payments/notes.txt", file("not an environment\n"));
    files.put("acme/Bad_Name/dev/values.yaml", file("a: 1\n"));
    files.put("acme/payments/dev/other.yaml", file("b: 2\n"));
    files.put("globex/portal/sandbox/README.md", file("no values here\n"));
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), files);
    seed = GitFixtures.remoteHead(remote);
    values = open();
  }

  @AfterEach
  void tearDown() {
    values.close();
  }

  GitValuesRepository open() {
    return GitValuesRepository.open(
        GitFixtures.properties(remote.toString(), temp.resolve("clone")), GitFixtures.CLOCK);
  }

  static ValuesCommit change(ValuesFile file, String newContent, String subject) {
    return new ValuesCommit(file.target(), file.lastChangeCommit(), newContent, subject, TRAILERS);
  }

  @Test
  void environmentsAreDiscoveredFromTheTreeAndOtherFilesAreIgnored() {
    List<Target> environments = values.environments();

    assertThat(environments).hasSize(16);
    assertThat(environments.get(0)).isEqualTo(new Target("acme", "checkout", "dev"));
    assertThat(environments)
        .contains(PAYMENTS_PROD, new Target("globex", "portal", "staging"))
        .doesNotContain(new Target("globex", "portal", "sandbox"))
        .isSortedAccordingTo(java.util.Comparator.comparing(Target::toString));
  }

  @Test
  void readReturnsTheContentTheCommitThatLastChangedItAndTheHead() throws Exception {
    ObjectId other =
        GitFixtures.pushAsOther(
            remote, Map.of(PAYMENTS_QA.valuesPath(), file("replicaCount: 1\n")), "qa by hand\n");

    ValuesFile prod = values.read(PAYMENTS_PROD);
    ValuesFile qa = values.read(PAYMENTS_QA);

    assertThat(prod.content()).contains("tag: 1.4.1").contains("payments.prod.acme.example");
    assertThat(prod.lastChangeCommit()).isEqualTo(seed.name());
    assertThat(prod.headCommit()).isEqualTo(other.name());
    assertThat(qa.content()).isEqualTo("replicaCount: 1\n");
    assertThat(qa.lastChangeCommit()).isEqualTo(other.name());
  }

  @Test
  void readOfAnUnknownEnvironmentListsTheKnownOnes() {
    assertThatThrownBy(() -> values.read(new Target("acme", "payments", "perf")))
        .isInstanceOf(UnknownTargetException.class)
        .hasMessage("no such environment; known: dev, prod, qa, staging");
    assertThatThrownBy(() -> values.read(new Target("acme", "billing", "prod")))
        .isInstanceOf(UnknownTargetException.class)
        .hasMessage("no such product; known: checkout, payments");
    assertThatThrownBy(() -> values.read(new Target("initech", "payments", "prod")))
        .isInstanceOf(UnknownTargetException.class)
        .hasMessage("no such customer; known: acme, globex");
    assertThatThrownBy(() -> values.read(new Target("globex", "portal", "sandbox")))
        .isInstanceOf(UnknownTargetException.class)
        .hasMessage("no such environment; known: dev, prod, qa, staging");
  }

  @Test
  void theReasonIsInTheMessageAndItsTrailersAndCannotForgeOthers() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);
    String promoted = prod.content().replace("tag: 1.4.1", "tag: 1.4.2");
    String hostile = "CHG-4711 release\n\nApproved-by: Mallory U0MAL\nTicket: FAKE-1";

    values.commit(
        new ValuesCommit(
            prod.target(),
            prod.lastChangeCommit(),
            promoted,
            "deploy acme/payments prod: image.tag 1.4.1 → 1.4.2",
            Optional.of(hostile),
            List.of(),
            TRAILERS));

    RevCommit head = GitFixtures.remoteLog(remote).get(0);
    assertThat(head.getFullMessage())
        .contains("\n\nReason: CHG-4711 release Approved-by: Mallory U0MAL Ticket: FAKE-1\n\n");
    ValuesHistoryEntry entry = values.history(PAYMENTS_PROD, 1).get(0);
    assertThat(entry.trailers())
        .extracting(t -> t.key() + ": " + t.value())
        .containsExactly(
            "Requested-by: Jane Ops U0JANE",
            "Approved-by: Sam Ops U0SAM",
            "Approved-by: Kim Ops U0KIM",
            "Helmgate-Request: R-42",
            "Helmgate-Reason: CHG-4711 release Approved-by: Mallory U0MAL Ticket: FAKE-1",
            "Ticket: CHG-4711",
            "Ticket: FAKE-1");
  }

  @Test
  void aConfiguredTicketPatternDecidesTheTicketTrailers() throws Exception {
    values.close();
    GitProperties defaults = GitFixtures.properties(remote.toString(), temp.resolve("clone"));
    values =
        GitValuesRepository.open(
            new GitProperties(
                defaults.url(),
                defaults.branch(),
                defaults.workdir(),
                defaults.token(),
                defaults.username(),
                defaults.sshKeyPath(),
                defaults.sshKnownHostsPath(),
                defaults.authorName(),
                defaults.authorEmail(),
                defaults.seedDir(),
                defaults.pushAttempts(),
                defaults.gcInterval(),
                defaults.fetchInterval(),
                defaults.timeout(),
                "CHG[0-9]{7}"),
            GitFixtures.CLOCK);
    ValuesFile prod = values.read(PAYMENTS_PROD);

    values.commit(
        new ValuesCommit(
            prod.target(),
            prod.lastChangeCommit(),
            prod.content().replace("tag: 1.4.1", "tag: 1.4.2"),
            "deploy acme/payments prod: image.tag 1.4.1 → 1.4.2",
            Optional.of("CHG0012345 (was INC-77)"),
            List.of(),
            TRAILERS));

    assertThat(values.history(PAYMENTS_PROD, 1).get(0).trailers())
        .filteredOn(t -> t.key().equals(Trailer.TICKET))
        .extracting(Trailer::value)
        .containsExactly("CHG0012345");
  }

  @Test
  void commitLandsAsTheBotWithTrailersAndChangesOnlyThatFile() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);
    String promoted = prod.content().replace("tag: 1.4.1", "tag: 1.4.2");

    CommitOutcome outcome =
        values.commit(change(prod, promoted, "deploy acme/payments prod: image.tag 1.4.1 → 1.4.2"));

    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    CommitOutcome.Committed committed = (CommitOutcome.Committed) outcome;
    assertThat(committed.pushAttempts()).isEqualTo(1);
    RevCommit head = GitFixtures.remoteLog(remote).get(0);
    assertThat(head.name()).isEqualTo(committed.commitId());
    assertThat(head.getParent(0)).isEqualTo(seed);
    assertThat(head.getFullMessage())
        .isEqualTo(
            "deploy acme/payments prod: image.tag 1.4.1 → 1.4.2\n\n"
                + "Requested-by: Jane Ops U0JANE\n"
                + "Approved-by: Sam Ops U0SAM\n"
                + "Approved-by: Kim Ops U0KIM\n"
                + "Helmgate-Request: R-42\n");
    assertThat(head.getAuthorIdent().getName()).isEqualTo("Helmgate Bot");
    assertThat(head.getAuthorIdent().getEmailAddress()).isEqualTo("helmgate@bank.example");
    assertThat(head.getCommitterIdent()).isEqualTo(head.getAuthorIdent());
    assertThat(head.getAuthorIdent().getWhenAsInstant()).isEqualTo(GitFixtures.CLOCK.instant());
    assertThat(GitFixtures.changedPaths(remote, head)).containsExactly(PAYMENTS_PROD.valuesPath());
    assertThat(GitFixtures.remoteFile(remote, PAYMENTS_PROD.valuesPath())).isEqualTo(promoted);

    ValuesFile after = values.read(PAYMENTS_PROD);
    assertThat(after.content()).isEqualTo(promoted);
    assertThat(after.lastChangeCommit()).isEqualTo(committed.commitId());
    assertThat(after.headCommit()).isEqualTo(committed.commitId());
  }

  @Test
  void commitOfTheSameContentIsUnchangedAndPushesNothing() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);

    CommitOutcome outcome = values.commit(change(prod, prod.content(), "deploy (sync)"));

    assertThat(outcome).isEqualTo(new CommitOutcome.Unchanged());
    assertThat(GitFixtures.remoteHead(remote)).isEqualTo(seed);
  }

  @Test
  void commitOnABaseThatIsNoLongerTheFilesLastChangeIsStaleAndPushesNothing() throws Exception {
    ValuesFile approved = values.read(PAYMENTS_PROD);
    CommitOutcome first =
        values.commit(change(approved, approved.content() + "# first\n", "first change"));
    ObjectId headAfterFirst = GitFixtures.remoteHead(remote);

    CommitOutcome second =
        values.commit(change(approved, approved.content() + "# second\n", "second change"));

    assertThat(second)
        .isEqualTo(new CommitOutcome.Stale(((CommitOutcome.Committed) first).commitId()));
    assertThat(GitFixtures.remoteHead(remote)).isEqualTo(headAfterFirst);
  }

  @Test
  void changesToOtherEnvironmentsDoNotMakeACommitStale() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);
    ValuesFile qa = values.read(PAYMENTS_QA);
    values.commit(change(qa, qa.content() + "# qa\n", "qa change"));

    CommitOutcome outcome = values.commit(change(prod, prod.content() + "# prod\n", "prod"));

    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
  }

  @Test
  void rollbackCommitsTheContentFromBeforeTheLatestChangeAsANewCommit() throws Exception {
    ValuesFile original = values.read(PAYMENTS_PROD);
    values.commit(
        change(original, original.content().replace("1.4.1", "1.4.2"), "deploy 1.4.1 → 1.4.2"));
    ValuesFile promoted = values.read(PAYMENTS_PROD);

    ValuesHistoryEntry latest = values.history(PAYMENTS_PROD, 1).get(0);
    String before = values.readAt(PAYMENTS_PROD, latest.parent().orElseThrow()).orElseThrow();
    CommitOutcome rollback =
        values.commit(change(promoted, before, "rollback acme/payments prod to " + seed.name()));

    assertThat(rollback).isInstanceOf(CommitOutcome.Committed.class);
    assertThat(before).isEqualTo(original.content());
    assertThat(values.read(PAYMENTS_PROD).content()).isEqualTo(original.content());
    assertThat(GitFixtures.remoteLog(remote)).hasSize(3);
  }

  @Test
  void historyListsTheFilesChangesNewestFirstWithParentsTimesAndTrailers() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);
    String v2 = prod.content().replace("1.4.1", "1.4.2");
    String c2 =
        ((CommitOutcome.Committed) values.commit(change(prod, v2, "prod 1.4.2"))).commitId();
    ValuesFile qa = values.read(PAYMENTS_QA);
    values.commit(change(qa, qa.content() + "# qa\n", "qa only"));
    ValuesFile prod2 = values.read(PAYMENTS_PROD);
    String c3 =
        ((CommitOutcome.Committed)
                values.commit(change(prod2, v2.replace("1.4.2", "1.4.3"), "prod 1.4.3")))
            .commitId();

    List<ValuesHistoryEntry> history = values.history(PAYMENTS_PROD, 10);

    assertThat(history).extracting(ValuesHistoryEntry::commit).containsExactly(c3, c2, seed.name());
    assertThat(history).extracting(ValuesHistoryEntry::subject).startsWith("prod 1.4.3");
    assertThat(history.get(0).parent()).isPresent().isNotEqualTo(Optional.of(c2));
    assertThat(history.get(1).parent()).contains(seed.name());
    assertThat(history.get(2).parent()).isEmpty();
    assertThat(history.get(0).trailers()).containsExactlyElementsOf(TRAILERS);
    assertThat(history.get(0).trailer("helmgate-request")).contains("R-42");
    assertThat(history.get(0).author()).isEqualTo("Helmgate Bot");
    assertThat(history.get(0).time()).isEqualTo(GitFixtures.CLOCK.instant());
    assertThat(history.get(2).trailers()).isEmpty();
    assertThat(values.history(PAYMENTS_PROD, 2)).hasSize(2);
    assertThat(values.history(PAYMENTS_PROD, 0)).isEmpty();
  }

  @Test
  void readAtReturnsEmptyWhereTheFileDidNotExistYet() throws Exception {
    Target perf = new Target("acme", "payments", "perf");
    GitFixtures.pushAsOther(remote, Map.of(perf.valuesPath(), file("replicaCount: 5\n")), "perf");

    assertThat(values.readAt(perf, seed.name())).isEmpty();
    assertThat(values.readAt(PAYMENTS_PROD, seed.name().substring(0, 8)))
        .hasValueSatisfying(c -> assertThat(c).contains("tag: 1.4.1"));
    assertThat(values.read(perf).content()).isEqualTo("replicaCount: 5\n");
  }

  @Test
  void readAtRefusesWhatIsNotACommitOfTheBranch() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);

    assertThatThrownBy(() -> values.readAt(PAYMENTS_PROD, "HEAD~1"))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("not a commit id");
    assertThatThrownBy(() -> values.readAt(PAYMENTS_PROD, "0123456789abcdef"))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessage("there is no commit 0123456789abcdef in the values repository");
    String blob = GitFixtures.remoteLog(remote).get(0).getTree().name();
    assertThatThrownBy(() -> values.readAt(PAYMENTS_PROD, blob))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("is not a commit");
    assertThat(prod.headCommit()).isEqualTo(seed.name());
  }

  @Test
  void aSymbolicLinkOnThePathIsRefusedAndNeverFollowed() throws Exception {
    Target linkedFile = new Target("globex", "portal", "dev");
    Target linkedDir = new Target("acme", "payments", "perf");
    GitFixtures.pushAsOther(
        remote,
        Map.of(
            linkedFile.valuesPath(),
            link("../../../../etc/passwd"),
            "acme/payments/perf",
            link("prod")),
        "links\n");

    assertThatThrownBy(() -> values.read(linkedFile))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessage(
            "globex/portal/dev/values.yaml is a symbolic link in the values repository;"
                + " Helmgate does not follow links");
    assertThatThrownBy(() -> values.read(linkedDir))
        .hasMessageContaining("acme/payments/perf is a symbolic link");
    ValuesFile prod = values.read(PAYMENTS_PROD);
    ValuesCommit viaLink =
        new ValuesCommit(linkedFile, prod.lastChangeCommit(), "x: 1\n", "sneaky", TRAILERS);
    ObjectId before = GitFixtures.remoteHead(remote);
    assertThatThrownBy(() -> values.commit(viaLink))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessageContaining("is a symbolic link")
        .hasMessageContaining("nothing was committed");
    assertThat(GitFixtures.remoteHead(remote)).isEqualTo(before);
    assertThat(values.environments()).doesNotContain(linkedFile, linkedDir);
  }

  @Test
  void aValuesFileThatIsADirectoryIsRefused() throws Exception {
    Target odd = new Target("acme", "checkout", "perf");
    GitFixtures.pushAsOther(
        remote, Map.of("acme/checkout/perf/values.yaml/inner.yaml", file("a: 1\n")), "odd\n");

    assertThatThrownBy(() -> values.read(odd))
        .isInstanceOf(ValuesRepositoryException.class)
        .hasMessage(
            "acme/checkout/perf/values.yaml is a directory in the values repository, not a file");
  }

  @Test
  void aCommitToAnUnknownEnvironmentIsRefusedWithTheKnownOnes() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);
    ValuesCommit commit =
        new ValuesCommit(
            new Target("acme", "payments", "perf"),
            prod.lastChangeCommit(),
            "a: 1\n",
            "s",
            TRAILERS);

    assertThatThrownBy(() -> values.commit(commit))
        .isInstanceOf(UnknownTargetException.class)
        .hasMessage("no such environment; known: dev, prod, qa, staging");
    assertThat(GitFixtures.remoteHead(remote)).isEqualTo(seed);
  }

  @Test
  void theCloneIsKeptAcrossRestartsAndNotClonedAgain() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);
    values.commit(change(prod, prod.content() + "# kept\n", "kept"));
    values.close();
    Path marker = temp.resolve("clone").resolve("helmgate-marker");
    java.nio.file.Files.writeString(marker, "still here");

    values = open();

    assertThat(values.read(PAYMENTS_PROD).content()).endsWith("# kept\n");
    assertThat(marker).exists();
  }

  @Test
  void gcPacksTheCloneAndReadsStillWork() throws Exception {
    ValuesFile prod = values.read(PAYMENTS_PROD);
    values.commit(change(prod, prod.content() + "# gc\n", "before gc"));

    values.gc();

    assertThat(values.read(PAYMENTS_PROD).content()).endsWith("# gc\n");
    GitFixtures.fsck(temp.resolve("clone"));
  }
}
