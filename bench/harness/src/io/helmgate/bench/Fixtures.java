package io.helmgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Git repositories for the benchmarks, made with the git CLI. */
final class Fixtures {

  private Fixtures() {}

  /** A bare repository whose main holds one commit of {@code seed}'s files; reused if present. */
  static Path seededRemote(Path seed, Path bare) throws Exception {
    if (Files.isDirectory(bare.resolve("refs"))) {
      return bare;
    }
    Path tmp = bare.resolveSibling(bare.getFileName() + ".seed");
    git(null, "init", "-q", "--initial-branch=main", tmp.toString());
    copy(seed, tmp);
    git(tmp, "add", "-A");
    git(
        tmp,
        "-c",
        "user.name=Bench",
        "-c",
        "user.email=bench@localhost",
        "commit",
        "-q",
        "-m",
        "Seed");
    git(null, "clone", "-q", "--bare", tmp.toString(), bare.toString());
    return bare;
  }

  /** Runs git; its output, or an exception with it when it fails. */
  static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("git");
    if (dir != null) {
      command.add("-C");
      command.add(dir.toString());
    }
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out.trim();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
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
