package io.helmgate.domain.policy;

/**
 * The policy configuration is wrong or contradicts itself; start-up stops with one line that names
 * the key ({@code helmgate.policy.environments.prod: …}) and says what to write instead.
 */
public final class InvalidPolicyException extends IllegalArgumentException {

  private final String key;
  private final String problem;

  public InvalidPolicyException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  /** The full property name, e.g. {@code helmgate.policy.roles.OPS}. */
  public String key() {
    return key;
  }

  /** What is wrong and what to write instead, without the key. */
  public String problem() {
    return problem;
  }
}
