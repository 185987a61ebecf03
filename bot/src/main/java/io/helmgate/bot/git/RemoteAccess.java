package io.helmgate.bot.git;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How the clone authenticates to its remote: a token for HTTPS, a key for SSH (Apache MINA sshd,
 * with known_hosts enforced: an unknown host key is refused, never accepted on first use).
 */
final class RemoteAccess implements AutoCloseable {

  private final CredentialsProvider credentials;
  private final SshdSessionFactory ssh;
  private final int timeoutSeconds;

  RemoteAccess(GitProperties properties) {
    this.timeoutSeconds = (int) Math.max(1, properties.timeout().toSeconds());
    GitProperties.RemoteKind kind = properties.remoteKind();
    if (kind == GitProperties.RemoteKind.HTTP && !properties.token().isEmpty()) {
      this.credentials =
          new UsernamePasswordCredentialsProvider(properties.username(), properties.token());
    } else {
      this.credentials = null;
    }
    this.ssh = kind == GitProperties.RemoteKind.SSH ? sshFactory(properties) : null;
  }

  private static SshdSessionFactory sshFactory(GitProperties properties) {
    Path key = Path.of(properties.sshKeyPath()).toAbsolutePath();
    File home = new File(System.getProperty("user.home"));
    Path knownHosts =
        properties.sshKnownHostsPath().isEmpty()
            ? home.toPath().resolve(".ssh").resolve("known_hosts")
            : Path.of(properties.sshKnownHostsPath()).toAbsolutePath();
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(home)
        .setSshDirectory(key.getParent().toFile())
        .setDefaultIdentities(dir -> List.of(key))
        .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
        .setPreferredAuthentications("publickey")
        .build(new JGitKeyCache());
  }

  CredentialsProvider credentials() {
    return credentials;
  }

  int timeoutSeconds() {
    return timeoutSeconds;
  }

  /** Applies credentials, SSH session factory and timeout to a transport. */
  void configure(Transport transport) {
    transport.setTimeout(timeoutSeconds);
    if (credentials != null) {
      transport.setCredentialsProvider(credentials);
    }
    if (ssh != null && transport instanceof SshTransport sshTransport) {
      sshTransport.setSshSessionFactory(ssh);
    }
  }

  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
    }
  }
}
