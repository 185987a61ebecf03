package io.helmgate.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for customer, product and environment names: they become path segments in the values
 * repository and ArgoCD application names, so nothing but lower-case ASCII is accepted.
 */
public final class Names {

  /** The accepted form, shown to users when a name is refused. */
  public static final String FORM = "[a-z0-9][a-z0-9-]{0,62}";

  private static final Pattern NAME = Pattern.compile(FORM);

  private Names() {}

  /** True when {@code value} is a valid name. */
  public static boolean isValid(String value) {
    return value != null && NAME.matcher(value).matches();
  }

  /**
   * Checks one name.
   *
   * @param kind what the name is, e.g. "customer", used in the message
   * @return a message a person can act on, or empty when the name is valid
   */
  public static Optional<String> problem(String kind, String value) {
    if (isValid(value)) {
      return Optional.empty();
    }
    return Optional.of(
        "`"
            + value
            + "` is not a valid "
            + kind
            + " name: use lower-case letters, digits and dashes, starting with a letter or digit"
            + " (for example `payments`).");
  }

  /** Throws {@link IllegalArgumentException} with {@link #problem} when the name is invalid. */
  public static String require(String kind, String value) {
    problem(kind, value)
        .ifPresent(
            message -> {
              throw new IllegalArgumentException(message);
            });
    return value;
  }
}
