package io.helmgate.domain.port;

import java.util.Optional;

/**
 * What an Argo CD Application says about how it deploys the values repository: where its values
 * come from and how it may be synced. Read before a sync to decide which revision to send and what
 * "deployed" can be proven to mean.
 *
 * @param application the application's name as Argo CD knows it (with its namespace when apps live
 *     outside Argo CD's own namespace)
 * @param autoSync {@code spec.syncPolicy.automated} is set and enabled: Argo CD refuses a sync to a
 *     revision other than the target revision, and may start operations of its own
 * @param autoPrune {@code spec.syncPolicy.automated.prune}
 * @param selfHeal {@code spec.syncPolicy.automated.selfHeal}: after an operation ends, Argo CD
 *     syncs again on its own when the live state drifts (an operation that is not ours)
 * @param valuesSource the source that supplies the values file, when the application takes it from
 *     git; empty when it cannot be identified (then our commit cannot be proven deployed)
 */
public record ApplicationFacts(
    String application,
    boolean autoSync,
    boolean autoPrune,
    boolean selfHeal,
    Optional<ValuesSource> valuesSource) {

  /** Facts without self-heal. */
  public ApplicationFacts(
      String application,
      boolean autoSync,
      boolean autoPrune,
      Optional<ValuesSource> valuesSource) {
    this(application, autoSync, autoPrune, false, valuesSource);
  }

  /**
   * The values source.
   *
   * @param position 1-based index into {@code spec.sources} for a multi-source application, 0 for a
   *     single-source one
   * @param repoUrl the source's {@code repoURL}
   * @param targetRevision what it tracks ({@code HEAD}, a branch, a tag or a commit); an empty
   *     {@code targetRevision} is reported as {@code HEAD}, as Argo CD reads it
   */
  public record ValuesSource(int position, String repoUrl, String targetRevision) {
    public boolean multiSource() {
      return position > 0;
    }
  }
}
