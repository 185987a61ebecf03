package io.helmgate.bot.verify.oci;

import io.helmgate.domain.port.ArtifactChecker;
import java.util.List;

/** Stands in when no registry is configured: says so for every reference, and never blocks. */
final class UnconfiguredArtifactChecker implements ArtifactChecker {

  @Override
  public boolean isConfigured() {
    return false;
  }

  @Override
  public List<Resolution> resolve(List<ArtifactRef> references) {
    return references.stream().map(Resolution::notConfigured).toList();
  }
}
