package io.helmgate.bot.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.app_backend.views.response.ViewSubmissionResponse;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.model.view.View;
import com.slack.api.model.view.Views;
import com.slack.api.util.json.GsonFactory;
import io.helmgate.bot.slack.render.Rendered;
import io.helmgate.bot.slack.render.Renderer;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.HomeWorkspace;
import io.helmgate.domain.service.Admission;
import io.helmgate.domain.service.Outcome;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only slash commands, button clicks, modal submissions and events from members of the
 * workspace (and organisation) the bot token belongs to; refuses the rest before any listener runs,
 * with an ephemeral answer where Slack offers a way to give one, and records each refusal in the
 * audit trail (the rule is {@link HomeWorkspace}, in the domain). Runs after Bolt's signature
 * check.
 *
 * <p>The home workspace is what Slack's {@code auth.test} says for the bot token: it cannot drift
 * from the installation the way a configured id could. It is asked in the background from start-up,
 * again with growing pauses until Slack answers, and then kept; until then every request is refused
 * at once (fail closed): a request never waits for Slack, which gives an acknowledgement only three
 * seconds.
 */
final class HomeWorkspaceGuard implements Middleware {

  private static final Logger log = LoggerFactory.getLogger(HomeWorkspaceGuard.class);
  private static final Gson JSON = GsonFactory.createSnakeCase();

  private final MethodsClient slack;
  private final Admission admission;
  private final Renderer renderer;

  /** The pause after the first failed {@code auth.test}; each next one doubles, up to the last. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  static final Duration LAST_RETRY = Duration.ofMinutes(5);

  private final Executor work;
  private final ScheduledExecutorService lookups;
  private volatile HomeWorkspace home;

  /**
   * Open once the first {@code auth.test} has answered or failed. A request that arrives while that
   * first lookup is under way (the bot just started) waits for it briefly rather than being refused
   * for a race; later requests never wait.
   */
  private final java.util.concurrent.CountDownLatch firstLookup =
      new java.util.concurrent.CountDownLatch(1);

  /** How long a request waits for the first lookup: well inside Slack's 3-second ack limit. */
  static final Duration FIRST_LOOKUP_WAIT = Duration.ofMillis(500);

  HomeWorkspaceGuard(MethodsClient slack, Admission admission, Renderer renderer, Executor work) {
    this(slack, admission, renderer, work, FIRST_RETRY);
  }

