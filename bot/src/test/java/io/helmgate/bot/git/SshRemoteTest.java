package io.helmgate.bot.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesRepositoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values repository over SSH with a key; the host key must be in known_hosts. */
class SshRemoteTest {

  static final Target PROD = new Target("globex", "portal", "prod");

  @TempDir Path temp;
  Path remote;
  Path key;
  GitSshServer server;

  @BeforeEach
  void setUp() throws Exception {
    remote = GitFixtures.bareRemote(temp.resolve("remote.git"), GitFixtures.exampleValues());
    KeyPair client = GitSshServer.ecKeyPair();
    key =
        GitSshServer.writePrivateKey(
            client, Files.createDirectories(temp.resolve("ssh")).resolve("id_ecdsa"));
    server = new GitSshServer(remote, client.getPublic());
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  GitValuesRepository open(String knownHosts, Path privateKey) throws Exception {
    Path file = Files.writeString(temp.resolve("known_hosts"), knownHosts);
    return GitValuesRepository.open(
        GitFixtures.settings(server.url(), temp.resolve("clone")).ssh(privateKey, file).build(),
        GitFixtures.CLOCK);
  }

  @Test
  void readsAndCommitsOverSshWithTheKeyWhenTheHostIsKnown() throws Exception {
    try (GitValuesRepository values = open(server.knownHostsLine(server.hostKey()), key)) {
      ValuesFile prod = values.read(PROD);

      CommitOutcome outcome =
          values.commit(
              new ValuesCommit(
                  PROD,
                  prod.lastChangeCommit(),
                  prod.content().replace("tag: \"0.9.12\"", "tag: \"0.10.0\""),
                  "deploy globex/portal prod: image.tag 0.9.12 → 0.10.0",
                  JGitValuesRepositoryTest.TRAILERS));

      assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
      assertThat(GitFixtures.remoteFile(remote, PROD.valuesPath())).contains("tag: \"0.10.0\"");
    }
  }

  @Test
  void anUnknownHostKeyIsRefusedNotAccepted() throws Exception {
    String otherKey = server.knownHostsLine(GitSshServer.ecKeyPair().getPublic());
    try (GitValuesRepository values = open(otherKey, key)) {
      assertThatThrownBy(() -> values.read(PROD))
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageContaining("helmgate.git.ssh-known-hosts-path");
    }
  }

  @Test
  void aKeyTheServerDoesNotKnowIsRefusedNamingTheKeySetting() throws Exception {
    Path stranger =
        GitSshServer.writePrivateKey(
            GitSshServer.ecKeyPair(), temp.resolve("ssh").resolve("other"));
    try (GitValuesRepository values = open(server.knownHostsLine(server.hostKey()), stranger)) {
      assertThatThrownBy(() -> values.read(PROD))
          .isInstanceOf(ValuesRepositoryException.class)
          .hasMessageContaining("helmgate.git.ssh-key-path");
    }
  }
}
