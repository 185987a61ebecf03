package io.helmgate.domain.command;

import io.helmgate.domain.Names;
import java.util.Optional;

/**
 * Explains why a customer, product or environment name is refused. {@link Names} holds the rule;
 * this says which character broke it, because {@code а} (Cyrillic) and {@code a} look the same.
 */
final class NameRule {

  private NameRule() {}

  /** The refusal of {@code value} as a name of {@code kind}, or empty when it is valid. */
  static Optional<String> problem(String kind, String value) {
    if (Names.isValid(value)) {
      return Optional.empty();
    }
    if (value.isEmpty()) {
      return Optional.of(
          Mrkdwn.format(
              "The {0} name is missing, for example {1}.",
              kind,
              Mrkdwn.trusted(kind.equals("environment") ? "acme/payments prod" : "acme/payments")));
    }
    return Optional.of(
        Mrkdwn.format(
            "{0} is not a valid {1} name: {2}. Names are lower-case letters, digits and dashes,"
                + " starting with a letter or digit ({3}), for example {4}.",
            Mrkdwn.code(value),
            kind,
            why(value),
            Mrkdwn.trusted(Names.FORM),
            Mrkdwn.trusted(example(kind))));
  }

  private static String why(String value) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 'A' && cp <= 'Z') {
        return "upper-case letters are not allowed";
      }
      if (!((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-')) {
        return cp < 0x80
            ? Mrkdwn.character(cp) + " is not allowed"
            : Mrkdwn.character(cp) + " is not allowed (only ASCII)";
      }
    }
    if (value.startsWith("-")) {
      return "it must start with a letter or digit";
    }
    return "it is " + value.length() + " characters long, more than 63";
  }

  private static String example(String kind) {
    return switch (kind) {
      case "customer" -> "acme";
      case "product" -> "payments";
      default -> "prod";
    };
  }
}
