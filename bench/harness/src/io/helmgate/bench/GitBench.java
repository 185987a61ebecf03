package io.helmgate.bench;

import io.helmgate.bot.git.GitProperties;
import io.helmgate.bot.git.GitValuesRepository;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmarks 2 and 3 on a generated values repository ({@code bench/gen-values-repo.sh}).
 *
 * <p>Promotion vs git: "approved → commit pushed" for one promotion through Helmgate's values
 * repository adapter ({@link GitValuesRepository}: read the file at the head, edit image.tag,
 * commit with two trailers; {@code commit} returns once the push landed) beside {@code
 * bench/cli-promote.sh} doing the same with the git CLI on a warm clone (fetch, reset --hard, edit,
 * {@code commit -a} with two trailers, push). Both push to one local bare remote (a fresh copy of
 * the generated one), in alternating blocks after a warm-up of each.
 *
 * <p>Concurrent promotions: {@code --concurrent} threads each promote a different environment at
 * once through the adapter, {@code --rounds} times. Every commit must land on the remote, each file
 * must hold its new value, and {@code git fsck --strict} must be clean.
 */
public final class GitBench {

  private static final List<Trailer> TRAILERS =
      List.of(
          new Trailer(Trailer.REQUESTED_BY, "Dev Eloper U0DEV"),
          new Trailer(Trailer.APPROVED_BY, "Ops Person U0OPS"));

