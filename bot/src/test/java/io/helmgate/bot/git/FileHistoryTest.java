package io.helmgate.bot.git;

import static io.helmgate.bot.git.GitFixtures.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file history index answers like {@code git log --first-parent -- path}. */
class FileHistoryTest {

  static final String[] PROD = {"acme", "payments", "prod", "values.yaml"};
  static final String[] QA = {"acme", "payments", "qa", "values.yaml"};

  @TempDir Path temp;
  Path remote;
  ObjectId seed;
  Map<String, GitFixtures.Entry> seedFiles;
  FileHistory history = new FileHistory();

  @BeforeEach
  void setUp() throws Exception {
    seedFiles = new HashMap<>();
    seedFiles.put(String.join("/", PROD), file("tag: 1\n"));
    seedFiles.put(String.join("/", QA), file("tag: 1\n"));
    seedFiles.put("README.md", file("readme\n"));
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), seedFiles);
    seed = GitFixtures.remoteHead(remote);
  }

  List<ObjectId> changes(ObjectId tip, String[] path) throws Exception {
    try (Repository repo = GitFixtures.open(remote, true);
        ObjectReader reader = repo.newObjectReader()) {
      return history.changes(reader, tip, path, 10);
    }
  }

  Map<String, GitFixtures.Entry> with(ObjectId base, String[] path, String content)
      throws Exception {
    Map<String, GitFixtures.Entry> files = new HashMap<>(GitFixtures.filesAt(remote, base));
    files.put(String.join("/", path), file(content));
    return files;
  }

  @Test
  void aMergeCountsAsTheChangeAndTheSideBranchCommitsAreNotListed() throws Exception {
    ObjectId side =
        GitFixtures.commitWithParents(
            remote, List.of(seed), with(seed, PROD, "tag: 2\n"), "side", false);
    ObjectId mainline =
        GitFixtures.commitWithParents(
            remote, List.of(seed), with(seed, QA, "tag: 2\n"), "qa", true);
    ObjectId merge =
        GitFixtures.commitWithParents(
            remote, List.of(mainline, side), with(mainline, PROD, "tag: 2\n"), "merge", true);

    assertThat(changes(merge, PROD)).containsExactly(merge, seed);
    assertThat(changes(merge, QA)).containsExactly(mainline, seed);
  }

  @Test
  void changesOutsideTheLayoutAreNotIndexed() throws Exception {
    Map<String, GitFixtures.Entry> files = new HashMap<>(seedFiles);
    files.put("README.md", file("changed\n"));
    ObjectId readme = GitFixtures.commitWithParents(remote, List.of(seed), files, "docs", true);

    assertThat(changes(readme, PROD)).containsExactly(seed);
    assertThat(changes(readme, new String[] {"README.md"})).isEmpty();
  }

  @Test
  void theIndexFollowsTheBranchForwardAndAfterAForcePush() throws Exception {
    ObjectId first =
        GitFixtures.commitWithParents(
            remote, List.of(seed), with(seed, PROD, "tag: 2\n"), "2", true);
    assertThat(changes(first, PROD)).containsExactly(first, seed);
    ObjectId second =
        GitFixtures.commitWithParents(
            remote, List.of(first), with(first, PROD, "tag: 3\n"), "3", true);
    assertThat(changes(second, PROD)).containsExactly(second, first, seed);

    ObjectId rewritten =
        GitFixtures.commitWithParents(
            remote, List.of(seed), with(seed, QA, "tag: 9\n"), "qa", true);

    assertThat(changes(rewritten, PROD)).containsExactly(seed);
    assertThat(changes(rewritten, QA)).containsExactly(rewritten, seed);
  }

  @Test
  void aReaderAtAnOlderHeadDoesNotSeeTheNewerChanges() throws Exception {
    ObjectId first =
        GitFixtures.commitWithParents(
            remote, List.of(seed), with(seed, PROD, "tag: 2\n"), "2", true);
    ObjectId second =
        GitFixtures.commitWithParents(
            remote, List.of(first), with(first, PROD, "tag: 3\n"), "3", true);
    assertThat(changes(second, PROD)).containsExactly(second, first, seed);

    assertThat(changes(first, PROD)).containsExactly(first, seed);
    assertThat(changes(second, PROD)).containsExactly(second, first, seed);
  }

  @Test
  void aValuesFileThatBecomesADirectoryIsAChange() throws Exception {
    Map<String, GitFixtures.Entry> files = new HashMap<>(seedFiles);
    files.remove(String.join("/", PROD));
    files.put("acme/payments/prod/values.yaml/inner.yaml", file("x\n"));
    ObjectId odd = GitFixtures.commitWithParents(remote, List.of(seed), files, "odd", true);

    assertThat(changes(odd, PROD)).containsExactly(odd, seed);
  }
}
