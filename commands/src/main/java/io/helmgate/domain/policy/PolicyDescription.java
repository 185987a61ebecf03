package io.helmgate.domain.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The effective policy in the words of the configuration keys, setting by setting: the one source
 * of the start-up log and of {@code /deploy policy}, so that what the log says and what a reviewer
 * is shown cannot drift apart.
 *
 * @param people who holds which role, which roles conflict, who may break glass, the time zone
 * @param environments one entry per environment shown, each with every dimension spelled out
 */
public record PolicyDescription(List<Setting> people, List<EnvironmentEntry> environments) {

  /** What the entry for every environment the policy does not name is called. */
  public static final String ANY_OTHER_ENVIRONMENT = "any other environment";

  public PolicyDescription {
    people = List.copyOf(people);
    environments = List.copyOf(environments);
  }

  /** One setting and its effective value, e.g. {@code requires-reason} and {@code true}. */
  public record Setting(String name, String value) {

    public Setting {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    /** {@code requires-reason true}. */
    public String text() {
      return name + " " + value;
    }
  }

  /**
   * The rules one environment gets.
   *
   * @param environment the environment's name; empty for the entry that covers every environment
   *     the policy does not name
   * @param configured false when these are the fail-safe production rules of an unnamed environment
   */
  public record EnvironmentEntry(
      Optional<String> environment, boolean configured, List<Setting> settings) {

    public EnvironmentEntry {
      Objects.requireNonNull(environment, "environment");
      if (environment.isEmpty() && configured) {
        throw new IllegalArgumentException("only a named environment is configured");
      }
      settings = List.copyOf(settings);
    }

    /** The environment's name, or {@value #ANY_OTHER_ENVIRONMENT}. */
    public String label() {
      return environment.orElse(ANY_OTHER_ENVIRONMENT);
    }

    /** {@code prod: approvals 1 from [OPS]; …}: what start-up logs. */
    public String line() {
      return label()
          + ": "
          + settings.stream().map(Setting::text).collect(Collectors.joining("; "));
    }
  }

  /** The start-up log: one line per person-related setting, then one per environment entry. */
  public List<String> lines() {
    return Stream.concat(
            people.stream().map(Setting::text), environments.stream().map(EnvironmentEntry::line))
        .toList();
  }
}