  public static void main(String[] argv) throws Exception {
    Logs.quiet();
    Args args = new Args(argv);
    Path pristine = Path.of(args.require("repo")).toAbsolutePath();
    Path work = Path.of(args.get("work", "bench/target/git")).toAbsolutePath();
    Path cliScript = Path.of(args.get("cli-script", "bench/cli-promote.sh")).toAbsolutePath();
    int blocks = args.integer("blocks", 6);
    int perBlock = args.integer("per-block", 10);
    int warmup = args.integer("warmup", 10);
    int concurrent = args.integer("concurrent", 50);
    int rounds = args.integer("rounds", 5);
    boolean readInside = Boolean.parseBoolean(args.get("concurrent-read", "false"));
    Duration fetchInterval = Duration.parse("PT" + args.get("fetch-interval", "0s").toUpperCase());

    delete(work);
    Files.createDirectories(work);
    Path remote = work.resolve("remote.git");
    run(List.of("cp", "-a", pristine.toString(), remote.toString()));
    Path cli = work.resolve("cli");
    Fixtures.git(null, "clone", "-q", remote.toString(), cli.toString());
    Fixtures.git(cli, "config", "user.name", "Bench CLI");
    Fixtures.git(cli, "config", "user.email", "cli@bench.invalid");

    long commits = Long.parseLong(Fixtures.git(remote, "rev-list", "--count", "main"));
    long packKb =
        Long.parseLong(
            run(List.of("du", "-sk", remote.resolve("objects/pack").toString())).split("\\s+")[0]);

    GitProperties properties =
        new GitProperties(
            remote.toString(),
            "main",
            work.resolve("jgit").toString(),
            "",
            "x-access-token",
            "",
            "",
            "Helmgate Bench",
            "helmgate@bench.invalid",
            "config/example-values",
            5,
            Duration.ofHours(1),
            fetchInterval,
            Duration.ofSeconds(30),
            io.helmgate.domain.port.TicketPattern.DEFAULT_REGEX);
    long openStart = System.nanoTime();
    try (GitValuesRepository repo = GitValuesRepository.open(properties, Clock.systemUTC())) {
      List<Target> targets = new ArrayList<>(repo.environments());
      // The first read waits for the history index the adapter builds in the background at
      // start; nothing below should share the CPU with it.
      repo.read(targets.get(0));
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      System.out.printf(
          "values repo: %d environment files, %d commits, pack %.1f MB (%s); JGit clone, listing"
              + " and history index took %.1f s; fetch-interval %s%n",
          targets.size(),
          commits,
          packKb / 1024.0,
          pristine.getFileName(),
          openSeconds,
          args.get("fetch-interval", "0s"));
      Collections.shuffle(targets, new Random(42));
      int needed = 2 * (warmup + blocks * perBlock) + rounds * concurrent;
      if (needed > targets.size()) {
        throw new IllegalArgumentException(
            "the repository has " + targets.size() + " environments; this run needs " + needed);
      }
      Iterator<Target> fresh = targets.iterator();
      int[] seq = {0};

      // ---- promotion vs git
      cliBlock(cliScript, cli, work, take(fresh, warmup), seq);
      for (Target t : take(fresh, warmup)) {
        promote(repo, t, "jgit-" + seq[0]++);
      }
      List<Long> cliNanos = new ArrayList<>();
      List<Long> jgitNanos = new ArrayList<>();
      List<Integer> attempts = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        cliNanos.addAll(cliBlock(cliScript, cli, work, take(fresh, perBlock), seq));
        for (Target t : take(fresh, perBlock)) {
          long t0 = System.nanoTime();
          CommitOutcome.Committed done = promote(repo, t, "jgit-" + seq[0]++);
          jgitNanos.add(System.nanoTime() - t0);
          attempts.add(done.pushAttempts());
        }
      }
      Stats cliStats = new Stats(cliNanos.stream().mapToLong(Long::longValue).toArray());
      Stats jgitStats = new Stats(jgitNanos.stream().mapToLong(Long::longValue).toArray());
      System.out.println();
      System.out.printf(
          "#### Promotion, approved → commit pushed, ms (%d each, in %d alternating blocks)%n",
          blocks * perBlock, blocks);
      System.out.println();
      System.out.println("| approach | n | median | p90 | min | max | × CLI median |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
      promotionRow("git CLI, warm clone (bench/cli-promote.sh)", cliStats, cliStats);
      promotionRow("Helmgate adapter (JGit)", jgitStats, cliStats);
      System.out.println();
      System.out.printf(
          "| check | target | measured |%n| --- | --- | --- |%n"
              + "| Helmgate median / CLI median | ≤ 0.50× | %s |%n"
              + "| Helmgate p90 / CLI p90 | - | %s |%n",
          Stats.ratio(jgitStats.ms(50) / cliStats.ms(50)),
          Stats.ratio(jgitStats.ms(90) / cliStats.ms(90)));
      System.out.printf(
          "(Helmgate pushes that needed a retry: %d of %d)%n",
          attempts.stream().filter(a -> a > 1).count(), attempts.size());

      // ---- concurrent promotions
      System.out.println();
      System.out.printf(
          "#### Concurrent promotions: %d at once to different environments, %d rounds (%s)%n",
          concurrent,
          rounds,
          readInside
              ? "each reads its file and commits"
              : "files read before the clock starts, the commits race");
      System.out.println();
      System.out.println(
          "| round | wall ms | promotions/s | landed | values right | retried pushes | max push"
              + " attempts |");
      System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
      List<Double> rates = new ArrayList<>();
      boolean allLanded = true;
      ExecutorService pool = Executors.newFixedThreadPool(concurrent);
      try {
        for (int r = 1; r <= rounds; r++) {
          List<Target> batch = take(fresh, concurrent);
          String before = Fixtures.git(remote, "rev-parse", "main");
          CountDownLatch go = new CountDownLatch(1);
          List<Future<CommitOutcome.Committed>> futures = new ArrayList<>();
          List<String> tags = new ArrayList<>();
          for (Target t : batch) {
            String tag = "conc-" + r + "-" + seq[0]++;
            tags.add(tag);
            // An approval binds to the file as it was read; by default the bases are read before
            // the clock starts and the 50 commits race, as 50 approved requests executing at once.
            ValuesFile approved = readInside ? null : repo.read(t);
            futures.add(
                pool.submit(
                    () -> {
                      go.await();
                      return readInside ? promote(repo, t, tag) : commit(repo, approved, tag);
                    }));
          }
          Thread.sleep(100);
          long t0 = System.nanoTime();
          go.countDown();
          int retried = 0;
          int maxAttempts = 0;
          for (Future<CommitOutcome.Committed> f : futures) {
            CommitOutcome.Committed c = f.get();
            retried += c.pushAttempts() > 1 ? 1 : 0;
            maxAttempts = Math.max(maxAttempts, c.pushAttempts());
          }
          double wall = (System.nanoTime() - t0) / 1e9;
          long landed =
              Long.parseLong(Fixtures.git(remote, "rev-list", "--count", before + "..main"));
          int right = 0;
          for (int i = 0; i < batch.size(); i++) {
            String content = Fixtures.git(remote, "show", "main:" + batch.get(i).valuesPath());
            if (content.contains("  tag: " + tags.get(i) + "\n")) {
              right++;
            }
          }
          allLanded &= landed == concurrent && right == concurrent;
          rates.add(concurrent / wall);
          System.out.printf(
              "| %d | %s | %s | %d | %d | %d | %d |%n",
              r,
              Stats.f(wall * 1000),
              Stats.f(concurrent / wall),
              landed,
              right,
              retried,
              maxAttempts);
        }
      } finally {
        pool.shutdownNow();
      }
      String fsckRemote = fsck(remote);
      String fsckClone = fsck(work.resolve("jgit"));
      System.out.println();
      System.out.printf(
          "| check | target | measured |%n| --- | --- | --- |%n"
              + "| promotions/s, median of rounds | ≥ 100/s | %s/s |%n"
              + "| every commit landed, every value right | all | %s |%n"
              + "| `git fsck --strict` remote / Helmgate's clone | clean | %s / %s |%n",
          Stats.f(AckBench.median(rates)), allLanded ? "all" : "NO", fsckRemote, fsckClone);
    }
  }

