package io.helmgate.bot.git;

import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.time.Clock;

/**
 * The JGit values repository as the application and benchmarks hold it: the domain port plus the
 * lifecycle and health operations the domain does not need.
 */
public interface GitValuesRepository extends ValuesRepository, AutoCloseable {

  /**
   * Opens (or clones) the local clone under {@link GitProperties#workdir()} and starts the single
   * writer and the periodic gc. A remote that cannot be reached yet is not an error here: the first
   * operation that needs it reports it.
   */
  static GitValuesRepository open(GitProperties properties, Clock clock) {
    JGitValuesRepository repository = new JGitValuesRepository(properties, clock);
    repository.start();
    return repository;
  }

  /**
   * {@link #open} with the clone made in the background, so that the caller (start-up) does not
   * wait for it. Operations that come before it is done wait for it, and so does the readiness
   * check, so the application is not ready before the clone is there.
   */
  static GitValuesRepository openInBackground(GitProperties properties, Clock clock) {
    JGitValuesRepository repository = new JGitValuesRepository(properties, clock);
    repository.start(true);
    return repository;
  }

  /**
   * Fetches from the remote now. Throws {@link ValuesRepositoryException} when the remote cannot be
   * reached or refuses the credentials; a readiness check calls this.
   */
  void refresh();

  /** Garbage-collects the local clone now, holding the writer lock. */
  void gc();

  /** Stops the writer (pending commits fail with a message) and closes the clone. */
  @Override
  void close();
}
