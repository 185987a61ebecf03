package io.helmgate.bot.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare git repository on disk holding a copy of the example values, as the values remote; and
 * what tests ask of it afterwards (its head, a file at its head, the commits of a request).
 */
public final class SeededRemote {

  private SeededRemote() {}

  /** Creates {@code bare} with one commit holding the files under {@code seed}, on main. */
  public static Path create(Path bare, Path seed) throws Exception {
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    Path tmp = bare.resolveSibling(bare.getFileName() + ".seed");
    try (Git git =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(tmp.toFile()).call()) {
      copy(seed, tmp);
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("initial values")
          .setAuthor("Ops", "ops@example.org")
          .setCommitter("Ops", "ops@example.org")
          .call();
      git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
    delete(tmp);
    return bare;
  }

  /** The commit at the tip of main. */
  public static RevCommit head(Path bare) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(repo.resolve("refs/heads/main"));
      walk.parseBody(c);
      return c;
    }
  }

  /** The text of {@code path} at the tip of main. */
  public static String fileAtHead(Path bare, String path) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit head = walk.parseCommit(repo.resolve("refs/heads/main"));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, head.getTree())) {
        return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** Every commit on main, newest first. */
  public static List<RevCommit> log(Path bare) throws IOException {
    List<RevCommit> commits = new ArrayList<>();
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/main");
      walk.markStart(walk.parseCommit(head));
      for (RevCommit c : walk) {
        walk.parseBody(c);
        commits.add(c);
      }
    }
    return commits;
  }

  /** The newest commit on main that changed {@code path}. */
  public static String lastChange(Path bare, String path) throws IOException {
    try (Git git = Git.open(bare.toFile())) {
      return git.log()
          .add(git.getRepository().resolve("refs/heads/main"))
          .addPath(path)
          .setMaxCount(1)
          .call()
          .iterator()
          .next()
          .getName();
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IOException(e);
    }
  }

  /** The commits on main that carry {@code Helmgate-Request: <requestId>}. */
  public static List<RevCommit> commitsOf(Path bare, String requestId) throws IOException {
    return log(bare).stream()
        .filter(c -> c.getFooterLines("Helmgate-Request").contains(requestId))
        .toList();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Deletes a directory tree. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
