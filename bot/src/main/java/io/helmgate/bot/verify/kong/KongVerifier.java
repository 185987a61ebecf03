package io.helmgate.bot.verify.kong;

import io.helmgate.bot.verify.EdgeNames;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.EdgeVerifier.Check;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kong's post-deploy checks of one target: its service and route exist (and the route points at the
 * service), its upstream's targets are HEALTHY, and a probe through the gateway answers 2xx.
 * Endpoints, fields and their sources: README.md beside this class.
 */
public final class KongVerifier {

  /** Most pages of upstream health read; Kong pages by 100 by default. */
  private static final int MAX_PAGES = 20;

  private final KongProperties properties;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  public KongVerifier(KongProperties properties) {
    this.properties = properties;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Whether {@code target}'s environment has a Kong to check. */
  public boolean configured(Target target) {
    return properties.environments().containsKey(target.environment());
  }

  /** Every Kong check of {@code target}; empty when its environment has no Kong. */
  public List<Check> verify(Target target) {
    KongProperties.Environment env = properties.environments().get(target.environment());
    if (env == null) {
      return List.of();
    }
    Optional<KongProperties.Product> override =
        Optional.ofNullable(env.products().get(EdgeNames.productKey(target)));
    String convention = EdgeNames.expand(env.names(), target);
    String service = override.map(KongProperties.Product::service).orElse(convention);
    String route = override.map(KongProperties.Product::route).orElse(convention);
    String upstream = override.map(KongProperties.Product::upstream).orElse(convention);
    String healthPath =
        EdgeNames.expand(
            override.map(KongProperties.Product::healthPath).orElse(env.healthPath()), target);

    List<Check> checks = new ArrayList<>();
    Optional<String> serviceId;
    try {
      serviceId = checkService(env, service, checks);
      checkRoute(env, route, service, serviceId, checks);
      if (!"-".equals(upstream)) {
        checkUpstream(env, upstream, checks);
      }
    } catch (IOException e) {
      // One line says Kong is down; three lines of the same fault would hide that.
      checks.add(
          new Check(
              "Kong Admin API",
              false,
              "unreachable at " + env.adminUrl() + " (" + describe(e) + "); nothing was checked"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      checks.add(new Check("Kong Admin API", false, "interrupted"));
    }
    if (env.proxyUrl() != null) {
      checks.add(probe(env, healthPath));
    }
    return checks;
  }

  private Optional<String> checkService(
      KongProperties.Environment env, String service, List<Check> checks)
      throws IOException, InterruptedException {
    String name = "Kong service " + service;
    HttpResponse<String> r = admin(env, "/services/" + segment(service));
    if (r.statusCode() == 200) {
      JsonNode body = parse(r.body());
      checks.add(
          new Check(
              name,
              true,
              "exists → "
                  + body.path("host").asString("?")
                  + ":"
                  + body.path("port").asString("?")
                  + (body.path("enabled").asBoolean(true) ? "" : " (disabled)")));
      return Optional.ofNullable(body.path("id").asString(null));
    }
    checks.add(new Check(name, false, missingOrError(r, "service", service)));
    return Optional.empty();
  }

  private void checkRoute(
      KongProperties.Environment env,
      String route,
      String service,
      Optional<String> serviceId,
      List<Check> checks)
      throws IOException, InterruptedException {
    String name = "Kong route " + route;
    HttpResponse<String> r = admin(env, "/routes/" + segment(route));
    if (r.statusCode() != 200) {
      checks.add(new Check(name, false, missingOrError(r, "route", route)));
      return;
    }
    JsonNode body = parse(r.body());
    String routeService = body.path("service").path("id").asString(null);
    if (serviceId.isPresent() && routeService != null && !routeService.equals(serviceId.get())) {
      checks.add(
          new Check(
              name, false, "exists but points at service " + routeService + ", not at " + service));
      return;
    }
    List<String> paths = new ArrayList<>();
    body.path("paths").forEach(p -> paths.add(p.asString()));
    body.path("hosts").forEach(h -> paths.add(h.asString()));
    checks.add(new Check(name, true, "exists" + (paths.isEmpty() ? "" : " " + paths)));
  }

  private void checkUpstream(KongProperties.Environment env, String upstream, List<Check> checks)
      throws IOException, InterruptedException {
    String name = "Kong upstream " + upstream;
    List<String> healthy = new ArrayList<>();
    List<String> unhealthy = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    String path = "/upstreams/" + segment(upstream) + "/health";
    for (int page = 0; path != null && page < MAX_PAGES; page++) {
      HttpResponse<String> r = admin(env, path);
      if (r.statusCode() != 200) {
        checks.add(new Check(name, false, missingOrError(r, "upstream", upstream)));
        return;
      }
      JsonNode body = parse(r.body());
      for (JsonNode t : body.path("data")) {
        String target = t.path("target").asString("?");
        if (t.path("weight").asInt(1) == 0) {
          continue; // weight 0 takes no traffic and always reads HEALTHCHECKS_OFF
        }
        if (!t.has("health")) {
          checks.add(
              new Check(
                  name,
                  false,
                  "Kong answered without target health: a hybrid-mode control plane has no"
                      + " balancer; point admin-url at a node that proxies traffic"));
          return;
        }
        switch (t.path("health").asString("")) {
          case "HEALTHY" -> healthy.add(target);
          case "HEALTHCHECKS_OFF" -> unknown.add(target);
          default -> unhealthy.add(target + " " + t.path("health").asString("?"));
        }
      }
      path = body.path("next").isString() ? body.path("next").asString() : null;
    }
    int total = healthy.size() + unhealthy.size() + unknown.size();
    if (total == 0) {
      checks.add(new Check(name, false, "has no targets with weight above 0"));
    } else if (!unhealthy.isEmpty()) {
      checks.add(
          new Check(
              name,
              false,
              unhealthy.size() + " of " + total + " targets not healthy: " + unhealthy));
    } else if (!unknown.isEmpty() && !env.allowHealthchecksOff()) {
      checks.add(
          new Check(
              name,
              false,
              unknown.size()
                  + " of "
                  + total
                  + " targets read HEALTHCHECKS_OFF, so Kong cannot tell whether they are up: "
                  + unknown
                  + ". Turn on active or passive health checks for the upstream."));
    } else {
      checks.add(
          new Check(
              name,
              true,
              healthy.size()
                  + " of "
                  + total
                  + " targets HEALTHY"
                  + (unknown.isEmpty() ? "" : " (" + unknown.size() + " without health checks)")));
    }
  }

  private Check probe(KongProperties.Environment env, String healthPath) {
    URI uri = join(env.proxyUrl(), healthPath);
    String name = "Probe " + uri;
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(env.timeout()).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      boolean ok = r.statusCode() / 100 == 2;
      return new Check(name, ok, "HTTP " + r.statusCode() + (ok ? "" : ", expected 2xx"));
    } catch (IOException e) {
      return new Check(
          name, false, "no answer within " + env.timeout().toMillis() + " ms: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Check(name, false, "interrupted");
    }
  }

  private HttpResponse<String> admin(KongProperties.Environment env, String path)
      throws IOException, InterruptedException {
    String prefix = env.workspace() == null ? "" : "/" + env.workspace();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(join(env.adminUrl(), path.startsWith(prefix) ? path : prefix + path))
            .timeout(env.timeout())
            .header("Accept", "application/json")
            .GET();
    if (env.adminToken() != null) {
      request.header("Kong-Admin-Token", env.adminToken());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String missingOrError(HttpResponse<String> r, String what, String name) {
    if (r.statusCode() == 404) {
      return "no " + what + " named " + name + " in Kong (404)";
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      return "Kong refused the bot (HTTP "
          + r.statusCode()
          + "): check helmgate.kong.environments.<env>.admin-token";
    }
    return "Kong answered HTTP " + r.statusCode() + message(r.body());
  }

  private static String message(String body) {
    try {
      String m = JsonMapper.builder().build().readTree(body).path("message").asString("");
      return m.isEmpty() ? "" : ": " + m;
    } catch (JacksonException e) {
      return "";
    }
  }

  private JsonNode parse(String body) throws IOException {
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new IOException("Kong answered something that is not JSON", e);
    }
  }

  private static URI join(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }

  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
