package io.helmgate.bot.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locates files at the repository root from a test, whether Maven runs it in bot/ or above. */
final class RepositoryFiles {

  private RepositoryFiles() {}

  static Path root() {
    for (Path candidate : List.of(Path.of(""), Path.of(".."))) {
      Path abs = candidate.toAbsolutePath().normalize();
      if (Files.isRegularFile(abs.resolve("Dockerfile"))
          && Files.isRegularFile(abs.resolve("mvnw"))) {
        return abs;
      }
    }
    throw new IllegalStateException(
        "repository root (with Dockerfile and mvnw) not found from "
            + Path.of("").toAbsolutePath());
  }
}
