package io.helmgate.domain.execution;

import io.helmgate.domain.port.Deployer;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What the two steps that sync and watch an Argo CD application share: the deployer, each
 * environment's Argo CD settings, and how to tell that a revision contains our commit. They apply
 * only where Argo CD is configured.
 */
abstract class ArgoSyncStep implements Step {

  protected final Deployer deployer;
  protected final Function<String, ArgoSettings> settings;
  protected final BiPredicate<String, String> contains;

  /**
   * @param settings the Argo CD settings of an environment, by its name
   * @param contains {@code contains(descendant, commit)}: whether a revision of the values
   *     repository contains a commit, asked only where the environment accepts descendants
   */
  ArgoSyncStep(
      Deployer deployer,
      Function<String, ArgoSettings> settings,
      BiPredicate<String, String> contains) {
    this.deployer = Objects.requireNonNull(deployer, "deployer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.contains = Objects.requireNonNull(contains, "contains");
  }

  @Override
  public boolean appliesTo(StepContext context) {
    return deployer.isConfigured();
  }
}
