package io.helmgate.bot.verify.f5;

import io.helmgate.bot.verify.EdgeNames;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.EdgeVerifier.Check;
import io.helmgate.domain.port.EdgeVerifier.Step;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * F5 BIG-IP over iControl REST: checks that a target's pool members are up, drains them (Disabled:
 * no new connections, existing ones continue) and enables them again. Endpoints, fields and their
 * sources: README.md beside this class.
 */
public final class F5Verifier {

  private static final String DRAIN = "{\"session\":\"user-disabled\"}";
  private static final String ENABLE = "{\"state\":\"user-up\",\"session\":\"user-enabled\"}";

  private final F5Properties properties;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  public F5Verifier(F5Properties properties) {
    this.properties = properties;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Whether {@code target}'s environment has a BIG-IP. */
  public boolean configured(Target target) {
    return properties.environments().containsKey(target.environment());
  }

  /** Whether scheduled changes of {@code target} drain its pool for their window. */
  public boolean drainsForMaintenance(Target target) {
    F5Properties.Environment env = properties.environments().get(target.environment());
    return env != null && env.drainForMaintenance();
  }

  /** The pool-members-up check; empty when the environment has no BIG-IP. */
  public List<Check> verify(Target target) {
    F5Properties.Environment env = properties.environments().get(target.environment());
    if (env == null) {
      return List.of();
    }
    String pool = poolPath(env, target);
    String name = "F5 pool " + pool;
    try (Session session = open(env)) {
      Members members = session.members(pool);
      if (members.error().isPresent()) {
        return List.of(new Check(name, false, members.error().get()));
      }
      List<String> up = new ArrayList<>();
      List<String> notUp = new ArrayList<>();
      List<String> disabled = new ArrayList<>();
      for (JsonNode m : members.items()) {
        String member = m.path("name").asString("?");
        String state = m.path("state").asString("?");
        if ("up".equals(state)) {
          up.add(member);
        } else {
          notUp.add(member + " " + state);
        }
        if ("user-disabled".equals(m.path("session").asString(""))) {
          disabled.add(member);
        }
      }
      int total = up.size() + notUp.size();
      String disabledNote =
          disabled.isEmpty() ? "" : "; disabled (no new connections): " + disabled;
      if (total == 0) {
        return List.of(new Check(name, false, "has no members"));
      }
      if (!notUp.isEmpty()) {
        return List.of(
            new Check(
                name,
                false,
                notUp.size() + " of " + total + " members not up: " + notUp + disabledNote));
      }
      return List.of(new Check(name, true, total + " of " + total + " members up" + disabledNote));
    } catch (F5Exception e) {
      return List.of(new Check(name, false, e.getMessage()));
    }
  }

  /**
   * Sets the members of {@code target}'s pool that take traffic to Disabled; a member a person has
   * already disabled is left alone, and not named among the changed members.
   */
  public Step drain(Target target) {
    return change(target, DRAIN, "disabled (draining)", m -> !"user-disabled".equals(sessionOf(m)));
  }

  /** Sets every member of {@code target}'s pool to Enabled. */
  public Step enable(Target target) {
    return change(target, ENABLE, "enabled", m -> true);
  }

  /** Sets only {@code members} (full paths, as the drain named them) to Enabled. */
  public Step enable(Target target, List<String> members) {
    return change(target, ENABLE, "enabled", m -> members.contains(fullPathOf(m, target)));
  }

  private static String sessionOf(JsonNode member) {
    return member.path("session").asString("");
  }

  private String fullPathOf(JsonNode member, Target target) {
    F5Properties.Environment env = properties.environments().get(target.environment());
    String name = member.path("name").asString("?");
    return member.path("fullPath").asString("/" + env.partition() + "/" + name);
  }

  private Step change(
      Target target, String body, String done, java.util.function.Predicate<JsonNode> which) {
    F5Properties.Environment env = properties.environments().get(target.environment());
    if (env == null) {
      return Step.notConfigured();
    }
    String pool = poolPath(env, target);
    try (Session session = open(env)) {
      Members members = session.members(pool);
      if (members.error().isPresent()) {
        return Step.failed("F5 pool " + pool + ": " + members.error().get());
      }
      List<String> changed = new ArrayList<>();
      List<String> changedPaths = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      for (JsonNode m : members.items()) {
        if (!which.test(m)) {
          continue;
        }
        String member = m.path("name").asString("?");
        String fullPath = fullPathOf(m, target);
        HttpResponse<String> r =
            session.send(
                "PATCH", "/mgmt/tm/ltm/pool/" + tilde(pool) + "/members/" + tilde(fullPath), body);
        if (r.statusCode() == 200) {
          changed.add(member);
          changedPaths.add(fullPath);
        } else {
          failed.add(member + " (HTTP " + r.statusCode() + message(r.body()) + ")");
        }
      }
      if (members.items().isEmpty()) {
        return Step.failed("F5 pool " + pool + " has no members");
      }
      if (!failed.isEmpty()) {
        return Step.failed(
            "F5 pool "
                + pool
                + ": "
                + failed.size()
                + " of "
                + members.items().size()
                + " members could not be "
                + done
                + ": "
                + failed
                + (changed.isEmpty() ? "" : "; " + done + ": " + changed),
            changedPaths);
      }
      return Step.done(
          "F5 pool " + pool + ": " + changed.size() + " members " + done + " " + changed,
          changedPaths);
    } catch (F5Exception e) {
      return Step.failed("F5 pool " + pool + ": " + e.getMessage());
    }
  }

  static String poolPath(F5Properties.Environment env, Target target) {
    String pool =
        Optional.ofNullable(env.products().get(EdgeNames.productKey(target)))
            .map(F5Properties.Product::pool)
            .orElse(env.pool());
    String name = EdgeNames.expand(pool, target);
    return name.startsWith("/") ? name : "/" + env.partition() + "/" + name;
  }

  /** {@code /Prod/10.1.0.11%2:8080} → {@code ~Prod~10.1.0.11%252:8080}, as iControl REST wants. */
  static String tilde(String fullPath) {
    return fullPath.replace("%", "%25").replace("/", "~");
  }

  private Session open(F5Properties.Environment env) throws F5Exception {
    Session session = new Session(env);
    session.login();
    return session;
  }

  /** One login's calls; the token is deleted at the end, as each user may hold only 100. */
  private final class Session implements AutoCloseable {
    private final F5Properties.Environment env;
    private String token;

    Session(F5Properties.Environment env) {
      this.env = env;
    }

    void login() throws F5Exception {
      if (env.authentication() != F5Properties.Authentication.TOKEN) {
        return;
      }
      String body =
          json.createObjectNode()
              .put("username", env.username())
              .put("password", env.password())
              .put("loginProviderName", env.loginProvider())
              .toString();
      HttpResponse<String> r = send("POST", "/mgmt/shared/authn/login", body);
      if (r.statusCode() != 200) {
        throw new F5Exception(
            "the BIG-IP refused the login of "
                + env.username()
                + " (HTTP "
                + r.statusCode()
                + message(r.body())
                + ")");
      }
      token = parse(r.body()).path("token").path("token").asString(null);
      if (token == null) {
        throw new F5Exception("the BIG-IP's login answer holds no token.token");
      }
    }

    Members members(String pool) throws F5Exception {
      HttpResponse<String> r =
          send(
              "GET",
              "/mgmt/tm/ltm/pool/"
                  + tilde(pool)
                  + "/members?$select=name,fullPath,address,state,session",
              null);
      if (r.statusCode() == 404) {
        return new Members(List.of(), Optional.of("no such pool on the BIG-IP (404)"));
      }
      if (r.statusCode() != 200) {
        return new Members(
            List.of(),
            Optional.of("the BIG-IP answered HTTP " + r.statusCode() + message(r.body())));
      }
      List<JsonNode> items = new ArrayList<>();
      parse(r.body()).path("items").forEach(items::add);
      return new Members(items, Optional.empty());
    }

    HttpResponse<String> send(String method, String path, String body) throws F5Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base() + path))
              .timeout(env.timeout())
              .header("Accept", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (token != null) {
        request.header("X-F5-Auth-Token", token);
      } else if (env.authentication() == F5Properties.Authentication.BASIC) {
        request.header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (env.username() + ":" + env.password()).getBytes(StandardCharsets.UTF_8)));
      }
      try {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new F5Exception(
            "the BIG-IP at "
                + env.url()
                + " is unreachable ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new F5Exception("interrupted while calling the BIG-IP");
      }
    }

    @Override
    public void close() {
      if (token != null) {
        try {
          send("DELETE", "/mgmt/shared/authz/tokens/" + token, null);
        } catch (F5Exception e) {
          // The token lapses by itself after its timeout (1200 s by default).
        }
      }
    }

    private String base() {
      String b = env.url().toString();
      return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }
  }

  private record Members(List<JsonNode> items, Optional<String> error) {}

  private JsonNode parse(String body) throws F5Exception {
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new F5Exception("the BIG-IP answered something that is not JSON");
    }
  }

  private String message(String body) {
    try {
      String m = json.readTree(body).path("message").asString("");
      return m.isEmpty() ? "" : ": " + m;
    } catch (JacksonException e) {
      return "";
    }
  }

  /** A call to the BIG-IP could not be made or was refused; the message says which and why. */
  static final class F5Exception extends Exception {
    F5Exception(String message) {
      super(message);
    }
  }
}
