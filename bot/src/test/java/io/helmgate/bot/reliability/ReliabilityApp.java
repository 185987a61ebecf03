package io.helmgate.bot.reliability;

import static org.awaitility.Awaitility.await;

import io.helmgate.bot.testsupport.SeededRemote;
import io.helmgate.bot.testsupport.SignedSlack;
import io.helmgate.bot.testsupport.SlackWebApi;
import io.helmgate.bot.testsupport.SwitchableDataSource;
import io.helmgate.bot.testsupport.argocd.ArgoCdStandIn;
import io.helmgate.bot.testsupport.argocd.StandInApp;
import io.helmgate.bot.testsupport.argocd.ValuesApps;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running bot for the reliability suite: Bolt over HTTP at {@code /slack/events}, a real bare
 * git remote, H2 behind a data source the tests can switch off, WireMock for the Slack Web API, and
 * the stateful Argo CD stand-in whose repository is that remote. Every test class of the suite
 * extends this one and declares nothing that changes the configuration, so they all share one
 * application context (and one set of servers): each test works on its own targets and resets what
 * it stubbed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ReliabilityApp.Faults.class)
abstract class ReliabilityApp {

  static final String SECRET = "reliability-signing-secret-not-a-secret";

  /** ArgoCD's client gives up on one call after this; faults are made longer than it. */
  static final Duration ARGO_TIMEOUT = Duration.ofSeconds(2);

  static final SlackWebApi slack = new SlackWebApi();
  static final ArgoCdStandIn argo = ArgoCdStandIn.start();
  static Path work;
  static ValuesApps apps;
  static Path remote;
  private static final AtomicInteger TAGS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired RequestStore requests;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired io.helmgate.bot.slack.outbox.OutboxSender outbox;

  @Autowired
  @Qualifier("helmgateWork")
  ExecutorService workPool;

