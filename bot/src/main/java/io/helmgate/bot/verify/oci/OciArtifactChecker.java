package io.helmgate.bot.verify.oci;

import io.helmgate.bot.logging.RemoteText;
import io.helmgate.bot.verify.oci.RegistryProperties.Registry;
import io.helmgate.domain.port.ArtifactChecker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves tags with the OCI distribution API: {@code HEAD /v2/<name>/manifests/<tag>}, the digest
 * from {@code Docker-Content-Digest}. A 401 is answered as the registry's challenge asks: a Bearer
 * token from its token server (anonymous, or with the configured Basic credentials), or Basic
 * credentials directly. Tokens are cached per registry and repository until shortly before they
 * expire.
 */
final class OciArtifactChecker implements ArtifactChecker {

  /**
   * All four manifest types: a registry answers 404 for an OCI manifest (every Helm chart) that the
   * Accept header does not list, and converts a Docker manifest list to one platform's manifest.
   */
  static final String ACCEPT =
      "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json,"
          + " application/vnd.docker.distribution.manifest.v2+json";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_REDIRECTS = 5;

  private final RegistryProperties properties;
  private final HttpClient http;
  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  OciArtifactChecker(RegistryProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public boolean isConfigured() {
    return properties.enabled();
  }

  @Override
  public List<Resolution> resolve(List<ArtifactRef> references) {
    return references.stream().map(this::resolve).toList();
  }

  private Resolution resolve(ArtifactRef ref) {
    ImageName image;
    String tag;
    try {
      image = ImageName.parse(ref.repository());
      tag = ImageName.tag(ref.tag(), ref.kind() == Kind.CHART);
    } catch (IllegalArgumentException e) {
      return Resolution.missing(ref, e.getMessage());
    }
    Optional<Registry> registry = properties.registry(image.host());
    if (registry.isEmpty()) {
      return Resolution.notConfigured(ref);
    }
    Registry r = registry.get();
    URI uri =
        URI.create(
            (r.plainHttp() ? "http://" : "https://")
                + ImageName.apiHost(r.host())
                + "/v2/"
                + image.name()
                + "/manifests/"
                + tag);
    String cacheKey = r.host() + " " + image.name();
    try {
      Optional<String> auth = cached(cacheKey);
      HttpResponse<Void> response = head(uri, auth);
      if (response.statusCode() == 401) {
        auth = authenticate(r, response, image.name(), cacheKey);
        if (auth.isEmpty()) {
          return Resolution.unavailable(
              ref,
              r.host()
                  + " requires credentials; set helmgate.registry.registries[host="
                  + r.host()
                  + "].username and password");
        }
        response = head(uri, auth);
      }
      return interpret(ref, r, response);
    } catch (HttpTimeoutException e) {
      return Resolution.unavailable(
          ref, r.host() + " did not answer within " + properties.timeout().toSeconds() + " s");
    } catch (IOException | TokenException e) {
      return Resolution.unavailable(
          ref, "cannot reach " + r.host() + ": " + RemoteText.summary(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Resolution.unavailable(ref, "interrupted while asking " + r.host());
    }
  }

  private Resolution interpret(ArtifactRef ref, Registry r, HttpResponse<Void> response) {
    int status = response.statusCode();
    if (status == 200) {
      return response
          .headers()
          .firstValue("Docker-Content-Digest")
          .map(digest -> Resolution.resolved(ref, digest))
          .orElseGet(
              () ->
                  Resolution.unavailable(
                      ref, r.host() + " answered without a Docker-Content-Digest header"));
    }
    if (status == 404) {
      return Resolution.missing(ref, r.host() + " has no manifest for this tag");
    }
    if (status == 401 || status == 403) {
      return Resolution.unavailable(
          ref,
          r.host()
              + " refused the bot (HTTP "
              + status
              + "); check helmgate.registry.registries[host="
              + r.host()
              + "] credentials and their pull rights");
    }
    if (status == 429) {
      return Resolution.unavailable(ref, r.host() + " is rate limiting the bot (HTTP 429)");
    }
    return Resolution.unavailable(ref, r.host() + " answered HTTP " + status);
  }

  /** HEAD, following redirects; credentials never go to another host than the one asked. */
  private HttpResponse<Void> head(URI uri, Optional<String> auth)
      throws IOException, InterruptedException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current)
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .timeout(properties.timeout())
              .header("Accept", ACCEPT);
      if (auth.isPresent() && sameOrigin(uri, current)) {
        request.header("Authorization", auth.get());
      }
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      Optional<String> location = response.headers().firstValue("Location");
      if (hop < MAX_REDIRECTS && isRedirect(response.statusCode()) && location.isPresent()) {
        current = current.resolve(location.get());
        continue;
      }
      return response;
    }
  }

