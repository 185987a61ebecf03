package io.helmgate.bot.config;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;

/**
 * Turns a configuration failure anywhere in the start-up into one line naming the key, instead of a
 * stack trace: {@code helmgate.argocd.url: expected an absolute http(s) URL, got 'not a url'}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConfigurationFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    InvalidConfigurationException invalid = find(failure, InvalidConfigurationException.class);
    if (invalid != null) {
      return analysis(invalid.getMessage(), failure);
    }
    BindValidationException validation = find(failure, BindValidationException.class);
    if (validation != null) {
      String prefix = validation.getValidationErrors().getName().toString();
      String line =
          validation.getValidationErrors().getAllErrors().stream()
              .map(
                  e ->
                      e instanceof FieldError f
                          ? validation.getValidationErrors().getName()
                              + "."
                              + f.getField()
                              + ": "
                              + e.getDefaultMessage()
                          : validation.getValidationErrors().getName()
                              + ": "
                              + e.getDefaultMessage())
              .collect(Collectors.joining("; "));
      return analysis(line, failure);
    }
    BindException bind = find(failure, BindException.class);
    if (bind != null) {
      Throwable root = bind;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String value =
          bind.getProperty() == null ? "" : " (was '" + bind.getProperty().getValue() + "')";
      String key =
          bind.getProperty() == null
              ? bind.getName().toString()
              : bind.getProperty().getName().toString();
      return analysis(key + ": " + oneLine(root.getMessage()) + value, failure);
    }
    return null;
  }

  private static FailureAnalysis analysis(String line, Throwable cause) {
    return new FailureAnalysis(
        "invalid configuration: " + oneLine(line),
        "fix the setting (environment variable or application.yml) and start again",
        cause);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
