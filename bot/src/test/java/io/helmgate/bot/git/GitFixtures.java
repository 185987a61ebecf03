package io.helmgate.bot.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Real repositories on disk for the values repository tests, and a second writer to race. */
final class GitFixtures {

  static final String BRANCH = "main";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:15:30Z"), ZoneOffset.UTC);
  static final Path EXAMPLE_VALUES = findExampleValues();

  /** A file entry to seed: regular, or a symbolic link whose content is its target. */
  record Entry(String content, FileMode mode) {
    static Entry file(String content) {
      return new Entry(content, FileMode.REGULAR_FILE);
    }

    static Entry link(String target) {
      return new Entry(target, FileMode.SYMLINK);
    }
  }

  private GitFixtures() {}

  private static Path findExampleValues() {
    for (Path candidate :
        List.of(Path.of("config/example-values"), Path.of("../config/example-values"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("config/example-values not found from " + Path.of(""));
  }

  /** The example values repository's files, path → content. */
  static Map<String, Entry> exampleValues() throws IOException {
    Map<String, Entry> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(EXAMPLE_VALUES)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            EXAMPLE_VALUES.relativize(p).toString().replace('\\', '/'),
            Entry.file(Files.readString(p)));
      }
    }
    return files;
  }

  /** A bare repository with one commit holding the files. */
  static Path bareRemote(Path dir, Map<String, Entry> files) throws IOException {
    Files.createDirectories(dir);
    try (Repository repo = open(dir, false)) {
      repo.create(true);
      RefUpdate head = repo.updateRef(Constants.HEAD);
      head.link(Constants.R_HEADS + BRANCH);
      commit(repo, null, files, "Initial values\n", CLOCK.instant());
    }
    return dir;
  }

  /**
   * Another writer (a person, another replica) pushes to the remote: the files are changed (or
   * added; a null entry deletes) on top of the branch head.
   */
  static ObjectId pushAsOther(Path remote, Map<String, Entry> changes, String message)
      throws IOException {
    try (Repository repo = open(remote, true)) {
      ObjectId head = repo.exactRef(Constants.R_HEADS + BRANCH).getObjectId();
      Map<String, Entry> files = files(repo, head);
      changes.forEach(
          (path, entry) -> {
            if (entry == null) {
              files.remove(path);
            } else {
              files.put(path, entry);
            }
          });
      return commit(repo, head, files, message, CLOCK.instant().plusSeconds(60));
    }
  }