  private Optional<String> authenticate(
      Registry r, HttpResponse<Void> unauthorized, String name, String cacheKey)
      throws IOException, InterruptedException, TokenException {
    List<Challenge> challenges =
        unauthorized.headers().allValues("WWW-Authenticate").stream()
            .map(Challenge::parse)
            .flatMap(Optional::stream)
            .toList();
    Optional<Challenge> bearer =
        challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
    if (bearer.isPresent()) {
      return Optional.of("Bearer " + token(r, bearer.get(), name, cacheKey));
    }
    boolean basic = challenges.stream().anyMatch(c -> c.scheme().equals("basic"));
    if (basic && r.username() != null) {
      return Optional.of(basic(r));
    }
    return Optional.empty();
  }

  private String token(Registry r, Challenge challenge, String name, String cacheKey)
      throws IOException, InterruptedException, TokenException {
    String realm = challenge.param("realm");
    if (realm == null || realm.isBlank()) {
      throw new TokenException(r.host() + " asked for a Bearer token without naming its realm");
    }
    URI realmUri = URI.create(realm);
    String scope = challenge.param("scope");
    StringBuilder query = new StringBuilder();
    if (challenge.param("service") != null) {
      query.append("service=").append(encode(challenge.param("service")));
    }
    String scopes = scope == null ? "repository:" + name + ":pull" : scope;
    for (String s : scopes.split(" ")) {
      query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(s));
    }
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(properties.timeout());
    // Credentials go only over HTTPS, or to a loopback token server (tests, a local mirror); and
    // only to the registry's own domain, so that a challenge cannot send them anywhere it likes.
    boolean safe =
        ("https".equalsIgnoreCase(realmUri.getScheme())
                || RegistryProperties.isLoopback(String.valueOf(realmUri.getHost())))
            && sameDomain(realmUri.getHost(), r.host());
    if (r.username() != null && safe) {
      request.header("Authorization", basic(r));
    }
    HttpResponse<String> response = http.send(request.build(), limited(MAX_TOKEN_RESPONSE));
    if (response.statusCode() != 200) {
      throw new TokenException(
          "the token server "
              + realmUri.getHost()
              + " answered HTTP "
              + response.statusCode()
              + (response.statusCode() == 401
                  ? "; check helmgate.registry.registries[host=" + r.host() + "] credentials"
                  : ""));
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (RuntimeException e) {
      throw new TokenException("the token server " + realmUri.getHost() + " sent no JSON");
    }
    String token = text(body, "token").or(() -> text(body, "access_token")).orElse(null);
    if (token == null) {
      throw new TokenException("the token server " + realmUri.getHost() + " sent no token");
    }
    long expiresIn = body.has("expires_in") ? body.get("expires_in").asLong(60) : 60;
    tokens.put(
        cacheKey, new Token(token, clock.instant().plusSeconds(Math.max(0, expiresIn - 10))));
    return token;
  }

  private Optional<String> cached(String key) {
    Token t = tokens.get(key);
    if (t == null || !clock.instant().isBefore(t.expires())) {
      return Optional.empty();
    }
    return Optional.of("Bearer " + t.value());
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() || n.asString().isBlank()
        ? Optional.empty()
        : Optional.of(n.asString());
  }

  private static String basic(Registry r) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((r.username() + ":" + r.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && a.getPort() == b.getPort()
        && String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()));
  }

  private record Token(String value, Instant expires) {}

  /** The token server could not be asked or refused; the registry counts as unavailable. */
  private static final class TokenException extends Exception {
    TokenException(String message) {
      super(message);
    }
  }

  /** A token answer is a few kilobytes; more is not a token server's answer. */
  static final int MAX_TOKEN_RESPONSE = 64 * 1024;

  private static HttpResponse.BodyHandler<String> limited(int max) {
    return info ->
        HttpResponse.BodySubscribers.mapping(
            HttpResponse.BodySubscribers.ofInputStream(),
            in -> {
              try (in) {
                byte[] bytes = in.readNBytes(max + 1);
                if (bytes.length > max) {
                  return "";
                }
                return new String(bytes, StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  /**
   * Whether the token realm's host belongs to the registry: the same host, or hosts sharing their
   * last two labels (Docker Hub's registry-1.docker.io sends auth.docker.io). A registry named by
   * an IP address or {@code localhost} must name the same host.
   */
  static boolean sameDomain(String realmHost, String registryHost) {
    if (realmHost == null || registryHost == null) {
      return false;
    }
    String realm = realmHost.toLowerCase(java.util.Locale.ROOT);
    String registry = registryHost.toLowerCase(java.util.Locale.ROOT).replaceFirst(":\\d+$", "");
    if (realm.equals(registry)) {
      return true;
    }
    String[] a = realm.split("\\.");
    String[] b = registry.split("\\.");
    if (a.length < 2 || b.length < 2 || registry.matches("[0-9.]+")) {
      return false;
    }
    return a[a.length - 1].equals(b[b.length - 1]) && a[a.length - 2].equals(b[b.length - 2]);
  }
}
