package io.helmgate.bot.slack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

/** A bare git repository on disk holding a copy of the example values, as the values remote. */
final class SeededRemote {

  private SeededRemote() {}

  static Path create(Path bare, Path seed) throws Exception {
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    Path tmp = Files.createTempDirectory("seed");
    try (Git git =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(tmp.toFile()).call()) {
      copy(seed, tmp);
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("initial values")
          .setAuthor("Ops", "ops@example.org")
          .setCommitter("Ops", "ops@example.org")
          .call();
      git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
    }
    return bare;
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
}
