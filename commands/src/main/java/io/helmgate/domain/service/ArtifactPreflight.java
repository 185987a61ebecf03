package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.ArtifactChecker;
import io.helmgate.domain.port.ArtifactChecker.ArtifactRef;
import io.helmgate.domain.port.ArtifactChecker.Resolution;
import io.helmgate.domain.port.ArtifactChecker.Resolution.Status;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import io.helmgate.domain.values.ValuesDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The registry pre-flight: every image tag and chart version a change promotes must exist in its
 * OCI registry. The digests found are bound into the approval digest, and resolved again before
 * execution, so that a tag moved after approval makes the request stale.
 *
 * <p>Which keys name an artifact, read from the values file as the change leaves it, for each
 * changed key {@code <p>.tag} or {@code <p>.version}:
 *
 * <ul>
 *   <li>{@code <p>.tag} with a sibling {@code <p>.repository} is an image {@code
 *       <repository>:<tag>}; a sibling {@code <p>.registry}, when set, is put in front of the
 *       repository (the common Helm chart layout {@code image.registry} + {@code
 *       image.repository}).
 *   <li>{@code <p>.version} with a sibling {@code <p>.repository} of the form {@code oci://…} is a
 *       chart {@code <repository>:<version>} (a chart from an HTTP repository is not checked).
 *   <li>A changed tag without a repository beside it names no artifact (the chart's default image
 *       is not known here), and is not checked.
 * </ul>
 *
 * A missing tag always blocks. An unavailable registry blocks, except where the policy's {@code
 * fail-open-when-unavailable} names the registry (never where approvals are required). No registry
 * configured: nothing is checked.
 */
public final class ArtifactPreflight {

  /** The prefix of the approval bindings this pre-flight adds. */
  static final String BINDING = "artifact=";

  private final ArtifactChecker checker;
  private final Predicate<String> failsOpen;

  private Reuse<Result> passed;

  /**
   * The registry pre-flight of {@code newContent}, taking an answer in which every tag resolved,
   * given for the same change and content less than {@code within} ago, instead of asking again.
   */
  public Result check(ChangeSet change, String newContent, java.time.Duration within) {
    return passed
        .fresh(Reuse.key(change.toString(), newContent), within)
        .orElseGet(() -> check(change, newContent));
  }

  ArtifactPreflight(ArtifactChecker checker, Predicate<String> failsOpen, java.time.Clock clock) {
    this.passed = new Reuse<>(clock);
    this.checker = checker;
    this.failsOpen = failsOpen;
  }

  /** The artifacts the change promotes, as named in {@code newContent}, without duplicates. */
  static List<ArtifactRef> promoted(ChangeSet change, String newContent) {
    ValuesDocument doc;
    try {
      doc = ValuesDocument.parse(newContent);
    } catch (RuntimeException e) {
      // A file that cannot be parsed names no artifacts; the change's own checks report it.
      return List.of();
    }
    Set<ArtifactRef> refs = new LinkedHashSet<>();
    for (ValueChange c : change.changes()) {
      KeyPath key = c.key();
      String leaf = key.leaf();
      if (!leaf.equals("tag") && !leaf.equals("version")) {
        continue;
      }
      Optional<String> value = get(doc, key);
      Optional<String> repository = get(doc, sibling(key, "repository"));
      if (value.isEmpty() || repository.isEmpty()) {
        continue;
      }
      if (leaf.equals("tag")) {
        String repo = repository.get();
        Optional<String> registry = get(doc, sibling(key, "registry"));
        if (registry.isPresent() && !repo.startsWith(registry.get() + "/")) {
          repo = registry.get() + "/" + repo;
        }
        refs.add(new ArtifactRef(ArtifactChecker.Kind.IMAGE, repo, value.get()));
      } else if (repository.get().startsWith("oci://")) {
        refs.add(
            new ArtifactRef(
                ArtifactChecker.Kind.CHART,
                repository.get().substring("oci://".length()),
                value.get()));
      }
    }
    return List.copyOf(refs);
  }

  /** Resolves what the change promotes; asks the registry only when there is something to ask. */
  public Result check(ChangeSet change, String newContent) {
    List<ArtifactRef> refs = promoted(change, newContent);
    if (refs.isEmpty()) {
      return new Result(List.of());
    }
    Result answer = new Result(checker.resolve(refs));
    if (answer.resolutions().stream()
        .allMatch(r -> r.status() == Status.RESOLVED || r.status() == Status.NOT_CONFIGURED)) {
      passed.keep(Reuse.key(change.toString(), newContent), answer);
    }
    return answer;
  }

