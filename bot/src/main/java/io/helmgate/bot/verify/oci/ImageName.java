package io.helmgate.bot.verify.oci;

import java.util.regex.Pattern;

/**
 * A repository reference split into the registry host and the repository name the distribution API
 * wants. As Docker does it: the first path segment is the host when it contains a dot or a colon or
 * is {@code localhost}; otherwise the image is on Docker Hub ({@code docker.io}), where a
 * one-segment name lives under {@code library/}.
 */
record ImageName(String host, String name) {

  static final String DOCKER_HUB = "docker.io";

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  /** Throws {@link IllegalArgumentException} with a readable message for an invalid reference. */
  static ImageName parse(String repository) {
    String ref = repository.trim();
    int slash = ref.indexOf('/');
    String first = slash < 0 ? "" : ref.substring(0, slash);
    String host;
    String name;
    if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      host = first.toLowerCase(java.util.Locale.ROOT);
      name = ref.substring(slash + 1);
    } else {
      host = DOCKER_HUB;
      name = slash < 0 ? "library/" + ref : ref;
    }
    if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
      host = DOCKER_HUB;
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("`" + name + "` is not a valid repository name");
    }
    return new ImageName(host, name);
  }

  /** Where the distribution API of {@code host} is: Docker Hub's is not on {@code docker.io}. */
  static String apiHost(String host) {
    return host.equals(DOCKER_HUB) ? "registry-1.docker.io" : host;
  }

  /**
   * The tag to ask for: Helm stores chart version {@code 1.4.0+build.7} under tag {@code
   * 1.4.0_build.7}, since a tag cannot contain {@code +}.
   */
  static String tag(String tag, boolean chart) {
    String t = chart ? tag.replace('+', '_') : tag;
    if (!TAG.matcher(t).matches()) {
      throw new IllegalArgumentException("`" + tag + "` is not a valid tag");
    }
    return t;
  }
}
