package io.helmgate.bot.vault;

import io.helmgate.bot.config.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Loads the bot's own credentials from Vault before any bean binds its settings: the keys of the KV
 * v2 secret {@code <kv-mount>/data/<bot-secrets-path>} become properties of the same name (e.g.
 * {@code helmgate.slack.bot-token}) in a property source that wins over every other one. Without
 * {@code helmgate.vault.uri} and {@code helmgate.vault.bot-secrets-path} nothing changes. When
 * Vault is configured but cannot deliver, start-up stops with one line saying why.
 *
 * <p>It listens for the prepared environment right after the logging system is set up instead of
 * being an {@code EnvironmentPostProcessor}: those run before logging is configured, and a failure
 * there is printed by Spring's multi-line report besides our one line. Both run after {@code
 * application.yml} and the environment variables are loaded and before the context creates any
 * bean.
 *
 * <p>The session used here is closed (its login token revoked) once the secret is read; the running
 * bot keeps its own renewed session in {@link VaultConfiguration}.
 */
public class VaultBotSecretsLoader
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  /** Right after {@link LoggingApplicationListener}, so a failure ends in our one line only. */
  public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

  /** Name of the property source, also shown by the actuator's env endpoint. */
  static final String SOURCE_PREFIX = "vault:";

  private static final Logger log = LoggerFactory.getLogger(VaultBotSecretsLoader.class);

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    load(event.getEnvironment());
  }

  /** Adds the bot's secrets from Vault to {@code environment}, if configured. */
  void load(ConfigurableEnvironment environment) {
    VaultProperties properties =
        Binder.get(environment).bindOrCreate("helmgate.vault", VaultProperties.class);
    if (!properties.enabled() || properties.botSecretsPath() == null) {
      return;
    }
    String mount = properties.kvMount();
    String path = properties.botSecretsPath();
    String location = mount + "/data/" + path;
    Map<String, Object> secrets;
    try (VaultSession session = VaultSession.openForStartup(properties)) {
      secrets = new KvV2(session).read(mount, path);
    } catch (VaultAccessException e) {
      throw new InvalidConfigurationException(
          keyToFix(properties, e),
          "cannot read the bot's secrets from Vault " + location + ": " + e.getMessage());
    }
    if (secrets == null) {
      throw new InvalidConfigurationException(
          "helmgate.vault.bot-secrets-path",
          "no secret at " + location + " in Vault (or its current version is deleted)");
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    secrets.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
            throw new InvalidConfigurationException(
                "helmgate.vault.bot-secrets-path",
                "key '" + key + "' of " + location + " must hold a plain string");
          }
          settings.put(key, value == null ? "" : value.toString());
        });
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource(SOURCE_PREFIX + location, settings));
    log.info(
        "Loaded "
            + settings.size()
            + " setting(s) from Vault "
            + location
            + ": "
            + new TreeSet<>(settings.keySet()));
  }

  private static String keyToFix(VaultProperties properties, VaultAccessException e) {
    return switch (e.kind()) {
      case DENIED, ERROR -> "helmgate.vault.bot-secrets-path";
      case LOGIN_FAILED ->
          switch (properties.authentication()) {
            case TOKEN -> "helmgate.vault.token";
            case APPROLE -> "helmgate.vault.app-role.secret-id";
            case KUBERNETES -> "helmgate.vault.kubernetes.role";
          };
      case SEALED, UNREACHABLE -> "helmgate.vault.uri";
    };
  }
}
