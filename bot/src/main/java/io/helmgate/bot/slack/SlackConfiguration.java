package io.helmgate.bot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.ServletAdapterOps;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.methods.MethodsClient;
import com.slack.api.socket_mode.SocketModeClient;
import io.helmgate.bot.audit.EvidencePack;
import io.helmgate.bot.config.PolicyProperties;
import io.helmgate.bot.config.SlackProperties;
import io.helmgate.bot.slack.outbox.DirectDelivery;
import io.helmgate.bot.slack.outbox.Outbox;
import io.helmgate.bot.slack.outbox.OutboxProperties;
import io.helmgate.bot.slack.outbox.OutboxSender;
import io.helmgate.bot.slack.render.Renderer;
import io.helmgate.domain.port.ChannelNotifier;
import io.helmgate.domain.port.Directory;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Scheduler;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.service.Helmgate;
import io.helmgate.domain.service.UnseenRequests;
import io.helmgate.domain.values.Redaction;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Slack: the Bolt app and its listeners, served at {@code POST /slack/events} (HTTP mode) or only
 * over Socket Mode when an app token is set; the Slack-backed directory and notifier. Without Slack
 * settings the endpoint answers 503 and both ports refuse with a message that says what to set.
 */
@Configuration(proxyBeanMethods = false)
public class SlackConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SlackConfiguration.class);

  @Bean
  Renderer renderer(PolicyProperties policy, Redaction redaction, SlackProperties slack) {
    io.helmgate.domain.policy.PolicyConfig config = policy.toPolicyConfig();
    return new Renderer(
        config.defaultZone(),
        redaction,
        Optional.ofNullable(slack.commitUrlTemplate()),
        environment ->
            config.rulesFor(environment).approverRoles().stream()
                .sorted()
                .flatMap(role -> config.groupsOf(role).stream())
                .distinct()
                .toList());
  }

  @Bean
  Outbox slackOutbox(JdbcTemplate jdbc, Clock clock) {
    return new Outbox(jdbc, clock);
  }

  /**
   * Delivers the outbox: at once on the thread that wrote a row, and every poll interval for
   * retries, for rows other replicas left behind and for rows written before a restart.
   */
  @Bean
  OutboxSender slackOutboxSender(
      JdbcTemplate jdbc,
      MethodsClient slack,
      Clock clock,
      OutboxProperties properties,
      Helmgate helmgate,
      Outbox outbox,
      Renderer renderer,
      SlackProperties slackProperties,
      RequestStore requests,
      Scheduler scheduler) {
    ApprovalDeliveries deliveries =
        new ApprovalDeliveries(
            helmgate,
            new UnseenRequests(requests, scheduler, clock),
            outbox,
            renderer,
            slackProperties.approvalChannels());
    String owner = hostName() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    return new OutboxSender(jdbc, slack, clock, properties, deliveries, owner).sendingFor(outbox);
  }

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "helmgate" : host;
  }

  @Bean
  Slack slack(SlackProperties properties) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(properties.apiUrl());
    return Slack.getInstance(config);
  }

  @Bean
  MethodsClient slackMethods(Slack slack, SlackProperties properties) {
    return slack.methods(properties.botToken());
  }

  /**
   * Threads that answer people unless {@code helmgate.slack.answer-threads} says otherwise; mostly
   * waiting on Slack, so more than the cores.
   */
  static final int ANSWER_THREADS = 16;

  static int answerThreads(int configured) {
    return configured > 0 ? configured : ANSWER_THREADS;
  }

  /**
   * Answers waiting for a thread. Bounded, so that a flood costs bounded memory (a few kilobytes
   * each); past it a person is told at once that Helmgate is too busy and nothing was done.
   */
  static final int ANSWER_QUEUE = 10_000;

  /**
   * Answers waiting past which a new acknowledgement first waits for room (at most {@link
   * #ANSWER_ROOM_WAIT}), so that acknowledgements slow to the pace of the answers before the queue
   * fills.
   */
  static final int ANSWER_PRESSURE = 1_000;

  static final Duration ANSWER_ROOM_WAIT = Duration.ofSeconds(1);

  /**
   * Answers to people run here after the acknowledgement (command handling, {@code response_url}
   * replies, {@code views.open}, direct messages), apart from executions ({@code helmgateWork}: git
   * pushes, Vault, the registry, Argo CD), so that no execution can make a person wait for an
   * answer, nor fill the queue an answer needs.
   */
  @Bean(destroyMethod = "shutdown")
  ExecutorService helmgateAnswers(
      @org.springframework.beans.factory.annotation.Value("${helmgate.slack.answer-threads:0}")
          int configured) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return new AnswersPool(
        answerThreads(configured),
        ANSWER_QUEUE,
        ANSWER_PRESSURE,
        ANSWER_ROOM_WAIT,
        r -> {
          Thread t = new Thread(r, "helmgate-answers-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService slackDirectoryRefresh() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "helmgate-groups");
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  Directory directory(
      SlackProperties properties,
      MethodsClient slack,
      PolicyProperties policy,
      Clock clock,
      ScheduledExecutorService slackDirectoryRefresh) {
    if (!properties.configured()) {
      return new Directory() {
        @Override
        public Set<String> groupsOf(String userId) {
          throw new DirectoryUnavailableException(
              "Slack is not configured (helmgate.slack.bot-token), so nobody's roles can be known.",
              null);
        }

        @Override
        public Map<String, Set<String>> allMemberships() {
          return Map.of();
        }
      };
    }
    Set<String> groups = new HashSet<>(policy.toPolicyConfig().allGroups());
    SlackDirectory directory =
        new SlackDirectory(
            slack, groups, properties.groupsTtl(), properties.groupsMaxStale(), clock);
    directory.refreshEvery(slackDirectoryRefresh);
    return directory;
  }

  @Bean
  Notifier notifier(
      SlackProperties properties, Outbox outbox, MethodsClient slack, Renderer renderer) {
    if (!properties.configured()) {
      return (request, line) -> log.info("{} {}: {}", request.id(), request.state(), line);
    }
    return new SlackNotifier(outbox, new DirectDelivery(slack), renderer);
  }

  /** Links a request's Slack message from its pull request; none when Slack is not configured. */
  @Bean
  SlackPermalinks slackPermalinks(SlackProperties properties, MethodsClient slack) {
    return new SlackPermalinks(properties.configured() ? Optional.of(slack) : Optional.empty());
  }

  @Bean
  ChannelNotifier channelNotifier(
      SlackProperties properties, Outbox outbox, MethodsClient slack, Renderer renderer) {
    if (!properties.configured()) {
      return (channel, text) -> log.info("to {}: {}", channel, text);
    }
    return new SlackNotifier(outbox, new DirectDelivery(slack), renderer);
  }

  /**
   * Opens modals: a few threads of their own, so that {@code views.open} is called within the three
   * seconds a {@code trigger_id} lives, never behind executions on the work pool.
   */
  @Bean(destroyMethod = "shutdown")
  ExecutorService slackModals() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return new java.util.concurrent.ThreadPoolExecutor(
        2,
        2,
        0,
        TimeUnit.SECONDS,
        new java.util.concurrent.ArrayBlockingQueue<>(50),
        r -> {
          Thread t = new Thread(r, "helmgate-modals-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  SlackRuntime slackRuntime(
      SlackProperties properties,
      Slack slack,
      MethodsClient methods,
      Helmgate helmgate,
      Renderer renderer,
      ExecutorService helmgateAnswers,
      ExecutorService slackModals,
      Outbox outbox,
      ValuesRepository values,
      Clock clock,
      Redaction redaction,
      io.micrometer.core.instrument.MeterRegistry registry,
      JdbcTemplate jdbc) {
    if (!properties.configured()) {
      log.warn(
          "Slack is not configured: set helmgate.slack.bot-token and helmgate.slack.signing-secret"
              + " (HTTP mode) or helmgate.slack.app-token (Socket Mode)");
      return new SlackRuntime(null, null);
    }
    AppConfig config =
        AppConfig.builder()
            .slack(slack)
            .signingSecret(properties.signingSecret())
            .singleTeamBotToken(properties.botToken())
            .authTestCacheEnabled(true)
            .authTestCacheExpirationMillis(Duration.ofHours(1).toMillis())
            .build();
    App app = new App(config);
    app.use(new BodyMatchesContentType());
    EvidencePack evidence = new EvidencePack(redaction, Optional.empty(), clock);
    new SlackListeners(
            helmgate,
            renderer,
            helmgateAnswers,
            slackModals,
            outbox,
            clock,
            properties,
            values,
            methods,
            evidence,
            new SlackMetrics(registry))
        .register(app, new ReplayGuard(jdbc, clock));
    SocketModeApp socket = null;
    if (properties.socketMode()) {
      try {
        socket =
            new SocketModeApp(properties.appToken(), SocketModeClient.Backend.JavaWebSocket, app);
      } catch (IOException e) {
        throw new IllegalStateException("cannot open Slack Socket Mode: " + e.getMessage(), e);
      }
    }
    return new SlackRuntime(app, socket);
  }

  /**
   * {@code POST /slack/events}, except in Socket Mode: there Slack's requests arrive over the
   * WebSocket, and Bolt verifies an HTTP request against the placeholder secret {@code ---} when
   * none is set, so a mounted endpoint would accept requests anyone can sign. Not mapped, the path
   * is a 404 like any other.
   */
  @Bean
  ServletContextInitializer slackEvents(
      SlackRuntime runtime, SlackProperties properties, Clock clock) {
    return servletContext -> {
      if (properties.socketMode()) {
        log.info("Socket Mode: POST /slack/events is not served");
        return;
      }
      HttpServlet servlet =
          runtime.app() != null
              ? new SlackEventsServlet(runtime.app(), properties.signingSecret(), clock)
              : new NotConfiguredServlet();
      ServletRegistration.Dynamic registration = servletContext.addServlet("slackEvents", servlet);
      registration.addMapping("/slack/events");
      registration.setAsyncSupported(true);
    };
  }

  /** The Bolt app (null without Slack) and, in Socket Mode, its connection. */
  public static final class SlackRuntime implements SmartLifecycle {
    private final App app;
    private final SocketModeApp socket;
    private volatile boolean running;

    SlackRuntime(App app, SocketModeApp socket) {
      this.app = app;
      this.socket = socket;
    }

    public App app() {
      return app;
    }

    @Override
    public void start() {
      if (socket != null) {
        try {
          socket.startAsync();
        } catch (Exception e) {
          throw new IllegalStateException(
              "cannot connect to Slack in Socket Mode: " + e.getMessage(), e);
        }
      }
      running = true;
    }

    @Override
    public void stop() {
      if (socket != null) {
        try {
          socket.stop();
        } catch (Exception e) {
          log.warn("closing Socket Mode: {}", e.getMessage());
        }
      }
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }
  }

  /**
   * {@code POST /slack/events}: Bolt behind checks that bound what a sender who is not Slack can
   * make the bot read, hold and wait for. Refused unread: a content type Slack never sends (415), a
   * body without a declared length (411) or longer than {@link #MAX_BODY_BYTES} (413), and a
   * request without Slack's signature headers or with a timestamp outside Slack's five minutes
   * (401). The body is then read without holding a thread (non-blocking servlet I/O), and a body
   * that has not arrived within {@link #BODY_DEADLINE} is answered 408 and its connection closed;
   * so unfinished uploads hold a connection each, never a worker thread. The signature is checked
   * here in constant time over the bytes received, before Bolt sees the request (Bolt's own check,
   * which still runs, compares with {@code String.equals}). A body Bolt cannot parse (a malformed
   * {@code payload}) is a 400, not a 500: it is the sender's fault and nothing was done.
   */
  static final class SlackEventsServlet extends HttpServlet {
    /**
     * Slack's largest payloads (a modal submission with its whole view) are tens of kilobytes; a
     * megabyte leaves room and bounds what an unsigned sender can make the bot hold.
     */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    /**
     * How long a body may take to arrive once its headers have. Slack sends a few kilobytes at once
     * and gives up on an answer after three seconds; a body still arriving after this is not
     * Slack's.
     */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(5);

    /**
     * Slack's SSL check ({@code ssl_check=1&token=...}) may come without signature headers and is
     * answered by Bolt before any signature check; an unsigned body longer than this cannot be one.
     */
    static final long SSL_CHECK_MAX_BYTES = 256;

    /** Slack's rule: a request stamped more than five minutes from local time is refused. */
    static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(5);

    /** A request not answered by then is ended by Tomcat; Slack stopped waiting long before. */
    static final Duration SERVE_CEILING = Duration.ofSeconds(60);

    /** Ends requests whose bodies are late: one thread for all of them, asleep in between. */
    private final ScheduledExecutorService deadlines =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "helmgate-body-deadlines");
              t.setDaemon(true);
              return t;
            });

    private final App app;
    private final SlackRequestParser parser;
    private final byte[] signingSecret;
    private final Clock clock;

    SlackEventsServlet(App app, String signingSecret, Clock clock) {
      this.app = app;
      this.parser = new SlackRequestParser(app.config());
      this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
      this.clock = clock;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (!isSlackContentType(req.getContentType())) {
        log.info("refused a Slack request of content type {}", req.getContentType());
        refuse(resp, 415, "Slack sends application/x-www-form-urlencoded or application/json");
        return;
      }
      long length = req.getContentLengthLong();
      if (length < 0) {
        log.info("refused a Slack request without a Content-Length");
        refuse(resp, 411, "Slack sends a Content-Length");
        return;
      }
      if (length > MAX_BODY_BYTES) {
        log.info("refused a Slack request of {} bytes", length);
        refuse(resp, 413, "the body is larger than any Slack sends");
        return;
      }
      String timestamp = req.getHeader("X-Slack-Request-Timestamp");
      String signature = req.getHeader("X-Slack-Signature");
      boolean signed = timestamp != null && signature != null;
      if (!signed && length > SSL_CHECK_MAX_BYTES) {
        log.info("refused a Slack request without signature headers");
        refuse(resp, 401, "missing signature");
        return;
      }
      if (signed && !fresh(timestamp)) {
        log.info("refused a Slack request stamped {}", timestamp);
        refuse(resp, 401, "stale or unreadable request timestamp");
        return;
      }
      readThenServe(req, resp, (int) length, signed);
    }

    @Override
    public void destroy() {
      deadlines.shutdownNow();
    }

    private boolean fresh(String timestamp) {
      try {
        long stamped = Long.parseLong(timestamp.strip());
        long now = clock.instant().getEpochSecond();
        long window = TIMESTAMP_WINDOW.toSeconds();
        return stamped >= now - window && stamped <= now + window; // no subtraction to overflow
      } catch (NumberFormatException unreadable) {
        return false;
      }
    }

    /** Reads the body as it arrives, on no thread while it does not, then serves it. */
    private void readThenServe(
        HttpServletRequest req, HttpServletResponse resp, int length, boolean signed)
        throws IOException {
      AsyncContext async = req.startAsync();
      // Tomcat's own async timeout would also cut a request still being served (with a 500);
      // it is only the last resort here, the body's deadline is the scheduled task below.
      async.setTimeout(SERVE_CEILING.toMillis());
      AtomicBoolean finished = new AtomicBoolean();
      Runnable tooLate =
          () -> {
            if (finished.compareAndSet(false, true)) {
              log.info("refused a Slack request whose body did not arrive in time");
              try {
                resp.setHeader("Connection", "close");
                refuse(resp, 408, "the body did not arrive in time");
              } catch (IOException | RuntimeException gone) {
                // the sender is gone already; completing closes what is left
              } finally {
                async.complete();
              }
            }
          };
      ScheduledFuture<?> deadline =
          deadlines.schedule(tooLate, BODY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      async.addListener(
          new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
              tooLate.run();
            }

            @Override
            public void onComplete(AsyncEvent event) {
              deadline.cancel(false);
            }

            @Override
            public void onError(AsyncEvent event) {
              finished.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
          });
      ServletInputStream in = req.getInputStream();
      // Grown as bytes arrive, not allocated by the declared length: thousands of stalled
      // senders each declaring a megabyte must not make the bot hold gigabytes.
      ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(length, 8192));
      byte[] chunk = new byte[Math.min(length, 8192) + 1];
      in.setReadListener(
          new ReadListener() {
            @Override
            public void onDataAvailable() throws IOException {
              while (in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                  return;
                }
                body.write(chunk, 0, Math.min(n, length - body.size()));
              }
            }

            @Override
            public void onAllDataRead() throws IOException {
              if (!finished.compareAndSet(false, true)) {
                return; // answered 408 already
              }
              try {
                if (body.size() < length) {
                  refuse(resp, 400, "the body is shorter than its Content-Length");
                } else {
                  serve(req, resp, body.toByteArray(), signed);
                }
              } finally {
                async.complete();
              }
            }

            @Override
            public void onError(Throwable t) {
              if (finished.compareAndSet(false, true)) {
                log.info("a Slack request's body could not be read: {}", t.toString());
                async.complete();
              }
            }
          });
    }

    private void serve(
        HttpServletRequest req, HttpServletResponse resp, byte[] body, boolean signed)
        throws IOException {
      if (signed
          && !SlackSignatures.matches(
              signingSecret,
              req.getHeader("X-Slack-Request-Timestamp"),
              body,
              req.getHeader("X-Slack-Signature"))) {
        log.info("refused a Slack request with an invalid signature");
        refuse(resp, 401, "invalid request");
        return;
      }
      Request<?> slackRequest;
      try {
        String text = new String(body, StandardCharsets.UTF_8);
        RequestHeaders headers = new RequestHeaders(ServletAdapterOps.toHeaderMap(req));
        Map<String, java.util.List<String>> query = QueryStringParser.toMap(req.getQueryString());
        // Clicks with one shared Gson (Bolt builds one per click); the rest as Bolt reads them.
        slackRequest = BlockActions.parse(text, headers, query, req.getRemoteAddr(), app.config());
        if (slackRequest == null) {
          slackRequest =
              parser.parse(
                  SlackRequestParser.HttpRequest.builder()
                      .requestUri(req.getRequestURI())
                      .queryString(query)
                      .headers(headers)
                      .requestBody(text)
                      .remoteAddress(req.getRemoteAddr())
                      .build());
        }
      } catch (RuntimeException e) {
        log.info("refused a Slack request Bolt could not read: {}", e.getClass().getSimpleName());
        refuse(resp, 400, "malformed request");
        return;
      }
      if (slackRequest == null) {
        refuse(resp, 400, "malformed request");
        return;
      }
      Response answer;
      try {
        answer = app.run(slackRequest);
      } catch (Exception e) {
        log.error("a Slack request failed: {}", e.getMessage(), e);
        refuse(resp, 500, "Something is wrong");
        return;
      }
      ServletAdapterOps.writeResponse(resp, answer);
    }

    private static void refuse(HttpServletResponse resp, int status, String error)
        throws IOException {
      resp.setStatus(status);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"error\":\"" + error + "\"}");
    }
  }

  /**
   * Bolt reads a body by its shape, whatever its content type says; Slack sends events (and URL
   * verifications) as JSON and everything else form-encoded. A signed body labelled the other way
   * is not Slack's: 415. Socket Mode has no content type and is not checked.
   */
  static final class BodyMatchesContentType implements Middleware {
    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
      String type =
          req.getHeaders() == null ? null : req.getHeaders().getFirstValue("Content-Type");
      if (type == null) {
        return chain.next(req);
      }
      boolean json = type.strip().toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
      boolean jsonShaped =
          req.getRequestType() == RequestType.Event
              || req.getRequestType() == RequestType.UrlVerification;
      if (json != jsonShaped) {
        return Response.builder()
            .statusCode(415)
            .contentType("application/json")
            .body("{\"error\":\"the body does not match its content type\"}")
            .build();
      }
      return chain.next(req);
    }
  }

  /**
   * Slack sends interactions and commands form-encoded and events as JSON, in UTF-8 (with or
   * without a charset parameter).
   */
  static boolean isSlackContentType(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (!type.equals("application/x-www-form-urlencoded") && !type.equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].strip().equalsIgnoreCase("charset")
          && (parameter.length < 2
              || !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  /** Answers every Slack request with 503 and what to configure. */
  static final class NotConfiguredServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(503);
      resp.setContentType("application/json");
      resp.getWriter()
          .write(
              "{\"error\":\"Slack is not configured: set helmgate.slack.signing-secret and"
                  + " helmgate.slack.bot-token\"}");
    }
  }
}
