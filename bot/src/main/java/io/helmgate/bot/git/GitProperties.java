package io.helmgate.bot.git;

import io.helmgate.domain.port.TicketPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the values repository adapter ({@code helmgate.git.*}), checked when bound so that a
 * wrong value stops start-up with a message naming the key.
 *
 * @param url the remote: a local path, {@code file://}, {@code https://} (or {@code http://}),
 *     {@code ssh://} or scp form {@code git@host:org/values.git}; empty for the embedded default, a
 *     local repository seeded from {@code seedDir}
 * @param branch the branch Helmgate reads and pushes
 * @param workdir where the one local clone of this process lives
 * @param token HTTPS token (password of basic authentication); never logged
 * @param username HTTPS user name sent with the token
 * @param sshKeyPath private key for SSH remotes
 * @param sshKnownHostsPath known_hosts for SSH remotes; empty means {@code ~/.ssh/known_hosts}
 * @param authorName author and committer name of Helmgate's commits
 * @param authorEmail author and committer e-mail of Helmgate's commits
 * @param seedDir content of the embedded default repository
 * @param pushAttempts how often one batch of commits is pushed before giving up
 * @param gcInterval how often the local clone is garbage-collected; zero disables it
 * @param fetchInterval reads fetch at most this often; zero fetches before every read
 * @param timeout network timeout of one fetch or push
 * @param ticketPattern the regular expression of a ticket reference in a request's reason; each
 *     distinct match becomes a {@code Ticket} trailer of the commit
 */
@ConfigurationProperties("helmgate.git")
public record GitProperties(
    @DefaultValue("") String url,
    @DefaultValue("main") String branch,
    @DefaultValue("./data/values") String workdir,
    @DefaultValue("") String token,
    @DefaultValue("x-access-token") String username,
    @DefaultValue("") String sshKeyPath,
    @DefaultValue("") String sshKnownHostsPath,
    @DefaultValue("Helmgate") String authorName,
    @DefaultValue("helmgate@localhost") String authorEmail,
    @DefaultValue("config/example-values") String seedDir,
    @DefaultValue("5") int pushAttempts,
    @DefaultValue("1h") Duration gcInterval,
    @DefaultValue("2s") Duration fetchInterval,
    @DefaultValue("30s") Duration timeout,
    @DefaultValue(TicketPattern.DEFAULT_REGEX) String ticketPattern) {

  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://(.*)$");
  private static final Pattern SCP = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\\s].*$");

  /** How the remote is reached. */
  enum RemoteKind {
    EMBEDDED,
    LOCAL,
    HTTP,
    SSH
  }

  public GitProperties {
    url = trim(url);
    branch = trim(branch);
    workdir = trim(workdir);
    token = token == null ? "" : token.trim();
    username = trim(username);
    sshKeyPath = trim(sshKeyPath);
    sshKnownHostsPath = trim(sshKnownHostsPath);
    authorName = trim(authorName);
    authorEmail = trim(authorEmail);
    seedDir = trim(seedDir);
    gcInterval = gcInterval == null ? Duration.ofHours(1) : gcInterval;
    fetchInterval = fetchInterval == null ? Duration.ofSeconds(2) : fetchInterval;
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    ticketPattern = ticketPattern == null ? TicketPattern.DEFAULT_REGEX : ticketPattern.strip();

    RemoteKind kind = kindOf(url);
    if (branch.isEmpty() || !Repository.isValidRefName("refs/heads/" + branch)) {
      throw invalid("branch", "must be a valid git branch name such as main; got '" + branch + "'");
    }
    if (workdir.isEmpty()) {
      throw invalid("workdir", "must be a directory path such as ./data/values");
    }
    if (authorName.isEmpty()) {
      throw invalid("author-name", "must not be empty (e.g. Helmgate)");
    }
    if (authorEmail.isEmpty() || !authorEmail.contains("@") || authorEmail.contains(">")) {
      throw invalid("author-email", "must be an e-mail address such as helmgate@example.com");
    }
    if (pushAttempts < 1 || pushAttempts > 20) {
      throw invalid("push-attempts", "must be between 1 and 20; got " + pushAttempts);
    }
    if (gcInterval.isNegative()) {
      throw invalid("gc-interval", "must be a positive duration such as 1h, or 0 to disable gc");
    }
    if (fetchInterval.isNegative()) {
      throw invalid("fetch-interval", "must be a duration such as 2s, or 0 to fetch on every read");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 3600) {
      throw invalid("timeout", "must be a duration between 1s and 1h such as 30s");
    }
    try {
      TicketPattern.of(ticketPattern);
    } catch (IllegalArgumentException e) {
      throw invalid("ticket-pattern", e.getMessage() + "; got '" + ticketPattern + "'");
    }
    if (kind == RemoteKind.HTTP && username.isEmpty() && !token.isEmpty()) {
      throw invalid("username", "must not be empty when helmgate.git.token is set");
    }
    if (kind == RemoteKind.SSH) {
      if (sshKeyPath.isEmpty()) {
        throw invalid("ssh-key-path", "is required for an SSH url: the private key file to use");
      }
      if (!Files.isReadable(Path.of(sshKeyPath))) {
        throw invalid("ssh-key-path", "'" + sshKeyPath + "' is not a readable file");
      }
      if (!sshKnownHostsPath.isEmpty() && !Files.isReadable(Path.of(sshKnownHostsPath))) {
        throw invalid(
            "ssh-known-hosts-path",
            "'" + sshKnownHostsPath + "' is not a readable known_hosts file");
      }
    }
    if (kind == RemoteKind.EMBEDDED
        && !Files.isDirectory(embeddedRemoteDir(workdir))
        && resolveSeedDir(seedDir).isEmpty()) {
      throw invalid(
          "seed-dir",
          "'"
              + seedDir
              + "' is not a directory; the embedded values repository (no helmgate.git.url) is"
              + " seeded from it");
    }
  }

  /** {@link #ticketPattern()}, checked when bound. */
  TicketPattern tickets() {
    return TicketPattern.of(ticketPattern);
  }

  RemoteKind remoteKind() {
    return kindOf(url);
  }

  Path workdirPath() {
    return Path.of(workdir).toAbsolutePath().normalize();
  }

  /** The bare repository that plays the remote in the embedded default. */
  Path embeddedRemotePath() {
    return embeddedRemoteDir(workdir);
  }

  Optional<Path> seedDirPath() {
    return resolveSeedDir(seedDir);
  }

  /** The remote as shown in messages and logs: no user info, so no credentials. */
  String displayUrl() {
    return url.isEmpty() ? embeddedRemotePath().toString() : stripUserInfo(url);
  }

  @Override
  public String toString() {
    return "GitProperties[url="
        + displayUrl()
        + ", branch="
        + branch
        + ", workdir="
        + workdir
        + ", token="
        + (token.isEmpty() ? "(none)" : "(set)")
        + "]";
  }

  static String stripUserInfo(String text) {
    return text.replaceAll("(?<=://)[^/@\\s]+@", "");
  }

  private static Path embeddedRemoteDir(String workdir) {
    Path work = Path.of(workdir).toAbsolutePath().normalize();
    Path name = work.getFileName();
    String base = name == null ? "values" : name.toString();
    return work.resolveSibling(base + "-remote.git");
  }

  /**
   * The seed directory; a relative one is looked up in the working directory and then in its
   * parent, because {@code spring-boot:run} and the tests run inside {@code bot/}.
   */
  private static Optional<Path> resolveSeedDir(String seedDir) {
    if (seedDir.isEmpty()) {
      return Optional.empty();
    }
    Path seed = Path.of(seedDir);
    if (seed.isAbsolute()) {
      return Files.isDirectory(seed) ? Optional.of(seed.normalize()) : Optional.empty();
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir : new Path[] {cwd, cwd.getParent()}) {
      if (dir != null && Files.isDirectory(dir.resolve(seed))) {
        return Optional.of(dir.resolve(seed).normalize());
      }
    }
    return Optional.empty();
  }

  private static RemoteKind kindOf(String url) {
    if (url.isEmpty()) {
      return RemoteKind.EMBEDDED;
    }
    var scheme = SCHEME.matcher(url);
    if (scheme.matches()) {
      String name = scheme.group(1).toLowerCase(java.util.Locale.ROOT);
      String rest = scheme.group(2);
      switch (name) {
        case "file":
          return RemoteKind.LOCAL;
        case "https", "http":
          if (rest.matches("^[^/@\\s]+@.*")) {
            throw invalid(
                "url",
                "must not contain credentials; put the token in helmgate.git.token"
                    + " (HELMGATE_GIT_TOKEN) instead");
          }
          if (rest.isEmpty() || rest.startsWith("/") || rest.contains(" ")) {
            throw invalid("url", "'" + url + "' is not a valid https:// URL");
          }
          return RemoteKind.HTTP;
        case "ssh":
          if (rest.isEmpty() || rest.contains(" ")) {
            throw invalid("url", "'" + url + "' is not a valid ssh:// URL");
          }
          return RemoteKind.SSH;
        default:
          throw invalid("url", expectedForms(url));
      }
    }
    if (SCP.matcher(url).matches()) {
      return RemoteKind.SSH;
    }
    if (url.startsWith("/")
        || url.startsWith("./")
        || url.startsWith("../")
        || url.matches("^[A-Za-z]:[\\\\/].*")) {
      return RemoteKind.LOCAL;
    }
    throw invalid("url", expectedForms(url));
  }

  private static String expectedForms(String url) {
    return "must be a local path (/srv/git/values.git), a file://, https:// or ssh:// URL, or"
        + " git@host:org/values.git; got '"
        + stripUserInfo(url)
        + "'";
  }

  private static IllegalArgumentException invalid(String key, String what) {
    return new IllegalArgumentException("helmgate.git." + key + " " + what);
  }

  private static String trim(String value) {
    return value == null ? "" : value.trim();
  }
}
