package io.helmgate.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Benchmark 6 (issue #16): approval click → sync request sent to Argo CD, through the whole bot.
 *
 * <p>The bot jar runs as in production ({@code java -jar}, the servers' JVM flags) on a copy of the
 * generated values repository (a local bare remote), against {@link SyncSlack} and {@link
 * ArgoStub}. One request at a time: U0ALICE types {@code /deploy <customer>/<product> prod
 * image.tag=<unique> reason=CHG-<n>} (prod needs one approval); once its message is posted and the
 * command answered, U0BOB clicks Approve (a signed {@code block_actions} payload). The clock starts
 * just before the click is written and stops when the Argo CD stub receives the sync POST carrying
 * the request's id; then the harness waits until the request's message shows its ending, so the
 * next request starts on a quiet bot. Each request edits a different {@code prod/values.yaml}.
 */
public final class SyncBench {

  static final String SECRET = AckBench.SECRET;
  private static final Set<String> ENDINGS =
      Set.of("succeeded", "failed", "stale", "rejected", "cancelled", "expired");

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path botJar = Path.of(args.require("bot-jar"));
    Path pristine = Path.of(args.require("repo")).toAbsolutePath();
    Path work = Path.of(args.get("work", "bench/target/sync")).toAbsolutePath();
    int requests = args.integer("requests", 50);
    int warmup = args.integer("warmup", 5);
    long slackLatency = args.integer("slack-latency", 0);
    List<String> jvm =
        AckBench.split(args.get("jvm-opts", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m"));
    List<String> extraBotArgs = AckBench.split(args.get("bot-args", ""));
    boolean verbose = Boolean.parseBoolean(args.get("verbose", "false"));

    GitBench.delete(work);
    Files.createDirectories(work);
    Path remote = work.resolve("remote.git");
    Fixtures.git(null, "clone", "-q", "--bare", pristine.toString(), remote.toString());
    List<String> targets = new ArrayList<>();
    for (String file : Fixtures.git(remote, "ls-tree", "-r", "--name-only", "main").split("\n")) {
      if (file.endsWith("/prod/values.yaml")) {
        targets.add(file.substring(0, file.length() - "/prod/values.yaml".length()));
      }
    }
    long files = Fixtures.git(remote, "ls-tree", "-r", "--name-only", "main").lines().count();
    long commits = Long.parseLong(Fixtures.git(remote, "rev-list", "--count", "main"));
    if (warmup + requests > targets.size()) {
      throw new IllegalArgumentException(
          "the repository has "
              + targets.size()
              + " prod environments; this run needs "
              + (warmup + requests));
    }
    Collections.shuffle(targets, new Random(16));
    System.out.printf(
        "sync: values repo %d files, %d commits (%s); %d requests after %d warm-up, one at a"
            + " time; Slack API latency %d ms; JVM %s%n",
        files, commits, pristine.getFileName(), requests, warmup, slackLatency, jvm);

    try (SyncSlack slack = new SyncSlack(slackLatency);
        ArgoStub argo = new ArgoStub()) {
      List<String> botArgs = new ArrayList<>();
      botArgs.add("--helmgate.slack.signing-secret=" + SECRET);
      botArgs.add("--helmgate.slack.bot-token=xoxb-fake");
      botArgs.add("--helmgate.slack.api-url=" + slack.apiUrl());
      botArgs.add("--helmgate.policy.roles.OPS=S0OPS");
      botArgs.add(
          "--spring.datasource.url=jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
              + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
      botArgs.add("--helmgate.git.url=" + remote.toUri());
      botArgs.add("--helmgate.git.workdir=" + work.resolve("bot").resolve("values"));
      botArgs.add("--helmgate.argocd.url=" + argo.url());
      botArgs.add("--helmgate.argocd.token=" + ArgoStub.TOKEN);
      botArgs.addAll(extraBotArgs);
      try (ServerProcess bot =
          ServerProcess.start("bot", botJar, jvm, botArgs, work.resolve("bot"))) {
        double ready = bot.awaitReady(900);
        System.out.printf(
            "bot ready after %s s (clone of the values repo included); log %s%n",
            Stats.f(ready), work.resolve("bot/server.log"));
        Clicker clicker = new Clicker(bot.port, slack.baseUrl());
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < warmup + requests; i++) {
          Result r = one(clicker, slack, argo, targets.get(i), i);
          if (verbose && r.toSync >= 0) {
            r.slackCalls.forEach(
                c ->
                    System.out.printf(
                        "  +%s ms %s %s%n", ms(c.nanos() - r.t0), c.method(), c.text()));
          }
          if (verbose || r.problem != null) {
            System.out.println(
                (i < warmup ? "(warm-up) " : "")
                    + r.target
                    + " "
                    + r.id
                    + ": "
                    + (r.problem != null ? r.problem : "sync after " + ms(r.toSync) + " ms"));
          }
          if (i >= warmup) {
            results.add(r);
          }
        }
        print(results, argo, warmup);
      }
    }
  }

  /** One request's figures, in nanoseconds from the moment the click was written (-1: none). */
  static final class Result {
    final String target;
    String id = "-";
    String problem;
    long t0;
    long toAck = -1;
    long toFirstArgo = -1;
    long toWindows = -1;
    long toStartSync = -1;
    long toSync = -1;
    long toEnd = -1;
    String ending = "-";
    List<SyncSlack.ApiCall> slackCalls = List.of();

    Result(String target) {
      this.target = target;
    }
  }

  private static Result one(Clicker clicker, SyncSlack slack, ArgoStub argo, String app, int n)
      throws Exception {
    String target = app + " prod";
    Result r = new Result(target);
    String cmdTag = "cmd-" + n;
    int status =
        clicker.send(
            clicker.command(
                app + " prod image.tag=2.0." + n + " reason=CHG-" + (1000 + n), cmdTag));
    if (status != 200) {
      r.problem = "/deploy answered HTTP " + status;
      return r;
    }
    // Posted, and the command answered: the bot answers after it stored where the message is.
    if (!await(() -> slack.answer(cmdTag) != null, 120)) {
      r.problem = "the /deploy was not answered within 120 s";
      return r;
    }
    // The request's message goes out through the bot's outbox, paced per channel like Slack: it
    // may arrive after the command's answer.
    await(() -> slack.posted(target) != null, 60);
    SyncSlack.Posted posted = slack.posted(target);
    if (posted == null) {
      r.problem = "no request was posted; the bot answered: " + brief(slack.answer(cmdTag));
      return r;
    }
    r.id = posted.requestId();
    byte[] click = clicker.click(posted, "click-" + n);
    long t0 = System.nanoTime();
    r.t0 = t0;
    int clickStatus = clicker.send(click);
    r.toAck = System.nanoTime() - t0;
    if (clickStatus != 200) {
      r.problem = "the click answered HTTP " + clickStatus;
      return r;
    }
    String id = r.id;
    boolean synced = await(() -> argo.sync(id) != null, 120);
    if (synced) {
      r.toSync = argo.sync(id).nanos() - t0;
      r.slackCalls = slack.calls(t0, argo.sync(id).nanos());
    }
    boolean ended = await(() -> ENDINGS.contains(String.valueOf(slack.state(id))), 120);
    r.ending = String.valueOf(slack.state(id));
    if (ended) {
      r.toEnd = slack.stateAt(id) - t0;
    }
    phases(r, argo.calls(app.replace('/', '-') + "-prod"), t0);
    if (!synced) {
      r.problem =
          "no sync POST within 120 s; the message shows "
              + r.ending
              + "; the click's answer: "
              + brief(slack.answer("click-" + n));
    } else if (!ended) {
      r.problem = "synced, but the message did not show an ending within 120 s";
    }
    return r;
  }

  /**
   * Where the time went, from the Argo CD calls of the request's app: the first (argo-preflight's
   * GET) ends "approval, re-check, verify-base, pre-flights"; the first GET after the sync windows
   * (start-sync's look) ends "commit and push"; the POST ends start-sync's two GETs.
   */
  private static void phases(Result r, List<ArgoStub.Call> calls, long t0) {
    boolean windowsSeen = false;
    for (ArgoStub.Call c : calls) {
      if (c.nanos() < t0) {
        continue;
      }
      if (r.toFirstArgo < 0) {
        r.toFirstArgo = c.nanos() - t0;
      }
      if (c.what().equals("GET syncwindows")) {
        windowsSeen = true;
        if (r.toWindows < 0) {
          r.toWindows = c.nanos() - t0;
        }
      } else if (windowsSeen && r.toStartSync < 0 && c.what().equals("GET application")) {
        r.toStartSync = c.nanos() - t0;
      }
    }
  }

  private static void print(List<Result> results, ArgoStub argo, int warmup) {
    long succeeded = results.stream().filter(r -> r.ending.equals("succeeded")).count();
    long synced = results.stream().filter(r -> r.toSync >= 0).count();
    Stats toSync = stats(results, r -> r.toSync);
    System.out.println();
    System.out.println(
        "#### Approval to sync, ms (one request at a time, each to a different prod values file;"
            + " the clock starts when the Approve click is written)");
    System.out.println();
    System.out.println("| from the click to | n | p50 | p90 | p99 | max |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    row("the click's ack (HTTP 200)", stats(results, r -> r.toAck));
    row(
        "Argo CD's first call (argo-preflight: GET application)",
        stats(results, r -> r.toFirstArgo));
    row("argo-preflight's GET syncwindows", stats(results, r -> r.toWindows));
    row("start-sync's first GET (after commit + push)", stats(results, r -> r.toStartSync));
    row("**the sync POST** (start-sync)", toSync);
    row("the message shows its ending (await-deployed, done)", stats(results, r -> r.toEnd));
    System.out.println();
    System.out.println("| check | target | measured |");
    Stats calls =
        new Stats(
            results.stream()
                .filter(r -> r.toSync >= 0)
                .mapToLong(r -> r.slackCalls.size())
                .toArray());
    System.out.println("| --- | --- | --- |");
    System.out.printf(
        "| approval click → sync request sent, p99 | ≤ 500 ms | %s ms |%n", Stats.f(toSync.ms(99)));
    System.out.printf(
        "| approval click → sync request sent, p50 | - | %s ms |%n", Stats.f(toSync.ms(50)));
    System.out.printf(
        "| Slack Web API calls made between the click and the sync POST, median | - | %d |%n",
        calls.count() == 0 ? 0 : calls.sorted[calls.count() / 2]);
    System.out.printf(
        "| requests synced / ended Succeeded | all %d | %d / %d |%n",
        results.size(), synced, succeeded);
    double a = stats(results, r -> r.toFirstArgo).ms(50);
    double b = stats(results, r -> r.toStartSync).ms(50);
    System.out.printf(
        "(medians, ms: click → first Argo CD call %s, → start-sync %s, → sync POST %s; sync POSTs"
            + " received %d, %d of them in the %d warm-up requests)%n",
        Stats.f(a),
        Stats.f(b),
        Stats.f(toSync.ms(50)),
        argo.syncCount(),
        argo.syncCount() - synced,
        warmup);
    results.stream()
        .filter(r -> !r.ending.equals("succeeded"))
        .forEach(
            r ->
                System.out.println(
                    "(not succeeded: " + r.target + " " + r.id + " " + r.ending + ")"));
  }

  private static void row(String what, Stats s) {
    System.out.printf(
        "| %s | %d | %s | %s | %s | %s |%n",
        what,
        s.count(),
        Stats.f(s.ms(50)),
        Stats.f(s.ms(90)),
        Stats.f(s.ms(99)),
        Stats.f(s.maxMs()));
  }

  private static Stats stats(List<Result> results, java.util.function.ToLongFunction<Result> f) {
    return new Stats(results.stream().mapToLong(f).filter(v -> v >= 0).toArray());
  }

  private static String ms(long nanos) {
    return Stats.f(nanos / 1e6);
  }

  private static String brief(String s) {
    if (s == null) {
      return "(nothing)";
    }
    String text = java.net.URLDecoder.decode(s, StandardCharsets.UTF_8).replace('\n', ' ');
    return text.substring(0, Math.min(300, text.length()));
  }

  private static boolean await(BooleanSupplier done, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /** Signed Slack requests to the bot, sent one at a time on a keep-alive connection. */
  private static final class Clicker {
    private final URI events;
    private final String responseBase;
    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Mac mac;
    private byte[] lastBody;
    private long lastTs;
    private String lastSignature;

    Clicker(int port, String responseBase) throws Exception {
      this.events = URI.create("http://127.0.0.1:" + port + "/slack/events");
      this.responseBase = responseBase;
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    byte[] command(String text, String tag) {
      return sign(
          "token=legacy-verification-token-unused&team_id=T0TEAM&team_domain=acme"
              + "&channel_id=C0OPS&channel_name=ops&user_id=U0ALICE&user_name=alice"
              + "&command=%2Fdeploy&text="
              + enc(text)
              + "&api_app_id=A0HELMGATE&is_enterprise_install=false&response_url="
              + enc(responseBase + "/respond/" + tag)
              + "&trigger_id="
              + enc("1337.42." + tag));
    }

    /** U0BOB clicks Approve on the request's message. */
    byte[] click(SyncSlack.Posted posted, String tag) {
      String payload =
          ("{\"type\":\"block_actions\",\"user\":{\"id\":\"U0BOB\",\"username\":\"bob\","
               + "\"name\":\"bob\",\"team_id\":\"T0TEAM\"},\"api_app_id\":\"A0HELMGATE\","
               + "\"token\":\"legacy\",\"team\":{\"id\":\"T0TEAM\",\"domain\":\"acme\"},"
               + "\"container\":{\"type\":\"message\",\"message_ts\":\"%s\","
               + "\"channel_id\":\"%s\",\"is_ephemeral\":false},\"trigger_id\":\"1337.43.%s\","
               + "\"channel\":{\"id\":\"%s\",\"name\":\"ops\"},\"message\":{\"type\":\"message\","
               + "\"ts\":\"%s\",\"text\":\"request\"},\"response_url\":\"%s\","
               + "\"actions\":[{\"action_id\":\"helmgate-approve\",\"block_id\":\"actions\","
               + "\"type\":\"button\",\"value\":\"%s\",\"action_ts\":\"%d.000200\"}]}")
              .formatted(
                  posted.ts(),
                  posted.channel(),
                  tag,
                  posted.channel(),
                  posted.ts(),
                  responseBase + "/respond/" + tag,
                  posted.requestId(),
                  Instant.now().getEpochSecond());
      return sign("payload=" + enc(payload));
    }

    /** Signs before any clock starts; {@link #send} sends what was signed last. */
    private byte[] sign(String body) {
      lastBody = body.getBytes(StandardCharsets.UTF_8);
      lastTs = Instant.now().getEpochSecond();
      mac.update(("v0:" + lastTs + ":").getBytes(StandardCharsets.UTF_8));
      lastSignature = "v0=" + HexFormat.of().formatHex(mac.doFinal(lastBody));
      return lastBody;
    }

    int send(byte[] body) throws Exception {
      if (!Arrays.equals(body, lastBody)) {
        throw new IllegalStateException("send what was signed last");
      }
      HttpRequest request =
          HttpRequest.newBuilder(events)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Slack-Request-Timestamp", Long.toString(lastTs))
              .header("X-Slack-Signature", lastSignature)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
