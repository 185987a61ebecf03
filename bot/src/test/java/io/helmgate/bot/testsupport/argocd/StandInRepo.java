package io.helmgate.bot.testsupport.argocd;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A git repository as Argo CD's repo-server sees it: refs that resolve to commits. Resolution
 * follows util/git/client.go {@code lsRemote}: a full 40-hex SHA is taken as it is (without asking
 * the host), {@code HEAD} or an empty revision is the default branch, else a branch or tag; a
 * {@link #resolvedBy resolver} can stand for a real repository (e.g. a JGit bare repo in a test).
 */
public final class StandInRepo {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  private final ArgoCdStandIn standIn;
  private final String url;
  private final Map<String, String> refs = new HashMap<>();
  private final Set<String> commits = new HashSet<>();
  private String defaultBranch = "main";
  private Function<String, Optional<String>> resolver = ref -> Optional.empty();

  StandInRepo(ArgoCdStandIn standIn, String url) {
    this.standIn = standIn;
    this.url = url;
  }

  /** The repository's URL, as Applications name it in {@code repoURL}. */
  public String url() {
    return url;
  }

  /** Points {@code branch} at {@code sha} (a push). Argo CD notices at its next refresh. */
  public StandInRepo branch(String branch, String sha) {
    synchronized (standIn) {
      // What the controller had due happened before the push, so only later comparisons see it.
      standIn.advance();
      refs.put(branch, sha);
      commits.add(sha);
    }
    return this;
  }

  /** Same as {@link #branch}: the branch moves to {@code sha}. */
  public StandInRepo push(String branch, String sha) {
    return branch(branch, sha);
  }

  /** A tag at {@code sha}. */
  public StandInRepo tag(String tag, String sha) {
    return branch(tag, sha);
  }

  /** A commit that exists in the repository without a ref pointing at it. */
  public StandInRepo commit(String sha) {
    synchronized (standIn) {
      commits.add(sha);
    }
    return this;
  }

  /** The branch {@code HEAD} stands for; {@code main} unless set. */
  public StandInRepo defaultBranch(String branch) {
    synchronized (standIn) {
      defaultBranch = branch;
    }
    return this;
  }

  /**
   * Resolves refs (and checks commits) through {@code resolver} when the refs set here do not: a
   * real repository behind the stand-in.
   */
  public StandInRepo resolvedBy(Function<String, Optional<String>> resolver) {
    synchronized (standIn) {
      this.resolver = resolver;
    }
    return this;
  }

  /** The commit {@code revision} resolves to now, or empty when it names nothing. */
  Optional<String> resolve(String revision) {
    String ref = revision == null || revision.isEmpty() ? "HEAD" : revision;
    if (isSha(ref)) {
      return Optional.of(ref);
    }
    if (ref.equals("HEAD")) {
      ref = defaultBranch;
    }
    String sha = refs.get(ref);
    return sha != null ? Optional.of(sha) : resolver.apply(ref);
  }

  /** Whether the repository holds {@code sha} (so a sync pinned to it can check it out). */
  boolean has(String sha) {
    return commits.contains(sha) || resolver.apply(sha).isPresent();
  }

  static boolean isSha(String revision) {
    return revision != null && SHA.matcher(revision).matches();
  }
}