  /**
   * A commit with any parents (a merge when several) holding exactly {@code files}; the branch
   * moves to it when {@code moveBranch}, forced if need be (a force-push).
   */
  static ObjectId commitWithParents(
      Path remote,
      List<ObjectId> parents,
      Map<String, Entry> files,
      String message,
      boolean moveBranch)
      throws IOException {
    try (Repository repo = open(remote, true);
        ObjectInserter inserter = repo.newObjectInserter()) {
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree(inserter, files));
      commit.setParentIds(parents);
      PersonIdent person =
          new PersonIdent("Jane Ops", "jane@bank.example", CLOCK.instant(), ZoneOffset.UTC);
      commit.setAuthor(person);
      commit.setCommitter(person);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      if (moveBranch) {
        RefUpdate update = repo.updateRef(Constants.R_HEADS + BRANCH);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.update();
      }
      return id;
    }
  }

  /** The files of a commit, path → entry. */
  static Map<String, Entry> filesAt(Path remote, ObjectId commit) throws IOException {
    try (Repository repo = open(remote, true)) {
      return files(repo, commit);
    }
  }

  private static ObjectId tree(ObjectInserter inserter, Map<String, Entry> files)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    for (Map.Entry<String, Entry> file : new TreeMap<>(files).entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(file.getKey());
      entry.setFileMode(file.getValue().mode());
      entry.setObjectId(
          inserter.insert(
              Constants.OBJ_BLOB, file.getValue().content().getBytes(StandardCharsets.UTF_8)));
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  /** Every file on the branch head (links included), path → entry. */
  static Map<String, Entry> files(Repository repo, ObjectId commit) throws IOException {
    Map<String, Entry> files = new TreeMap<>();
    try (RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      tree.addTree(walk.parseCommit(commit).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String content =
            new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        files.put(tree.getPathString(), new Entry(content, tree.getFileMode(0)));
      }
    }
    return files;
  }

  /** The content of a file on the remote's branch head, or null. */
  static String remoteFile(Path remote, String path) throws IOException {
    try (Repository repo = open(remote, true)) {
      Entry entry = files(repo, head(repo)).get(path);
      return entry == null ? null : entry.content();
    }
  }

  static ObjectId remoteHead(Path remote) throws IOException {
    try (Repository repo = open(remote, true)) {
      return head(repo);
    }
  }

  /** First-parent log of the remote's branch, newest first. */
  static List<RevCommit> remoteLog(Path remote) throws IOException {
    try (Repository repo = open(remote, true);
        RevWalk walk = new RevWalk(repo)) {
      List<RevCommit> log = new ArrayList<>();
      RevCommit commit = walk.parseCommit(head(repo));
      while (true) {
        walk.parseBody(commit);
        log.add(commit);
        if (commit.getParentCount() == 0) {
          return log;
        }
        commit = walk.parseCommit(commit.getParent(0));
      }
    }
  }

  /** Paths that differ between a commit and its first parent. */
  static List<String> changedPaths(Path remote, ObjectId commit) throws IOException {
    try (Repository repo = open(remote, true);
        RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      tree.addTree(walk.parseCommit(c.getParent(0)).getTree());
      tree.addTree(c.getTree());
      tree.setRecursive(true);
      tree.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
      List<String> paths = new ArrayList<>();
      while (tree.next()) {
        paths.add(tree.getPathString());
      }
      return paths;
    }
  }

  /** {@code git fsck --strict} with the git CLI; returns its output, failing on a non-zero exit. */
  static String fsck(Path repo) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("git", "--git-dir=" + repo, "fsck", "--strict", "--no-dangling")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("git fsck --strict failed on " + repo + ":\n" + output);
    }
    return output;
  }

  /** Settings for a clone of {@code url} under {@code workdir}, fetching before every read. */
  static Settings settings(String url, Path workdir) {
    return new Settings(url, workdir);
  }

  static GitProperties properties(String url, Path workdir) {
    return settings(url, workdir).build();
  }

  /** Test settings, built into validated {@link GitProperties} at the end. */
  static final class Settings {
    private final String url;
    private final Path workdir;
    private String branch = BRANCH;
    private String username = "x-access-token";
    private String token = "";
    private String sshKey = "";
    private String knownHosts = "";
    private int pushAttempts = 5;
    private Duration fetchInterval = Duration.ZERO;

    Settings(String url, Path workdir) {
      this.url = url;
      this.workdir = workdir;
    }

    Settings branch(String value) {
      branch = value;
      return this;
    }

    Settings token(String user, String value) {
      username = user;
      token = value;
      return this;
    }

    Settings ssh(Path key, Path knownHostsFile) {
      sshKey = key.toString();
      knownHosts = knownHostsFile.toString();
      return this;
    }

    Settings pushAttempts(int value) {
      pushAttempts = value;
      return this;
    }

    Settings fetchInterval(Duration value) {
      fetchInterval = value;
      return this;
    }

    GitProperties build() {
      return new GitProperties(
          url,
          branch,
          workdir.toString(),
          token,
          username,
          sshKey,
          knownHosts,
          "Helmgate Bot",
          "helmgate@bank.example",
          EXAMPLE_VALUES.toString(),
          pushAttempts,
          Duration.ZERO,
          fetchInterval,
          Duration.ofSeconds(10),
          io.helmgate.domain.port.TicketPattern.DEFAULT_REGEX);
    }
  }

  static Repository open(Path dir, boolean mustExist) throws IOException {
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(mustExist).build();
  }

  private static ObjectId head(Repository repo) throws IOException {
    return repo.exactRef(Constants.R_HEADS + BRANCH).getObjectId();
  }

  private static ObjectId commit(
      Repository repo, ObjectId parent, Map<String, Entry> files, String message, Instant when)
      throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId tree = tree(inserter, files);
      PersonIdent person = new PersonIdent("Jane Ops", "jane@bank.example", when, ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      if (parent != null) {
        commit.setParentId(parent);
      }
      commit.setAuthor(person);
      commit.setCommitter(person);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(Constants.R_HEADS + BRANCH);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IOException("second writer could not update the branch: " + result);
      }
      return id;
    }
  }
}