  @Autowired
  @Qualifier("helmgateAnswers")
  ExecutorService answersPool;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    slack.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  slack.stop();
                  argo.close();
                }));
    work = Files.createDirectories(Path.of("target/reliability", UUID.randomUUID().toString()));
    remote = SeededRemote.create(work.resolve("values.git"), Path.of("../config/example-values"));
    apps = ValuesApps.over(argo, remote, "payments");
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:reliability;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    registry.add("helmgate.slack.signing-secret", () -> SECRET);
    registry.add("helmgate.slack.bot-token", () -> "xoxb-fake");
    registry.add("helmgate.slack.api-url", slack::apiUrl);
    // Every test's messages go to C0OPS: Slack's one-per-second pace would only slow the suite.
    registry.add("helmgate.slack.outbox.channel-interval", () -> "10ms");
    registry.add("helmgate.slack.outbox.poll-interval", () -> "100ms");
    registry.add("helmgate.git.url", () -> ValuesApps.url(remote));
    registry.add("helmgate.git.workdir", () -> work.resolve("clone").toString());
    registry.add("helmgate.resume-check-interval", () -> "2s");
    registry.add("helmgate.git.fetch-interval", () -> "0s");
    registry.add("helmgate.argocd.url", argo::url);
    registry.add("helmgate.argocd.token", argo::token);
    registry.add("helmgate.argocd.project", () -> "payments");
    registry.add("helmgate.argocd.poll-interval", () -> "100ms");
    registry.add("helmgate.argocd.request-timeout", () -> ARGO_TIMEOUT.toMillis() + "ms");
    registry.add("helmgate.argocd.sync-timeout", () -> "30s");
    registry.add("helmgate.argocd.busy-timeout", () -> "5s");
    registry.add("helmgate.argocd.settle-timeout", () -> "10s");
    // A passing fault is retried with backoff until this: short, so that a test of a fault that
    // does not pass ends in seconds.
    registry.add("helmgate.execution.retry.initial", () -> "100ms");
    registry.add("helmgate.execution.retry.max", () -> "500ms");
    registry.add("helmgate.execution.retry.give-up-after", () -> "6s");
  }

  /** Wraps the application's data source so that tests can take the database away. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Faults {
    @Bean
    static BeanPostProcessor switchableDataSource() {
      return SwitchableDataSource.wrapping();
    }
  }

  @BeforeEach
  void freshStubs() {
    argo.recover();
    slack.onEveryRequest(r -> {});
    database().comeBack();
  }

  @AfterEach
  void putThingsBackAndLetWorkFinish() throws Exception {
    slack.onEveryRequest(r -> {});
    database().comeBack();
    // A request's last thread line is posted after its state is stored: let it land here, not
    // in the next test's counts.
    awaitWorkDone();
  }

  /** Waits until Helmgate's pools (executions, answers) and the Slack outbox are idle. */
  void awaitWorkDone() throws Exception {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) workPool;
    ThreadPoolExecutor answers = (ThreadPoolExecutor) answersPool;
    for (int round = 0; round < 2; round++) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  pool.getActiveCount() == 0
                      && pool.getQueue().isEmpty()
                      && answers.getActiveCount() == 0
                      && answers.getQueue().isEmpty());
    }
    // Messages Slack has not taken yet (paced, or waiting out a 429) land here too; a test that
    // left Slack refusing is not held up past this.
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> outbox.undelivered() == 0);
    } catch (org.awaitility.core.ConditionTimeoutException stillQueued) {
      // the next test's counts are its own: they filter by request id
    }
  }

  /** The Argo CD Application of {@code target} (e.g. "acme/payments dev"), deployed at head. */
  static StandInApp argoApp(String target) {
    return apps.app(target);
  }

  /** How many sync requests for {@code app} carried the marker of request {@code id}. */
  static long syncRequestsOf(String app, RequestId id) {
    return argo.syncRequests(app).stream()
        .filter(body -> body.path("infos").toString().contains("\"" + id + "\""))
        .count();
  }

  SignedSlack signed() {
    return new SignedSlack(port, SECRET, slack.baseUrl());
  }

  SwitchableDataSource database() {
    return (SwitchableDataSource) dataSource;
  }

  /** A response_url tag no other test uses. */
  static String tag(String what) {
    return what + "-" + TAGS.incrementAndGet();
  }

  /** The request a command opened, read from the command's ephemeral answer. */
  RequestId openedBy(String tag) {
    String answer = slack.answerTo(tag);
    Matcher m = Pattern.compile("R-(\\d+)").matcher(answer);
    if (!m.find()) {
      throw new AssertionError("the answer to " + tag + " names no request: " + answer);
    }
    return new RequestId(Long.parseLong(m.group(1)));
  }

  /** Waits until the request reaches a terminal state, and returns it. */
  Request awaitEnd(RequestId id) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> requests.find(id).map(r -> r.state().isTerminal()).orElse(false));
    return requests.find(id).orElseThrow();
  }

  Request awaitState(RequestId id, RequestState state) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> requests.find(id).map(Request::state).orElse(null) == state);
    return requests.find(id).orElseThrow();
  }

  int requestRows() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM requests", Integer.class);
  }

  int auditRows() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Integer.class);
  }

  static String head() {
    try {
      return SeededRemote.head(remote).getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many commits main has gained since {@code base}. */
  static int commitsSince(String base) {
    try {
      List<RevCommit> log = SeededRemote.log(remote);
      int n = 0;
      for (RevCommit c : log) {
        if (c.getName().equals(base)) {
          return n;
        }
        n++;
      }
      throw new AssertionError(base + " is no longer on main");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one commit of a request. */
  static String commitOf(RequestId id) {
    try {
      List<RevCommit> commits = SeededRemote.commitsOf(remote, id.toString());
      if (commits.size() != 1) {
        throw new AssertionError(id + " has " + commits.size() + " commits, not one");
      }
      return commits.get(0).getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest commit that changed the values file of {@code target}, e.g. "acme/payments dev". */
  static String lastChangeOf(String target) {
    try {
      return SeededRemote.lastChange(remote, target.replace(' ', '/') + "/values.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int commitsOf(RequestId id) {
    try {
      return SeededRemote.commitsOf(remote, id.toString()).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
