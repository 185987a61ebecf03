package io.helmgate.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A short, typeable request id such as {@code R-42}. */
public record RequestId(long number) {

  private static final Pattern FORM = Pattern.compile("(?i)R-?([1-9][0-9]{0,17})");

  public RequestId {
    if (number < 1) {
      throw new IllegalArgumentException("request numbers start at 1");
    }
  }

  /** Parses {@code R-42} (also {@code r-42} and {@code R42}); empty when it is not an id. */
  public static Optional<RequestId> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new RequestId(Long.parseLong(m.group(1))));
  }

  @Override
  public String toString() {
    return "R-" + number;
  }
}
