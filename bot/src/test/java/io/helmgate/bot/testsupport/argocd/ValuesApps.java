package io.helmgate.bot.testsupport.argocd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The stand-in as the running bot's Argo CD: its repository of values is the test's real bare git
 * remote (so it sees Helmgate's pushes and commits as Argo CD's repo server would), and its
 * Applications follow that remote the way a values-repo app does.
 */
public final class ValuesApps {

  private final ArgoCdStandIn argo;
  private final Path remote;
  private final Repository repository;
  private final String project;

  private ValuesApps(ArgoCdStandIn argo, Path remote, Repository repository, String project) {
    this.argo = argo;
    this.remote = remote;
    this.repository = repository;
    this.project = project;
  }

  /**
   * Backs the stand-in's repository {@link #url(Path)} by {@code remote}, and sets timings that let
   * a sync run end to end in well under two seconds of the system clock.
   */
  public static ValuesApps over(ArgoCdStandIn argo, Path remote, String project) {
    Repository repository = open(remote);
    argo.repo(url(remote)).resolvedBy(revision -> resolve(repository, revision));
    argo.operationsStartAfter(Duration.ofMillis(200))
        .afterSyncRunFor(Duration.ofMillis(300))
        .reconcileAfter(Duration.ofMillis(100))
        .progressingFor(Duration.ofMillis(200));
    return new ValuesApps(argo, remote, repository, project);
  }

  /**
   * The remote's URL, as {@code helmgate.git.url} and the Applications' {@code repoURL} name it.
   */
  public static String url(Path remote) {
    return remote.toUri().toString();
  }

  /**
   * The Application of {@code target} ("acme/payments dev", named acme-payments-dev): one git
   * source of the values remote tracking HEAD, not auto-synced, no sync windows, deployed at the
   * remote's head (whatever an earlier test set).
   */
  public StandInApp app(String target) {
    String path = target.replace(' ', '/');
    String name = path.replace('/', '-');
    return argo.app(name)
        .project(project)
        .singleSource(url(remote), path)
        .autoSync(false)
        .noSyncWindows()
        .deployed(resolve(repository, "main").orElseThrow());
  }

  /** The stand-in these apps live in. */
  public ArgoCdStandIn argo() {
    return argo;
  }

  // One repository kept open: the controller compares often, and opening it each time is slow.
  private static Repository open(Path remote) {
    try {
      return Git.open(remote.toFile()).getRepository();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> resolve(Repository repository, String revision) {
    synchronized (repository) {
      try {
        ObjectId id = repository.resolve(revision + "^{commit}");
        return Optional.ofNullable(id).map(ObjectId::getName);
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
