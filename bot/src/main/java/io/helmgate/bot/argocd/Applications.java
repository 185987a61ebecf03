package io.helmgate.bot.argocd;

import io.helmgate.bot.argocd.client.model.Application;
import io.helmgate.bot.argocd.client.model.ApplicationSource;
import io.helmgate.bot.argocd.client.model.ApplicationSpec;
import io.helmgate.bot.argocd.client.model.ApplicationStatus;
import io.helmgate.bot.argocd.client.model.ApplicationSyncWindow;
import io.helmgate.bot.argocd.client.model.Info;
import io.helmgate.bot.argocd.client.model.OperationInitiator;
import io.helmgate.bot.argocd.client.model.RevisionHistory;
import io.helmgate.bot.argocd.client.model.SyncStatus;
import io.helmgate.domain.port.DeploymentStatus.Deployment;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads what Helmgate needs out of ArgoCD's Application model, so that generated types stay in this
 * package. ArgoCD omits empty fields (Go {@code omitempty}), so every read copes with null.
 */
final class Applications {

  private Applications() {}

  /** The revisions ArgoCD last compared against: one per source. */
  static List<String> revisions(Application app) {
    SyncStatus sync = app.getStatus() == null ? null : app.getStatus().getSync();
    if (sync == null) {
      return List.of();
    }
    return revisions(sync.getRevision(), sync.getRevisions());
  }

  /** Multi-source objects carry {@code revisions}, single-source ones {@code revision}. */
  static List<String> revisions(String single, List<String> multiple) {
    if (multiple != null && !multiple.isEmpty()) {
      return multiple.stream().map(r -> r == null ? "" : r).toList();
    }
    return single == null || single.isEmpty() ? List.of() : List.of(single);
  }

  /**
   * True when the application has {@code spec.sources} (which makes ArgoCD ignore {@code source}).
   */
  static boolean isMultiSource(ApplicationSpec spec) {
    return spec != null && spec.getSources() != null && !spec.getSources().isEmpty();
  }

  /**
   * True when a single-source app takes its manifests and values from git, so that a values commit
   * can be its revision; a Helm or OCI chart source takes a chart version instead.
   */
  static boolean isGitSource(ApplicationSource source) {
    if (source == null || (source.getChart() != null && !source.getChart().isEmpty())) {
      return false;
    }
    String repo = source.getRepoURL();
    return repo != null && !repo.isEmpty() && !repo.startsWith("oci://");
  }

  /**
   * The 1-based position in {@code spec.sources} of the source the Helm values come from: the
   * {@code ref} source whose {@code $ref/} prefix another source's {@code helm.valueFiles} use, or
   * the only {@code ref} source. Empty for single-source apps and when no source qualifies.
   */
  static OptionalInt valuesSourcePosition(ApplicationSpec spec) {
    if (!isMultiSource(spec)) {
      return OptionalInt.empty();
    }
    List<ApplicationSource> sources = spec.getSources();
    List<Integer> refPositions = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      ApplicationSource source = sources.get(i);
      String ref = source == null ? null : source.getRef();
      if (ref == null || ref.isEmpty()) {
        continue;
      }
      refPositions.add(i + 1);
      if (isReferencedInValueFiles(sources, "$" + ref + "/")) {
        return OptionalInt.of(i + 1);
      }
    }
    return refPositions.size() == 1 ? OptionalInt.of(refPositions.get(0)) : OptionalInt.empty();
  }

  private static boolean isReferencedInValueFiles(List<ApplicationSource> sources, String prefix) {
    for (ApplicationSource source : sources) {
      if (source == null || source.getHelm() == null || source.getHelm().getValueFiles() == null) {
        continue;
      }
      for (String file : source.getHelm().getValueFiles()) {
        if (file != null && file.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The one revision that names a deployment for people: the values source's revision of a
   * multi-source app (that is the commit Helmgate made), else all revisions joined.
   */
  static String displayRevision(List<String> revisions, ApplicationSpec spec) {
    OptionalInt values = valuesSourcePosition(spec);
    if (values.isPresent() && values.getAsInt() <= revisions.size()) {
      return revisions.get(values.getAsInt() - 1);
    }
    return String.join(", ", revisions);
  }

  /** The last {@code limit} history entries, newest first (ArgoCD keeps them oldest first). */
  static List<Deployment> history(Application app, int limit) {
    ApplicationStatus status = app.getStatus();
    if (status == null || status.getHistory() == null) {
      return List.of();
    }
    List<RevisionHistory> entries = status.getHistory();
    List<Deployment> newestFirst = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
      RevisionHistory entry = entries.get(i);
      if (entry == null) {
        continue;
      }
      newestFirst.add(
          new Deployment(
              entry.getId() == null ? 0 : entry.getId(),
              revisions(entry.getRevision(), entry.getRevisions()),
              instant(entry.getDeployedAt()),
              initiator(entry.getInitiatedBy())));
    }
    return newestFirst;
  }

  /** Who started an operation: the token's subject, or "auto-sync" for the controller. */
  static String initiator(OperationInitiator by) {
    if (by == null) {
      return "unknown";
    }
    if (Boolean.TRUE.equals(by.getAutomated())) {
      return "auto-sync";
    }
    return by.getUsername() == null || by.getUsername().isEmpty() ? "unknown" : by.getUsername();
  }

  /** {@code deny 0 22 * * * for 1h (manual sync allowed)}. */
  static String describe(ApplicationSyncWindow window) {
    StringBuilder text = new StringBuilder();
    text.append(orUnknown(window.getKind()))
        .append(' ')
        .append(orUnknown(window.getSchedule()))
        .append(" for ")
        .append(orUnknown(window.getDuration()));
    if (Boolean.TRUE.equals(window.getManualSync())) {
      text.append(" (manual sync allowed)");
    }
    return text.toString();
  }

  /** The value of the operation info called {@code name}, or null. */
  static String info(List<Info> infos, String name) {
    if (infos == null) {
      return null;
    }
    for (Info info : infos) {
      if (info != null && name.equals(info.getName())) {
        return info.getValue();
      }
    }
    return null;
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "Unknown" : value;
  }
}
