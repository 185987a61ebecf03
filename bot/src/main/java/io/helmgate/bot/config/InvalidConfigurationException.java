package io.helmgate.bot.config;

/**
 * A setting is missing or wrong. Start-up stops with one line that names the key and says what is
 * expected (see {@link ConfigurationFailureAnalyzer}).
 */
public class InvalidConfigurationException extends IllegalArgumentException {

  private final String key;

  public InvalidConfigurationException(String key, String expected) {
    super(key + ": " + expected);
    this.key = key;
  }

  /** The full property name, e.g. {@code helmgate.argocd.url}. */
  public String key() {
    return key;
  }
}