  private static CommitOutcome.Committed promote(GitValuesRepository repo, Target t, String tag) {
    return commit(repo, repo.read(t), tag);
  }

  private static CommitOutcome.Committed commit(
      GitValuesRepository repo, ValuesFile file, String tag) {
    Target t = file.target();
    String next = file.content().replaceFirst("(?m)^  tag: .*$", "  tag: " + tag);
    CommitOutcome outcome =
        repo.commit(
            new ValuesCommit(
                t,
                file.lastChangeCommit(),
                next,
                "Promote " + t.valuesPath() + " image.tag to " + tag,
                TRAILERS));
    if (outcome instanceof CommitOutcome.Committed committed) {
      return committed;
    }
    throw new IllegalStateException("promotion of " + t + " was not committed: " + outcome);
  }

  /** Runs the CLI script over these targets; the nanoseconds of each promotion. */
  private static List<Long> cliBlock(
      Path script, Path clone, Path work, List<Target> targets, int[] seq) throws Exception {
    Path paths = work.resolve("cli-paths.txt");
    Files.write(paths, targets.stream().map(Target::valuesPath).toList());
    String out =
        run(
            List.of(
                "bash",
                script.toString(),
                clone.toString(),
                paths.toString(),
                Integer.toString(seq[0])));
    seq[0] += targets.size();
    List<Long> nanos = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nanos.add(Long.parseLong(line.trim()) * 1000);
      }
    }
    if (nanos.size() != targets.size()) {
      throw new IllegalStateException("the CLI script printed " + out);
    }
    return nanos;
  }

  private static void promotionRow(String name, Stats s, Stats cli) {
    System.out.printf(
        "| %s | %d | %s | %s | %s | %s | %s |%n",
        name,
        s.count(),
        Stats.f(s.ms(50)),
        Stats.f(s.ms(90)),
        Stats.f(s.minMs()),
        Stats.f(s.maxMs()),
        Stats.ratio(s.ms(50) / cli.ms(50)));
  }

  private static String fsck(Path repo) {
    try {
      Fixtures.git(repo, "fsck", "--strict", "--no-progress");
      return "clean";
    } catch (Exception e) {
      System.out.println("fsck of " + repo + ": " + e.getMessage());
      return "NOT CLEAN";
    }
  }

  private static List<Target> take(Iterator<Target> it, int n) {
    List<Target> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(it.next());
    }
    return out;
  }

  static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
