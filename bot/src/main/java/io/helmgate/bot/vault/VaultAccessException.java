package io.helmgate.bot.vault;

import io.helmgate.bot.logging.RemoteText;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.client.VaultResponses;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * Vault could not answer a question: sealed, refused the bot, unreachable, or the login failed. Its
 * message is one line a person can act on and never contains a token or a secret value (Vault's
 * error texts do not echo them, and request bodies are never quoted).
 */
final class VaultAccessException extends RuntimeException {

  private static final int MAX_ERROR_TEXT = 200;

  /** Why Vault could not answer. */
  enum Kind {
    /** 403: the policy does not allow the read, or the token is not valid. */
    DENIED,
    /** 503: sealed or in maintenance. */
    SEALED,
    /** No HTTP answer at all. */
    UNREACHABLE,
    /** The login (AppRole, Kubernetes) was refused or could not be attempted. */
    LOGIN_FAILED,
    /** Anything else Vault answered. */
    ERROR;

    /** Whether every further call in the same check would fail the same way. */
    boolean affectsEveryPath() {
      return this != DENIED && this != ERROR;
    }
  }

  private final Kind kind;

  VaultAccessException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }

  /**
   * Translates what spring-vault or the HTTP client threw while working on {@code mount/path}.
   * Returns {@code failure} itself when it is already a {@link VaultAccessException}.
   */
  static VaultAccessException of(
      RuntimeException failure, VaultProperties properties, String mount, String path) {
    if (failure instanceof VaultAccessException access) {
      return access;
    }
    String address = properties.uri();
    ResourceAccessException io = find(failure, ResourceAccessException.class);
    if (io != null) {
      return new VaultAccessException(
          Kind.UNREACHABLE, "Vault unreachable at " + address + ": " + ioProblem(io));
    }
    HttpStatusCodeException http = find(failure, HttpStatusCodeException.class);
    boolean login = find(failure, VaultLoginException.class) != null;
    if (http != null) {
      int status = http.getStatusCode().value();
      String error = errorText(http);
      if (status == 503) {
        return new VaultAccessException(
            Kind.SEALED,
            error.toLowerCase(java.util.Locale.ROOT).contains("sealed")
                ? "Vault is sealed (" + address + ")"
                : "Vault is unavailable (" + address + " answered 503: " + error + ")");
      }
      if (login) {
        return new VaultAccessException(Kind.LOGIN_FAILED, loginRefused(properties, status, error));
      }
      if (status == 403) {
        return new VaultAccessException(
            Kind.DENIED,
            "permission denied: the bot's Vault policy must allow read on "
                + mount
                + "/metadata/"
                + path
                + " and "
                + mount
                + "/data/"
                + path
                + " (or its token is invalid or expired)");
      }
      return new VaultAccessException(
          Kind.ERROR,
          "Vault answered " + status + " for " + mount + "/data/" + path + ": " + error);
    }
    if (login || failure instanceof VaultException) {
      return new VaultAccessException(
          Kind.LOGIN_FAILED,
          "Vault login ("
              + describe(properties)
              + ") failed: "
              + RemoteText.summary(failure.getMessage()));
    }
    if (find(failure, RestClientException.class) != null) {
      // A response that cannot be parsed: its text may hold secret values, so it is not quoted.
      return new VaultAccessException(
          Kind.ERROR,
          "unexpected answer from Vault for "
              + mount
              + "/data/"
              + path
              + ": not a KV v2 document (is "
              + mount
              + " a KV version 2 mount?)");
    }
    return new VaultAccessException(
        Kind.ERROR,
        "Vault call failed for "
            + mount
            + "/data/"
            + path
            + ": "
            + failure.getClass().getSimpleName()
            + " "
            + RemoteText.summary(failure.getMessage()));
  }

  private static String loginRefused(VaultProperties properties, int status, String error) {
    String hint =
        switch (properties.authentication()) {
          case TOKEN -> "check helmgate.vault.token";
          case APPROLE -> "check helmgate.vault.app-role.role-id and .secret-id";
          case KUBERNETES ->
              "check helmgate.vault.kubernetes.role and that the service account is bound to it";
        };
    return "Vault login ("
        + describe(properties)
        + ") refused: "
        + status
        + " "
        + error
        + "; "
        + hint;
  }

  private static String describe(VaultProperties properties) {
    return switch (properties.authentication()) {
      case TOKEN -> "token";
      case APPROLE -> "approle at auth/" + properties.appRole().path();
      case KUBERNETES -> "kubernetes at auth/" + properties.kubernetes().path();
    };
  }

  private static String errorText(HttpStatusCodeException http) {
    String body = http.getResponseBodyAsString();
    String text;
    try {
      text = body.isBlank() ? http.getStatusText() : VaultResponses.getError(body);
    } catch (RuntimeException notJson) {
      text = http.getStatusText();
    }
    // Vault's words, never verbatim: no line breaks, mentions or token-looking strings.
    return RemoteText.summary(text, MAX_ERROR_TEXT);
  }

  /** The I/O failure under the HTTP client's wrapper, e.g. {@code ConnectException}. */
  private static String ioProblem(ResourceAccessException failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + " " + RemoteText.summary(message);
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
