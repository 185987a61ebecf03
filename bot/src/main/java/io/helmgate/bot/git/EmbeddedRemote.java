package io.helmgate.bot.git;

import io.helmgate.domain.port.ValuesRepositoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a bare repository on disk that plays the remote, seeded with one commit
 * from the seed directory. The clone then talks to it like to any other remote, so the embedded
 * default runs exactly the code path of a real deployment.
 */
final class EmbeddedRemote {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRemote.class);

  private EmbeddedRemote() {}

  /** Creates the bare repository unless it exists; returns its path. */
  static Path ensure(GitProperties properties, Clock clock) {
    Path dir = properties.embeddedRemotePath();
    if (Files.isDirectory(dir.resolve("objects")) && Files.exists(dir.resolve("HEAD"))) {
      return dir;
    }
    Path seed =
        properties
            .seedDirPath()
            .orElseThrow(
                () ->
                    new ValuesRepositoryException(
                        "helmgate.git.seed-dir '"
                            + properties.seedDir()
                            + "' is not a directory; the embedded values repository is seeded"
                            + " from it"));
    try {
      Files.createDirectories(dir);
      try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).build()) {
        repo.create(true);
        StoredConfig config = repo.getConfig();
        // Pushes land in this process; an automatic gc inside a push would stall the writer.
        config.setBoolean("receive", null, "autogc", false);
        config.setInt("gc", null, "auto", 0);
        config.save();
        String branchRef = Constants.R_HEADS + properties.branch();
        RefUpdate head = repo.updateRef(Constants.HEAD);
        head.link(branchRef);
        ObjectId commit = seedCommit(repo, seed, properties, clock);
        RefUpdate update = repo.updateRef(branchRef);
        update.setNewObjectId(commit);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW) {
          throw new IOException("could not create " + branchRef + ": " + result);
        }
      }
      log.info("Created the embedded values repository {} from {}", dir, seed);
      return dir;
    } catch (IOException e) {
      throw new ValuesRepositoryException(
          "could not create the embedded values repository at " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ObjectId seedCommit(
      Repository repo, Path seed, GitProperties properties, Clock clock) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(seed)) {
      files =
          walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .sorted()
              .toList();
    }
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      // Seeding is a one-off; an in-core DirCache sorts the entries the way git wants them.
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      for (Path file : files) {
        String path = seed.relativize(file).toString().replace('\\', '/');
        DirCacheEntry entry = new DirCacheEntry(path);
        entry.setFileMode(FileMode.REGULAR_FILE);
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, Files.readAllBytes(file)));
        builder.add(entry);
      }
      builder.finish();
      ObjectId tree = index.writeTree(inserter);
      PersonIdent bot =
          new PersonIdent(
              properties.authorName(), properties.authorEmail(), clock.instant(), clock.getZone());
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      commit.setAuthor(bot);
      commit.setCommitter(bot);
      commit.setMessage("Seed the values repository from " + properties.seedDir() + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }
}