  HomeWorkspaceGuard(
      MethodsClient slack,
      Admission admission,
      Renderer renderer,
      Executor work,
      Duration firstRetry) {
    this.slack = slack;
    this.admission = admission;
    this.renderer = renderer;
    this.work = work;
    // Its own daemon thread: it ends once Slack has answered, and never holds up a shutdown.
    this.lookups =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "helmgate-auth-test");
              t.setDaemon(true);
              return t;
            });
    lookups.execute(() -> lookUp(firstRetry));
  }

  /** Whether Slack has named the home workspace yet. */
  boolean knowsHome() {
    return home != null;
  }

  /** One request as the rule sees it: who asked, for what, and from where. */
  private record Asked(UserRef who, String what, HomeWorkspace.Origin origin) {}

  @Override
  public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
    Asked asked = asked(req);
    if (asked == null) {
      return chain.next(req);
    }
    if (asked.who() == null && !(req instanceof EventRequest)) {
      // Slack always names the person; a signed payload without one is malformed, not a request
      // from anyone, so there is nobody to answer or to record.
      return Response.builder()
          .statusCode(400)
          .contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
          .body("{\"error\":\"the request names no user\"}")
          .build();
    }
    HomeWorkspace where = home();
    Decision decision;
    try {
      decision = admission.admit(asked.who(), asked.what(), where, asked.origin());
    } catch (RuntimeException auditFailed) {
      // Only a refusal writes to the trail, so this request is refused either way: the log is the
      // only record left of it.
      log.error(
          "refused {} from {} and could not audit it: {}",
          asked.what(),
          asked.origin(),
          auditFailed.getMessage());
      decision = where.admit(asked.origin());
    }
    if (decision.isAllowed()) {
      return chain.next(req);
    }
    log.info("refused {} by {}: {}", asked.what(), decision.rule(), decision.message());
    return refuse(req, renderer.reply(new Outcome.Denied(decision)));
  }

  private static Asked asked(Request req) {
    if (req instanceof SlashCommandRequest command) {
      var p = command.getPayload();
      return new Asked(
          person(p.getUserId(), p.getUserName()),
          p.getCommand(),
          new HomeWorkspace.Origin(
              Optional.ofNullable(p.getTeamId()),
              Optional.empty(),
              Optional.ofNullable(p.getEnterpriseId())));
    }
    if (req instanceof BlockActionRequest action) {
      var p = action.getPayload();
      String button =
          p.getActions() == null || p.getActions().isEmpty()
              ? "?"
              : p.getActions().get(0).getActionId();
      return new Asked(
          p.getUser() == null ? null : person(p.getUser().getId(), p.getUser().getName()),
          "click " + button,
          new HomeWorkspace.Origin(
              Optional.ofNullable(p.getTeam()).map(t -> t.getId()),
              Optional.ofNullable(p.getUser()).map(u -> u.getTeamId()),
              Optional.ofNullable(p.getEnterprise()).map(e -> e.getId())));
    }
    if (req instanceof ViewSubmissionRequest submission) {
      var p = submission.getPayload();
      return new Asked(
          p.getUser() == null ? null : person(p.getUser().getId(), p.getUser().getName()),
          "submit " + (p.getView() == null ? "?" : p.getView().getCallbackId()),
          new HomeWorkspace.Origin(
              Optional.ofNullable(p.getTeam()).map(t -> t.getId()),
              Optional.ofNullable(p.getUser()).map(u -> u.getTeamId()),
              Optional.ofNullable(p.getEnterprise()).map(e -> e.getId())));
    }
    if (req instanceof EventRequest event) {
      // An event (App Home opened, say) makes a listener read the domain for its user, so it is a
      // request like the others; many events name no user, and the refusal is recorded anyway.
      JsonObject body = parse(event.getRequestBodyAsString());
      JsonObject inner = object(body == null ? null : body.get("event"));
      return new Asked(
          person(text(inner, "user"), null),
          "event " + event.getEventType(),
          new HomeWorkspace.Origin(
              Optional.ofNullable(text(body, "team_id")),
              Optional.empty(),
              Optional.ofNullable(text(body, "enterprise_id"))));
    }
    return null; // URL verification, SSL checks and the rest carry no person's request
  }

  /** The body as JSON, or null when it is not (then it names no workspace, and is refused). */
  private static JsonObject parse(String body) {
    try {
      return object(JsonParser.parseString(body));
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static JsonObject object(JsonElement element) {
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
  }

  /** A string field, or null when absent or not a string (some events carry a user object). */
  private static String text(JsonObject object, String field) {
    JsonElement value = object == null ? null : object.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? value.getAsString()
        : null;
  }

  /** The person, or null when the payload names none (the refusal is still recorded). */
  private static UserRef person(String id, String name) {
    return id == null || id.isBlank() ? null : new UserRef(id, name);
  }

  /** The installation's workspace as far as known; unknown (refuse all) until Slack answers. */
  private HomeWorkspace home() {
    HomeWorkspace known = home;
    if (known == null) {
      try {
        firstLookup.await(FIRST_LOOKUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      known = home;
    }
    return known != null ? known : new HomeWorkspace(Optional.empty(), Optional.empty());
  }

  /** Asks {@code auth.test}; when it does not answer, asks again after {@code retry}. */
  private void lookUp(Duration retry) {
    Optional<HomeWorkspace> found = askSlack();
    if (found.isPresent()) {
      home = found.get();
      firstLookup.countDown();
      lookups.shutdown();
      return;
    }
    firstLookup.countDown();
    Duration next =
        retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    log.warn("refusing every Slack request until auth.test answers; asking again in {}", retry);
    lookups.schedule(() -> lookUp(next), retry.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Optional<HomeWorkspace> askSlack() {
    try {
      AuthTestResponse auth = slack.authTest(r -> r);
      if (auth.isOk() && auth.getTeamId() != null && !auth.getTeamId().isBlank()) {
        return Optional.of(
            new HomeWorkspace(
                Optional.of(auth.getTeamId()), Optional.ofNullable(auth.getEnterpriseId())));
      }
      log.warn("auth.test did not name the bot's workspace: {}", auth.getError());
    } catch (Exception e) {
      log.warn("auth.test failed: {}", e.getMessage());
    }
    return Optional.empty();
  }

  private Response refuse(Request req, Rendered answer) {
    if (req instanceof EventRequest) {
      // Events have nowhere to answer; 200 so that Slack does not deliver the event again.
      return Response.ok();
    }
    if (req instanceof SlashCommandRequest) {
      // The acknowledgement itself carries the answer: nothing else is sent anywhere.
      return json(
          SlashCommandResponse.builder()
              .responseType("ephemeral")
              .text(answer.text())
              .blocks(answer.blocks())
              .build());
    }
    if (req instanceof ViewSubmissionRequest) {
      View view =
          View.builder()
              .type("modal")
              .title(Views.viewTitle(t -> t.type("plain_text").text("Helmgate")))
              .close(Views.viewClose(c -> c.type("plain_text").text("Close")))
              .blocks(answer.blocks())
              .build();
      return json(ViewSubmissionResponse.builder().responseAction("update").view(view).build());
    }
    BlockActionRequest action = (BlockActionRequest) req;
    String responseUrl = action.getPayload().getResponseUrl();
    if (responseUrl != null) {
      String body =
          JSON.toJson(
              ActionResponse.builder()
                  .responseType("ephemeral")
                  .replaceOriginal(false)
                  .text(answer.text())
                  .blocks(answer.blocks())
                  .build());
      try {
        work.execute(
            () -> {
              try {
                req.getContext().getSlack().send(responseUrl, body);
              } catch (Exception e) {
                log.warn("could not tell a refused click why: {}", e.getMessage());
              }
            });
      } catch (RejectedExecutionException full) {
        log.warn("could not tell a refused click why: the work queue is full");
      }
    }
    return Response.ok();
  }

  private static Response json(Object body) {
    return Response.builder()
        .statusCode(200)
        .contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
        .body(JSON.toJson(body))
        .build();
  }
}
