package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.SecretChecker;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import io.helmgate.domain.values.SecretRef;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The secret pre-flight: every secret a values file refers to must exist before a request is
 * offered for approval and again before it runs. Missing secrets always block. An unavailable
 * secret store blocks, except where the policy's {@code fail-open-when-unavailable} names Vault.
 */
public final class Preflights {

  private final SecretChecker checker;
  private final Predicate<String> failsOpen;
  private final Reuse<Preflight> passed;

  /**
   * @param failsOpen the environments where an unavailable secret store does not block: the
   *     policy's {@code mayGoOnWithoutPreflight} (never where approvals are required)
   */
  Preflights(SecretChecker checker, Predicate<String> failsOpen, java.time.Clock clock) {
    this.checker = checker;
    this.failsOpen = failsOpen;
    this.passed = new Reuse<>(clock);
  }

  /**
   * The pre-flight of {@code content}, taking a passing answer given for the same target and
   * content less than {@code within} ago instead of asking again.
   */
  public Preflight check(Target target, String content, java.time.Duration within) {
    return passed
        .fresh(Reuse.key(target.toString(), content), within)
        .orElseGet(() -> check(target, content));
  }

  public Preflight check(Target target, String content) {
    Preflight answer = ask(target, content);
    if (answer.status() == Preflight.Status.PASSED) {
      passed.keep(Reuse.key(target.toString(), content), answer);
    }
    return answer;
  }

  private Preflight ask(Target target, String content) {
    List<SecretReference> refs =
        SecretRef.findAll(content).stream()
            .map(
                r ->
                    new SecretReference(
                        r.path(),
                        r.key() == null
                            ? null
                            : r.version() == 0 ? r.key() : r.key() + "#" + r.version()))
            .toList();
    if (refs.isEmpty()) {
      return new Preflight(Preflight.Status.PASSED, List.of(), "no secret references");
    }
    return checker.check(refs);
  }

  /** Why the pre-flight blocks the request, or empty when it does not. */
  public Optional<String> blocks(Target target, Preflight preflight) {
    return switch (preflight.status()) {
      case PASSED, NOT_CONFIGURED -> Optional.empty();
      case MISSING ->
          Optional.of(
              "these secrets do not exist in Vault: "
                  + preflight.missing().stream()
                      .map(r -> "`" + r + "`")
                      .collect(Collectors.joining(", "))
                  + ". Create them (or fix the reference in the values file) and ask again.");
      case UNAVAILABLE ->
          !failsOpen.test(target.environment())
              ? Optional.of(
                  "the secret pre-flight could not run ("
                      + preflight.message()
                      + "), and "
                      + target.environment()
                      + " fails closed without it. Try again when Vault is back.")
              : Optional.empty();
    };
  }
}
