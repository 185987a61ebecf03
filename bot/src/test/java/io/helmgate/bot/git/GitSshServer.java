package io.helmgate.bot.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A git server over SSH for tests: Apache MINA sshd running JGit's upload-pack and receive-pack for
 * one bare repository at {@code /values.git}, accepting one client key.
 */
final class GitSshServer implements AutoCloseable {

  private final SshServer server;
  private final KeyPair hostKey;

  GitSshServer(Path repository, PublicKey clientKey) throws Exception {
    this.hostKey = ecKeyPair();
    server = SshServer.setUpDefaultServer();
    server.setHost("localhost");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) -> "git".equals(user) && KeyUtils.compareKeys(key, clientKey));
    server.setCommandFactory((channel, command) -> new GitCommand(command, repository));
    server.start();
  }

  static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** Writes a private key in OpenSSH format, as {@code ssh-keygen} would. */
  static Path writePrivateKey(KeyPair key, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "helmgate-test", null, out);
    }
    return file;
  }

  String url() {
    return "ssh://git@localhost:" + server.getPort() + "/values.git";
  }

  /** A known_hosts line for this server, or for another key to simulate a changed host. */
  String knownHostsLine(PublicKey key) {
    return "[localhost]:" + server.getPort() + " " + PublicKeyEntry.toString(key) + "\n";
  }

  PublicKey hostKey() {
    return hostKey.getPublic();
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** {@code git-upload-pack '/values.git'} or {@code git-receive-pack '/values.git'}. */
  private static final class GitCommand implements Command {

    private final String command;
    private final Path repository;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(String command, Path repository) {
      this.command = command;
      this.repository = repository;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread worker = new Thread(this::run, "test-git-ssh");
      worker.setDaemon(true);
      worker.start();
    }

    private void run() {
      int code = 0;
      String path = command.replaceFirst("^git-[a-z-]+ ", "").replace("'", "");
      try (Repository repo = GitFixtures.open(repository, true)) {
        if (!path.equals("/values.git") && !path.equals("values.git")) {
          err.write(("no repository " + path + "\n").getBytes());
          code = 128;
        } else if (command.startsWith("git-upload-pack ")) {
          new UploadPack(repo).upload(in, out, err);
        } else if (command.startsWith("git-receive-pack ")) {
          new ReceivePack(repo).receive(in, out, err);
        } else {
          code = 127;
        }
      } catch (IOException | RuntimeException e) {
        code = 1;
      } finally {
        try {
          out.flush();
          err.flush();
        } catch (IOException ignored) {
          // the client went away
        }
        exit.onExit(code);
      }
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
