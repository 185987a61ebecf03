package io.helmgate.bot.forge;

import io.helmgate.domain.port.ForgeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP plumbing the three forge adapters share: JSON in and out, one timeout, no redirects (a
 * redirect would carry the token elsewhere), transport faults as {@link ForgeException}s of kind
 * UNAVAILABLE. Each adapter maps its forge's error answers itself.
 */
public final class ForgeHttp {

  /** The most characters of an error body quoted in a message. */
  private static final int MAX_QUOTE = 300;

  private static final JsonMapper LENIENT = JsonMapper.builder().build();

  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final String forgeName;
  private final JsonMapper json = JsonMapper.builder().build();

  public ForgeHttp(String forgeName, Duration timeout, Map<String, String> headers) {
    this.forgeName = forgeName;
    this.timeout = timeout;
    this.headers = Map.copyOf(headers);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A new empty JSON object to fill as a request body. */
  public ObjectNode object() {
    return json.createObjectNode();
  }

  /** Sends {@code method url} with {@code body} (null for none) and answers the raw response. */
  public HttpResponse<String> send(String method, String url, JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    if (!headers.containsKey("Accept")) {
      b.header("Accept", "application/json");
    }
    headers.forEach(b::header);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json");
      b.method(
          method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ForgeException(
          ForgeException.Kind.UNAVAILABLE,
          forgeName
              + " could not be reached at "
              + URI.create(url).getHost()
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); check the network path and helmgate.forge.base-url, the call will be retried",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException(
          ForgeException.Kind.UNAVAILABLE, "interrupted while calling " + forgeName, e);
    }
  }

  /**
   * A redirect answered to an API call: redirects are not followed (the token would travel with
   * them), so it usually means a renamed repository, an http URL behind https, or a login page.
   */
  public Optional<ForgeException> redirect(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status < 300 || status >= 400) {
      return Optional.empty();
    }
    String location = response.headers().firstValue("Location").orElse("(no Location)");
    return Optional.of(
        new ForgeException(
            ForgeException.Kind.NOT_FOUND,
            forgeName
                + " answered "
                + status
                + " redirecting to "
                + location
                + "; Helmgate does not follow redirects with the token: set helmgate.forge.base-url"
                + " and helmgate.forge.repository to where it points"));
  }

  /** Parses a JSON body; an unreadable one is a fault of the forge (or of a proxy before it). */
  public JsonNode parse(HttpResponse<String> response) {
    try {
      JsonNode node = json.readTree(response.body() == null ? "" : response.body());
      return node == null ? json.missingNode() : node;
    } catch (JacksonException e) {
      throw new ForgeException(
          ForgeException.Kind.UNAVAILABLE,
          forgeName
              + " answered "
              + response.statusCode()
              + " with a body that is not JSON ("
              + quote(response.body())
              + "); is helmgate.forge.base-url the API root and not a web page or a proxy?",
          e);
    }
  }

  /** Parses an error body leniently: anything unreadable becomes a missing node. */
  public JsonNode parseLeniently(String body) {
    return readLeniently(body);
  }

  /** Parses JSON leniently (a webhook body, an error body): unreadable becomes a missing node. */
  public static JsonNode readLeniently(String body) {
    try {
      JsonNode node = LENIENT.readTree(body == null ? "" : body);
      return node == null ? LENIENT.missingNode() : node;
    } catch (JacksonException e) {
      return LENIENT.missingNode();
    }
  }

  /** A body cut short to quote in a message. */
  public static String quote(String body) {
    if (body == null || body.isBlank()) {
      return "empty body";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_QUOTE ? oneLine : oneLine.substring(0, MAX_QUOTE) + "…";
  }

  /**
   * How long to wait, from a {@code Retry-After} header in seconds or else an epoch-seconds reset
   * header (GitHub's {@code x-ratelimit-reset}, GitLab's {@code RateLimit-Reset}).
   */
  public static Optional<Duration> retryAfter(
      HttpResponse<?> response, String resetHeader, Clock clock) {
    Optional<String> after = response.headers().firstValue("Retry-After");
    if (after.isPresent()) {
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(after.get().trim()))));
      } catch (NumberFormatException ignored) {
        // An HTTP-date Retry-After: fall through to the reset header.
      }
    }
    if (resetHeader != null) {
      Optional<String> reset = response.headers().firstValue(resetHeader);
      if (reset.isPresent()) {
        try {
          Instant at = Instant.ofEpochSecond(Long.parseLong(reset.get().trim()));
          Duration wait = Duration.between(clock.instant(), at);
          return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (NumberFormatException ignored) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Text or an absent node as a string, null when absent or JSON null. */
  public static String text(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? null : node.asString();
  }

  /** {@code s} cut to {@code max} characters, for fields the forge limits. */
  public static String cut(String s, int max) {
    if (s == null) {
      return null;
    }
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
