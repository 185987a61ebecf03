package io.helmgate.bot.verify.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Image references split into registry host and repository name as Docker does it. */
class ImageNameTest {

  @Test
  void firstSegmentWithADotOrColonIsTheRegistry() {
    assertThat(ImageName.parse("registry.acme.example/checkout/checkout-web"))
        .isEqualTo(new ImageName("registry.acme.example", "checkout/checkout-web"));
    assertThat(ImageName.parse("127.0.0.1:5000/a/b"))
        .isEqualTo(new ImageName("127.0.0.1:5000", "a/b"));
  }

  @Test
  void withoutARegistryTheImageIsOnDockerHubAndOneSegmentLivesInLibrary() {
    assertThat(ImageName.parse("nginx")).isEqualTo(new ImageName("docker.io", "library/nginx"));
    assertThat(ImageName.parse("bitnami/redis"))
        .isEqualTo(new ImageName("docker.io", "bitnami/redis"));
    assertThat(ImageName.apiHost("docker.io")).isEqualTo("registry-1.docker.io");
  }

  @Test
  void chartVersionPlusBecomesUnderscoreAndInvalidTagsAreRefused() {
    assertThat(ImageName.tag("1.4.0+build.7", true)).isEqualTo("1.4.0_build.7");
    assertThatThrownBy(() -> ImageName.tag("1.4.0+build.7", false))
        .hasMessageContaining("not a valid tag");
    assertThatThrownBy(() -> ImageName.parse("Registry.example/UPPER"))
        .hasMessageContaining("not a valid");
  }

  @Test
  void challengeValuesMayContainCommasInsideQuotes() {
    Challenge c =
        Challenge.parse(
                "Bearer realm=\"https://auth.example.test/token\",service=\"registry.example.test\","
                    + "scope=\"repository:a/b:pull,push\"")
            .orElseThrow();

    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.example.test/token");
    assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push");
  }
}
