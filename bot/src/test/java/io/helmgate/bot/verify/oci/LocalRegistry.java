package io.helmgate.bot.verify.oci;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real CNCF Distribution registry (Debian's {@code docker-registry}) on a loopback port, with its
 * storage in a test's temporary directory, and pushes through its HTTP API.
 */
final class LocalRegistry implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/docker-registry");
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern PASSWORD = Pattern.compile("password=(\\S+) user=docker");

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private Optional<String> auth = Optional.empty();

  private LocalRegistry(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts without authentication. */
  static LocalRegistry start(Path dir) {
    return start(dir, "");
  }

  /** Starts with htpasswd (Basic) auth; the registry creates user {@code docker} itself. */
  static LocalRegistry startWithBasicAuth(Path dir) {
    LocalRegistry registry =
        start(
            dir,
            "auth:\n  htpasswd:\n    realm: helmgate-test\n    path: "
                + dir.resolve("htpasswd")
                + "\n");
    registry.auth = Optional.of(basic("docker", registry.generatedPassword()));
    return registry;
  }

  private static LocalRegistry start(Path dir, String authYaml) {
    if (!Files.isExecutable(BINARY)) {
      fail(
          BINARY
              + " is missing: these tests run a real OCI registry (CNCF Distribution)."
              + " Install it with `apt-get install docker-registry`; .ci/run does this.");
    }
    try {
      Path config = dir.resolve("registry.yml");
      Files.writeString(
          config,
          "version: 0.1\n"
              + "log:\n  level: info\n"
              + "storage:\n  filesystem:\n    rootdirectory: "
              + dir.resolve("data")
              + "\n"
              + "http:\n  addr: 127.0.0.1:0\n  secret: test-only-not-a-secret\n"
              + authYaml);
      Path log = dir.resolve("registry.log");
      Process process =
          new ProcessBuilder(BINARY.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) {
          return new LocalRegistry(process, log, Integer.parseInt(m.group(1)));
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(50);
      }
      process.destroy();
      return fail("the registry did not start; its log:\n" + Files.readString(log));
    } catch (IOException e) {
      return fail("could not start the registry: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** {@code 127.0.0.1:<port>}, as an image reference names it. */
  String host() {
    return "127.0.0.1:" + port;
  }

  private String generatedPassword() {
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = PASSWORD.matcher(Files.readString(log));
        if (m.find()) {
          return m.group(1);
        }
        Thread.sleep(50);
      }
      return fail("the registry logged no generated password:\n" + Files.readString(log));
    } catch (IOException e) {
      return fail(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** Pushes a one-layer Docker image under {@code tag}; {@code variant} makes its digest unique. */
  String pushImage(String name, String tag, String variant) {
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"variant\":\"" + variant + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer of " + variant).getBytes(StandardCharsets.UTF_8);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + DOCKER_MANIFEST
            + "\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
            + descriptor(config)
            + "},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
            + descriptor(layer)
            + "}]}";
    pushBlob(name, config);
    pushBlob(name, layer);
    return pushManifest(name, tag, DOCKER_MANIFEST, manifest);
  }

  /** Pushes a Helm chart as Helm does: an OCI manifest with the Helm config type. */
  String pushChart(String name, String tag) {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] chart = ("chart " + name + " " + tag).getBytes(StandardCharsets.UTF_8);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\","
            + descriptor(config)
            + "},\"layers\":[{\"mediaType\":\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\","
            + descriptor(chart)
            + "}]}";
    pushBlob(name, config);
    pushBlob(name, chart);
    return pushManifest(name, tag, OCI_MANIFEST, manifest);
  }

  private void pushBlob(String name, byte[] content) {
    HttpResponse<String> started =
        send(
            request(URI.create("http://" + host() + "/v2/" + name + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()),
            202);
    // The Location is absolute and already carries a query.
    String location = started.headers().firstValue("Location").orElseThrow();
    send(
        request(URI.create(location + "&digest=" + sha256(content)))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
        201);
  }

  private String pushManifest(String name, String tag, String mediaType, String manifest) {
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put =
        send(
            request(URI.create("http://" + host() + "/v2/" + name + "/manifests/" + tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
            201);
    String digest = sha256(bytes);
    if (!put.headers().firstValue("Docker-Content-Digest").orElse("").equals(digest)) {
      fail("the registry stored another digest than the manifest's own: " + put.headers());
    }
    return digest;
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    auth.ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, int expected) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        fail(
            "push step "
                + response.request().method()
                + " "
                + response.request().uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response;
    } catch (IOException e) {
      return fail("push failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  private static String descriptor(byte[] content) {
    return "\"digest\":\"" + sha256(content) + "\",\"size\":" + content.length;
  }

  static String sha256(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The generated password of user {@code docker} (basic-auth registries only). */
  String password() {
    return generatedPassword();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
