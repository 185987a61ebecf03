package io.helmgate.bot.vault;

import io.helmgate.bot.config.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Vault connection settings ({@code helmgate.vault.*}); an empty {@code uri} switches Vault off.
 *
 * @param uri Vault's address, e.g. {@code https://vault.example.com:8200}; empty → Vault off
 * @param authentication how the bot logs in
 * @param token the Vault token for {@link Authentication#TOKEN}
 * @param appRole role and secret id for {@link Authentication#APPROLE}
 * @param kubernetes role and service-account token file for {@link Authentication#KUBERNETES}
 * @param kvMount the KV v2 mount that holds the bot's own secrets
 * @param botSecretsPath path below {@code kvMount} whose keys are the bot's own settings (e.g.
 *     {@code helmgate/bot} holding {@code helmgate.slack.bot-token}); empty → none are loaded
 * @param failOpenEnvironments no longer read: whether an unavailable Vault blocks is the policy's
 *     ({@code helmgate.policy.environments.<env>.fail-open-when-unavailable: [vault]}); set, it
 *     stops start-up so that nobody believes it still works
 * @param requestTimeout connect and read timeout of each call to Vault
 */
@ConfigurationProperties("helmgate.vault")
public record VaultProperties(
    String uri,
    @DefaultValue("TOKEN") Authentication authentication,
    String token,
    @DefaultValue AppRole appRole,
    @DefaultValue Kubernetes kubernetes,
    @DefaultValue("secret") String kvMount,
    String botSecretsPath,
    List<String> failOpenEnvironments,
    @DefaultValue("5s") Duration requestTimeout) {

  /** Path segments Vault accepts that cannot inject a query or a fragment into a request. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.@+=-]+");

  /** How the bot logs in to Vault. */
  public enum Authentication {
    /** A static token ({@code helmgate.vault.token}); renewed while it is renewable. */
    TOKEN,
    /** AppRole login with role id and secret id; the token is renewed and re-obtained. */
    APPROLE,
    /** Kubernetes login with the pod's service-account token; renewed and re-obtained. */
    KUBERNETES
  }

  /**
   * AppRole settings ({@code helmgate.vault.app-role.*}).
   *
   * @param path the auth mount, without {@code auth/}
   */
  public record AppRole(String roleId, String secretId, @DefaultValue("approle") String path) {
    public AppRole {
      roleId = blankToNull(roleId);
      secretId = blankToNull(secretId);
      path = mountPath(path, "approle", "helmgate.vault.app-role.path");
    }

    @Override
    public String toString() {
      return "AppRole[roleId=" + roleId + ", secretId=" + mask(secretId) + ", path=" + path + "]";
    }
  }

  /**
   * Kubernetes auth settings ({@code helmgate.vault.kubernetes.*}).
   *
   * @param role the Vault role bound to the bot's service account
   * @param path the auth mount, without {@code auth/}
   * @param tokenFile the service-account token, re-read at every login (it is rotated)
   */
  public record Kubernetes(
      String role,
      @DefaultValue("kubernetes") String path,
      @DefaultValue("/var/run/secrets/kubernetes.io/serviceaccount/token") String tokenFile) {
    public Kubernetes {
      role = blankToNull(role);
      path = mountPath(path, "kubernetes", "helmgate.vault.kubernetes.path");
      tokenFile =
          blankToNull(tokenFile) == null
              ? "/var/run/secrets/kubernetes.io/serviceaccount/token"
              : tokenFile.trim();
    }
  }

  public VaultProperties {
    uri = blankToNull(uri);
    token = blankToNull(token);
    authentication = authentication == null ? Authentication.TOKEN : authentication;
    appRole = appRole == null ? new AppRole(null, null, null) : appRole;
    kubernetes = kubernetes == null ? new Kubernetes(null, null, null) : kubernetes;
    kvMount = mountPath(kvMount, "secret", "helmgate.vault.kv-mount");
    botSecretsPath = optionalPath(botSecretsPath, "helmgate.vault.bot-secrets-path");
    if (failOpenEnvironments != null) {
      throw new InvalidConfigurationException(
          "helmgate.vault.fail-open-environments",
          "has moved to the policy: write fail-open-when-unavailable: [vault] under"
              + " helmgate.policy.environments.<env> for each environment without approvals that"
              + " may go on while Vault is unavailable, and remove this key");
    }
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new InvalidConfigurationException(
          "helmgate.vault.request-timeout", "expected a positive duration such as 5s");
    }
    if (uri != null) {
      if (!isHttpUrl(uri)) {
        throw new InvalidConfigurationException(
            "helmgate.vault.uri",
            "expected an absolute http(s) URL such as https://vault.example.com:8200, got '"
                + uri
                + "'");
      }
      switch (authentication) {
        case TOKEN -> {
          if (token == null) {
            throw new InvalidConfigurationException(
                "helmgate.vault.token",
                "expected a Vault token when helmgate.vault.authentication is TOKEN");
          }
        }
        case APPROLE -> {
          if (appRole.roleId() == null) {
            throw new InvalidConfigurationException(
                "helmgate.vault.app-role.role-id",
                "expected the AppRole role id when helmgate.vault.authentication is APPROLE");
          }
        }
        case KUBERNETES -> {
          if (kubernetes.role() == null) {
            throw new InvalidConfigurationException(
                "helmgate.vault.kubernetes.role",
                "expected the Vault role of the bot's service account when"
                    + " helmgate.vault.authentication is KUBERNETES");
          }
        }
      }
    }
  }

  /** Whether Vault is configured at all. */
  public boolean enabled() {
    return uri != null;
  }

  @Override
  public String toString() {
    return "VaultProperties[uri="
        + uri
        + ", authentication="
        + authentication
        + ", token="
        + mask(token)
        + ", appRole="
        + appRole
        + ", kubernetes="
        + kubernetes
        + ", kvMount="
        + kvMount
        + ", botSecretsPath="
        + botSecretsPath
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  private static String mask(String secret) {
    return secret == null ? "null" : "•••";
  }

  private static String mountPath(String value, String fallback, String key) {
    String path = optionalPath(value, key);
    return path == null ? fallback : path;
  }

  private static String optionalPath(String value, String key) {
    String path = blankToNull(value);
    if (path == null) {
      return null;
    }
    path = path.replaceAll("^/+|/+$", "");
    if (!isSafePath(path)) {
      throw new InvalidConfigurationException(
          key,
          "expected a Vault path such as helmgate/bot (letters, digits, - _ . /), got '"
              + value
              + "'");
    }
    return path;
  }

  /**
   * Whether {@code path} is a plain relative Vault path: segments of letters, digits and {@code _
   * . @ + = -}, none of them {@code .} or {@code ..}, so it cannot climb out of its mount.
   */
  static boolean isSafePath(String path) {
    if (path == null || path.isEmpty()) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI parsed = new URI(value);
      return parsed.isAbsolute()
          && ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
          && parsed.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
