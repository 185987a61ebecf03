package io.helmgate.bot.git;

import io.helmgate.domain.port.ValuesRepositoryException;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.CorruptPackIndexException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.PackInvalidException;
import org.eclipse.jgit.errors.TransportException;

/**
 * Turns JGit's transport failures into messages an operator can act on, and makes sure no
 * credential ever reaches a message: the token is masked and user info is cut from URLs.
 */
final class RemoteErrors {

  private final GitProperties properties;

  RemoteErrors(GitProperties properties) {
    this.properties = properties;
  }

  /** True when the failure came from talking to the remote, not from the local clone. */
  static boolean isRemote(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TransportException
          || t instanceof org.eclipse.jgit.api.errors.TransportException
          || t instanceof InvalidRemoteException
          || t instanceof NotSupportedException
          || t instanceof URISyntaxException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the failure shows the clone's own objects are missing or corrupt, even if it surfaced
   * during a fetch or push: re-cloning is the cure.
   */
  static boolean isLocalDamage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MissingObjectException
          || t instanceof CorruptObjectException
          || t instanceof PackInvalidException
          || t instanceof CorruptPackIndexException) {
        return true;
      }
    }
    return false;
  }

  /** A message for a failed fetch or push; {@code doing} is e.g. "fetch" or "push". */
  ValuesRepositoryException remote(String doing, Throwable failure) {
    String detail = sanitize(details(failure));
    String lower = detail.toLowerCase(Locale.ROOT);
    String url = properties.displayUrl();
    String what;
    if (hasCause(failure, NoRemoteRepositoryException.class)
        || lower.contains("not found")
        || lower.contains("does not appear to be a git repository")
        || lower.contains("repository not found")) {
      what = "there is no git repository at " + url + " (check helmgate.git.url)";
    } else if (lower.contains("remote does not have")
        || lower.contains("cannot be resolved")
        || lower.contains("no such ref")) {
      what =
          "the remote "
              + url
              + " has no branch '"
              + properties.branch()
              + "' (check helmgate.git.branch)";
    } else if (lower.contains("host key")
        || lower.contains("server key")
        || lower.contains("known_hosts")
        || lower.contains("knownhosts")) {
      what =
          "the SSH host key of "
              + url
              + " is not accepted; add it to helmgate.git.ssh-known-hosts-path";
    } else if (lower.contains("connection refused")
        || lower.contains("connection failed")
        || lower.contains("unknown host")
        || lower.contains("unknownhost")
        || lower.contains("timed out")) {
      what = "cannot reach the values repository at " + url;
    } else if (lower.contains("not authorized")
        || lower.contains("authentication")
        || lower.contains("auth fail")
        // whole numbers only: a port such as 40185 is not an HTTP 401
        || java.util.regex.Pattern.compile("\\b40[13]\\b").matcher(lower).find()
        || lower.contains("permission denied")
        || lower.contains("credentials")) {
      what =
          "the remote "
              + url
              + " refused Helmgate's credentials"
              + (properties.remoteKind() == GitProperties.RemoteKind.SSH
                  ? " (check helmgate.git.ssh-key-path)"
                  : " (check helmgate.git.token and helmgate.git.username)");
    } else {
      what = "cannot reach the values repository at " + url;
    }
    return new ValuesRepositoryException("git " + doing + " failed: " + what + " — " + detail);
  }

  /** Masks the token and strips user info from URLs. */
  String sanitize(String text) {
    String clean = GitProperties.stripUserInfo(text == null ? "" : text);
    String token = properties.token();
    if (!token.isEmpty()) {
      clean = clean.replace(token, "•••");
    }
    return clean;
  }

  private static String details(Throwable failure) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && sb.indexOf(message) < 0) {
        if (sb.length() > 0) {
          sb.append(": ");
        }
        sb.append(message.strip());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.length() == 0 ? failure.getClass().getSimpleName() : sb.toString();
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
