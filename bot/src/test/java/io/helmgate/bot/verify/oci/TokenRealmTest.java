package io.helmgate.bot.verify.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Registry credentials go to the registry's own token server, never to one a challenge names. */
class TokenRealmTest {

  @Test
  void theRegistrysOwnHostOrDomainGetsTheCredentials() {
    assertThat(OciArtifactChecker.sameDomain("ghcr.io", "ghcr.io")).isTrue();
    assertThat(OciArtifactChecker.sameDomain("auth.docker.io", "registry-1.docker.io")).isTrue();
    assertThat(OciArtifactChecker.sameDomain("harbor.acme.example", "harbor.acme.example:5000"))
        .isTrue();
    assertThat(OciArtifactChecker.sameDomain("localhost", "localhost:41234")).isTrue();
  }

  @Test
  void anyOtherHostDoesNot() {
    assertThat(OciArtifactChecker.sameDomain("tokens.evil.example", "registry.acme.example"))
        .isFalse();
    assertThat(OciArtifactChecker.sameDomain("evil.example", "127.0.0.1:5000")).isFalse();
    assertThat(OciArtifactChecker.sameDomain("10.0.0.2", "10.0.0.1")).isFalse();
    assertThat(OciArtifactChecker.sameDomain(null, "ghcr.io")).isFalse();
  }
}
