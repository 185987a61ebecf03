package io.helmgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmarks 1 and 5: acknowledgement latency of signed Slack requests, and start-up time and
 * resident memory, of the Helmgate bot and of a bare Bolt app whose handlers only ack (the floor),
 * side by side in one run against one Slack stub.
 *
 * <p>Start-up: {@code --starts} fresh launches of each, alternating, from launch to readiness UP.
 * Then one instance of each runs; both idle for 5 s (idle RSS), are warmed up, and get the load at
 * each level of {@code --clients}: the floor first, then the bot, each for {@code --seconds}; after
 * each bot phase the harness waits until the bot's work after the acks has answered every
 * response_url, so that the next phase starts on a quiet bot.
 */
public final class AckBench {

  static final String SECRET = "bench-signing-secret-not-a-secret";

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path botJar = Path.of(args.require("bot-jar"));
    Path bareJar = Path.of(args.require("bare-jar"));
    Path work = Path.of(args.get("work", "bench/target/ack")).toAbsolutePath();
    Path seed = Path.of(args.get("seed-dir", "config/example-values")).toAbsolutePath();
    double seconds = args.decimal("seconds", 10);
    double warmup = args.decimal("warmup", 15);
    int starts = args.integer("starts", 3);
    int[] levels =
        Arrays.stream(args.get("clients", "1,10,100").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    List<String> jvm =
        split(args.get("jvm-opts", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m"));
    List<SlackLoad.Kind> kinds =
        Arrays.stream(args.get("kinds", "help,status,click").split(","))
            .map(k -> SlackLoad.Kind.valueOf(k.trim().toUpperCase(java.util.Locale.ROOT)))
            .toList();
    List<String> extraBotArgs = split(args.get("bot-args", ""));
    boolean cds = Boolean.parseBoolean(args.get("cds", "false"));

    GitBench.delete(work);
    Files.createDirectories(work);
    Path remote = Fixtures.seededRemote(seed, work.resolve("values.git"));
    System.out.printf(
        "ack+startup: %s s per level after %s s warm-up, clients %s, %d starts, JVM %s%s%n",
        seconds,
        warmup,
        Arrays.toString(levels),
        starts,
        jvm,
        cds ? " + a class-data archive each (-XX:SharedArchiveFile)" : "");

    try (SlackStub stub = new SlackStub()) {
      List<String> bareArgs =
          List.of(
              "--bare.signing-secret=" + SECRET,
              "--bare.bot-token=xoxb-fake",
              "--bare.api-url=" + stub.apiUrl());
      int[] launch = {0};
      java.util.function.Supplier<List<String>> botArgs =
          () -> {
            int n = ++launch[0];
            List<String> a = new ArrayList<>();
            a.add("--helmgate.slack.signing-secret=" + SECRET);
            a.add("--helmgate.slack.bot-token=xoxb-fake");
            a.add("--helmgate.slack.api-url=" + stub.apiUrl());
            // There is no built-in policy; the stub's Ops group by its id.
            a.add("--helmgate.policy.roles.OPS=S0OPS");
            a.add(
                "--spring.datasource.url=jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            a.add("--helmgate.git.url=" + remote.toUri());
            a.add("--helmgate.git.workdir=" + work.resolve("bot-" + n).resolve("values"));
            a.addAll(extraBotArgs);
            return a;
          };

      // ---- class-data sharing: one training run per app, the same flags for both
      List<String> bareJvm = jvm;
      List<String> botJvm = jvm;
      if (cds) {
        bareJvm = withArchive(jvm, train("bare", bareJar, jvm, bareArgs, work));
        botJvm = withArchive(jvm, train("bot", botJar, jvm, botArgs.get(), work));
      }

      // ---- start-up
      List<Double> bareStarts = new ArrayList<>();
      List<Double> botStarts = new ArrayList<>();
      for (int i = 0; i < starts; i++) {
        try (ServerProcess bare =
            ServerProcess.start(
                "bare", bareJar, bareJvm, bareArgs, work.resolve("bare-start-" + i))) {
          bareStarts.add(bare.awaitReady(120));
        }
        int n = launch[0] + 1;
        try (ServerProcess bot =
            ServerProcess.start("bot", botJar, botJvm, botArgs.get(), work.resolve("bot-" + n))) {
          botStarts.add(bot.awaitReady(120));
        }
      }

      // ---- the long-running pair
      int n = launch[0] + 1;
      try (ServerProcess bare =
              ServerProcess.start("bare", bareJar, bareJvm, bareArgs, work.resolve("bare-load"));
          ServerProcess bot =
              ServerProcess.start("bot", botJar, botJvm, botArgs.get(), work.resolve("bot-" + n))) {
        bare.awaitReady(120);
        bot.awaitReady(120);
        Thread.sleep(5000);
        double bareIdle = bare.rssMb();
        double botIdle = bot.rssMb();

        SlackLoad bareLoad = new SlackLoad(bare.port, SECRET, stub.baseUrl(), "bare", kinds);
        SlackLoad botLoad = new SlackLoad(bot.port, SECRET, stub.baseUrl(), "bot", kinds);
        double bareLoadRss = 0;
        double botLoadRss = 0;
        if (warmup > 0) {
          bareLoad.run(10, warmup);
          botLoad.run(10, warmup);
          drain(stub, botLoad);
        }
        Map<Integer, SlackLoad.Result> bareResults = new LinkedHashMap<>();
        Map<Integer, SlackLoad.Result> botResults = new LinkedHashMap<>();
        List<String> drains = new ArrayList<>();
        for (int clients : levels) {
          try (ServerProcess.RssPeak peak = bare.rssPeak()) {
            bareResults.put(clients, bareLoad.run(clients, seconds));
            bareLoadRss = Math.max(bareLoadRss, peak.peakMb());
          }
          try (ServerProcess.RssPeak peak = bot.rssPeak()) {
            botResults.put(clients, botLoad.run(clients, seconds));
            botLoadRss = Math.max(botLoadRss, peak.peakMb());
          }
          drains.add(clients + " clients: " + Stats.f(drain(stub, botLoad)) + " s");
        }

        printAck(kinds, levels, bareResults, botResults, seconds);
        System.out.println();
        System.out.println(
            "Bot's work after the acks (answers to response_urls) caught up after each level in "
                + String.join(", ", drains)
                + "; answers received "
                + stub.responses()
                + " for "
                + botLoad.acknowledged()
                + " acknowledged requests.");
        stub.sampleAnswers()
            .forEach(
                (kind, body) -> {
                  String text =
                      java.net.URLDecoder.decode(body, java.nio.charset.StandardCharsets.UTF_8);
                  System.out.println(
                      "(first answer to a "
                          + kind
                          + " request: "
                          + text.substring(0, Math.min(160, text.length())).replace('\n', ' ')
                          + "…)");
                });
        System.out.println();
        printStartup(bareStarts, botStarts, bareIdle, botIdle, bareLoadRss, botLoadRss);
      }
    }
  }

  /**
   * Class-data sharing as the Dockerfile makes it: a training run lists the classes the app loads
   * until its context is refreshed ({@code -Dspring.context.exit=onRefresh}), and a dump ({@code
   * -Xshare:dump}) stores them in an archive, both with {@code jvm}. Lambda proxies are left out
   * of the list: archiving them crashes JDK 17's dump (see the Dockerfile). Returns the archive.
   */
  static Path train(String name, Path jar, List<String> jvm, List<String> appArgs, Path work)
      throws Exception {
    Path dir = work.resolve(name + "-training").toAbsolutePath();
    Files.createDirectories(dir);
    Path list = dir.resolve("classes.lst");
    Path archive = work.resolve("cds-" + name + ".jsa").toAbsolutePath();
    long t0 = System.nanoTime();
    List<String> training = new ArrayList<>(jvm);
    training.add("-XX:DumpLoadedClassList=" + list);
    training.add("-Dspring.context.exit=onRefresh");
    int exit = ServerProcess.runToExit(name, jar, training, appArgs, dir, 300);
    if (exit != 0 || !Files.isRegularFile(list)) {
      throw new IllegalStateException(
          name + "'s training run ended with " + exit + "; see " + dir.resolve("server.log"));
    }
    Path dumpList = dir.resolve("dump.lst");
    Files.write(
        dumpList,
        Files.readAllLines(list).stream().filter(l -> !l.startsWith("@lambda-proxy")).toList());
    List<String> dump = new ArrayList<>(jvm);
    dump.add("-Xshare:dump");
    dump.add("-XX:SharedClassListFile=" + dumpList);
    dump.add("-XX:SharedArchiveFile=" + archive);
    exit = ServerProcess.runToExit(name, jar, dump, List.of(), dir.resolve("dump"), 300);
    if (exit != 0 || !Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException(
          name + "'s class-data dump ended with " + exit + "; see " + dir.resolve("dump"));
    }
    System.out.printf(
        "class-data archive for %s: %.1f MB, trained and dumped in %.1f s%n",
        name, Files.size(archive) / 1e6, (System.nanoTime() - t0) / 1e9);
    return archive;
  }

  static List<String> withArchive(List<String> jvm, Path archive) {
    List<String> with = new ArrayList<>(jvm);
    with.add("-XX:SharedArchiveFile=" + archive);
    return with;
  }

  /** Waits until the bot answered every acknowledged request; the seconds that took. */
  private static double drain(SlackStub stub, SlackLoad load) throws InterruptedException {
    long t0 = System.nanoTime();
    long last = -1;
    long lastChange = t0;
    while (stub.responses() < load.acknowledged()) {
      long now = System.nanoTime();
      long seen = stub.responses();
      if (seen != last) {
        last = seen;
        lastChange = now;
      } else if (now - lastChange > 5_000_000_000L) {
        System.out.printf(
            "(the bot stopped answering at %d of %d requests)%n", seen, load.acknowledged());
        break;
      }
      if (now - t0 > 300_000_000_000L) {
        break;
      }
      Thread.sleep(50);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String describe(SlackLoad.Kind kind) {
    return switch (kind) {
      case HELP -> "`/deploy help`";
      case STATUS -> "`/deploy status acme/payments dev`";
      case CLICK -> "an Approve click";
    };
  }

  private static void printAck(
      List<SlackLoad.Kind> kinds,
      int[] levels,
      Map<Integer, SlackLoad.Result> bare,
      Map<Integer, SlackLoad.Result> bot,
      double seconds) {
    System.out.println();
    System.out.println(
        "#### Ack latency, ms (requests in turn: "
            + kinds.stream()
                .map(AckBench::describe)
                .collect(java.util.stream.Collectors.joining(", "))
            + "; "
            + seconds
            + " s per row)");
    System.out.println();
    System.out.println("| app | clients | requests | p50 | p90 | p99 | max | req/s | non-200 |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int clients : levels) {
      row("bare Bolt (floor)", clients, bare.get(clients));
      row("Helmgate", clients, bot.get(clients));
    }
    System.out.println();
    System.out.println("| check | target | measured |");
    System.out.println("| --- | --- | --- |");
    for (int clients : levels) {
      SlackLoad.Result b = bare.get(clients);
      SlackLoad.Result h = bot.get(clients);
      System.out.printf(
          "| p99 Helmgate / floor at %d clients | %s | %s |%n",
          clients,
          clients == 10 ? "≤ 1.20×" : "-",
          Stats.ratio(h.latencies().ms(99) / b.latencies().ms(99)));
      System.out.printf(
          "| req/s Helmgate / floor at %d clients | %s | %s |%n",
          clients, clients == 100 ? "≥ 0.80×" : "-", Stats.ratio(h.perSecond() / b.perSecond()));
    }
  }

  private static void row(String app, int clients, SlackLoad.Result r) {
    Stats s = r.latencies();
    System.out.printf(
        "| %s | %d | %d | %s | %s | %s | %s | %s | %d |%n",
        app,
        clients,
        s.count(),
        Stats.f(s.ms(50)),
        Stats.f(s.ms(90)),
        Stats.f(s.ms(99)),
        Stats.f(s.maxMs()),
        Stats.f(r.perSecond()),
        r.non200());
  }

  private static void printStartup(
      List<Double> bareStarts,
      List<Double> botStarts,
      double bareIdle,
      double botIdle,
      double bareLoad,
      double botLoad) {
    double bareStart = median(bareStarts);
    double botStart = median(botStarts);
    System.out.println(
        "#### Start-up to readiness UP (median of "
            + bareStarts.size()
            + " fresh launches) and resident memory (VmRSS)");
    System.out.println();
    System.out.println("| app | start-up s | RSS idle MB | RSS peak under ack load MB |");
    System.out.println("| --- | ---: | ---: | ---: |");
    System.out.printf(
        "| bare Bolt (floor) | %s | %s | %s |%n",
        Stats.f(bareStart), Stats.f(bareIdle), Stats.f(bareLoad));
    System.out.printf(
        "| Helmgate | %s | %s | %s |%n", Stats.f(botStart), Stats.f(botIdle), Stats.f(botLoad));
    System.out.println();
    System.out.println("| check | target | measured |");
    System.out.println("| --- | --- | --- |");
    System.out.printf(
        "| start-up Helmgate / floor | ≤ 1.50× | %s |%n", Stats.ratio(botStart / bareStart));
    System.out.printf(
        "| idle RSS Helmgate / floor | ≤ 1.30× | %s |%n", Stats.ratio(botIdle / bareIdle));
    System.out.println(
        "(start-up launches, s: floor " + fmt(bareStarts) + "; Helmgate " + fmt(botStarts) + ")");
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String fmt(List<Double> values) {
    return values.stream().map(Stats::f).reduce((a, b) -> a + ", " + b).orElse("-");
  }

  static List<String> split(String s) {
    return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
  }
}