  /** Why the pre-flight blocks the request, or empty when it does not. */
  public Optional<String> blocks(Target target, Result result) {
    List<Resolution> missing = result.with(Status.MISSING);
    if (!missing.isEmpty()) {
      return Optional.of(
          "these tags do not exist in the registry: "
              + missing.stream().map(r -> "`" + r.ref() + "`").collect(Collectors.joining(", "))
              + ". Push them (or fix the tag in the values file) and ask again.");
    }
    List<Resolution> unavailable = result.with(Status.UNAVAILABLE);
    if (!unavailable.isEmpty() && !failsOpen.test(target.environment())) {
      return Optional.of(
          "the registry pre-flight could not run ("
              + unavailable.stream()
                  .map(r -> "`" + r.ref() + "`: " + r.message())
                  .collect(Collectors.joining("; "))
              + "), and "
              + target.environment()
              + " fails closed without it. Try again when the registry is back.");
    }
    return Optional.empty();
  }

  /**
   * The approval's bindings with each bound artifact's digest replaced by the one resolved now;
   * equal to {@code bound} exactly when no bound tag moved. Artifacts not resolved now keep their
   * bound digest (a missing or unreachable one is reported by {@link #blocks}).
   */
  public static List<String> rebind(List<String> bound, Result now) {
    Map<String, String> current = new LinkedHashMap<>();
    for (Resolution r : now.with(Status.RESOLVED)) {
      current.put(r.ref().toString(), r.digest());
    }
    List<String> rebound = new ArrayList<>();
    for (String binding : bound) {
      Optional<Bound> b = Bound.parse(binding);
      if (b.isPresent() && current.containsKey(b.get().ref())) {
        rebound.add(binding(b.get().ref(), current.get(b.get().ref())));
      } else {
        rebound.add(binding);
      }
    }
    return rebound;
  }

  /** What moved: one line per bound tag that now points at another digest. */
  public static List<String> moved(List<String> bound, Result now) {
    Map<String, String> current = new LinkedHashMap<>();
    for (Resolution r : now.with(Status.RESOLVED)) {
      current.put(r.ref().toString(), r.digest());
    }
    List<String> moved = new ArrayList<>();
    for (String binding : bound) {
      Optional<Bound> b = Bound.parse(binding);
      if (b.isEmpty() || !current.containsKey(b.get().ref())) {
        continue;
      }
      String digest = current.get(b.get().ref());
      if (!digest.equals(b.get().digest())) {
        moved.add(
            "`"
                + b.get().ref()
                + "` now points at "
                + shortDigest(digest)
                + " (approved: "
                + shortDigest(b.get().digest())
                + ")");
      }
    }
    return moved;
  }

  /** {@code sha256:1a2b3c4d…}: enough of a digest for a person to compare. */
  static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    int keep = colon + 1 + 12;
    return digest.length() > keep + 1 ? digest.substring(0, keep) + "…" : digest;
  }

  static String binding(String ref, String digest) {
    return BINDING + ref + "@" + digest;
  }

  /** An artifact binding taken apart: {@code artifact=<repository>:<tag>@<digest>}. */
  record Bound(String ref, String digest) {
    static Optional<Bound> parse(String binding) {
      if (!binding.startsWith(BINDING)) {
        return Optional.empty();
      }
      String rest = binding.substring(BINDING.length());
      int at = rest.lastIndexOf('@');
      if (at <= 0) {
        return Optional.empty();
      }
      return Optional.of(new Bound(rest.substring(0, at), rest.substring(at + 1)));
    }
  }

  /** The resolutions of one pre-flight, in the order the artifacts were found. */
  public record Result(List<Resolution> resolutions) {
    public Result {
      resolutions = List.copyOf(resolutions);
    }

    public List<Resolution> with(Status status) {
      return resolutions.stream().filter(r -> r.status() == status).toList();
    }

    /** The approval bindings: one per resolved artifact. */
    public List<String> bindings() {
      return with(Status.RESOLVED).stream()
          .map(r -> binding(r.ref().toString(), r.digest()))
          .toList();
    }

    /** One line for the audit trail. */
    String summary() {
      if (resolutions.isEmpty()) {
        return "no artifacts";
      }
      return resolutions.stream()
          .map(
              r ->
                  r.ref()
                      + " "
                      + (r.status() == Status.RESOLVED ? r.digest() : r.status().name())
                      + (r.message() == null || r.message().isBlank()
                          ? ""
                          : " (" + r.message() + ")"))
          .collect(Collectors.joining(", "));
    }
  }

  private static KeyPath sibling(KeyPath key, String name) {
    List<String> segments = new ArrayList<>(key.segments());
    segments.set(segments.size() - 1, name);
    return new KeyPath(segments);
  }

  private static Optional<String> get(ValuesDocument doc, KeyPath path) {
    try {
      return doc.get(path).map(String::trim).filter(s -> !s.isEmpty());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
