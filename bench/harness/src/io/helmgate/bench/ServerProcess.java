package io.helmgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, started as its own JVM ({@code java <jvm options> -jar <jar> <args>}) with
 * its output in a log file: the time from launch to readiness and its resident memory.
 */
final class ServerProcess implements AutoCloseable {

  final String name;
  final int port;
  private final Process process;
  private final long launchedNanos;

  private ServerProcess(String name, int port, Process process, long launchedNanos) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.launchedNanos = launchedNanos;
  }

  static ServerProcess start(
      String name, Path jar, List<String> jvmOptions, List<String> args, Path workDir)
      throws IOException {
    Files.createDirectories(workDir);
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.add("--server.port=" + port);
    // Actuator on the same connector as the app (the bot's default is a port of its own): one
    // free port per server, and the same set-up as the bare Bolt app it is compared with.
    command.add("--management.server.port=" + port);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("server.log").toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    long t0 = System.nanoTime();
    return new ServerProcess(name, port, builder.start(), t0);
  }

  /**
   * Runs the app once to its own end (a training run), with the arguments a server gets; the exit
   * code.
   */
  static int runToExit(
      String name, Path jar, List<String> jvmOptions, List<String> args, Path workDir, int seconds)
      throws Exception {
    ServerProcess run = start(name, jar, jvmOptions, args, workDir);
    if (!run.process.waitFor(seconds, TimeUnit.SECONDS)) {
      run.process.destroyForcibly().waitFor();
      throw new IllegalStateException(name + " did not end within " + seconds + " s; see its log");
    }
    return run.process.exitValue();
  }

  /** Waits until {@code /actuator/health/readiness} answers UP; the seconds since launch. */
  double awaitReady(double timeoutSeconds) throws Exception {
    long deadline = launchedNanos + (long) (timeoutSeconds * 1e9);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before it was ready; see its log");
      }
      if (ready()) {
        return (System.nanoTime() - launchedNanos) / 1e9;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException(name + " was not ready after " + timeoutSeconds + " s");
  }

  private boolean ready() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(2000);
      s.getOutputStream()
          .write(
              ("GET /actuator/health/readiness HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return answer.startsWith("HTTP/1.1 200") && answer.contains("\"UP\"");
    } catch (IOException e) {
      return false;
    }
  }

  /** VmRSS of the JVM in MB, from /proc. */
  double rssMb() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for " + name);
  }

  /** Samples the resident memory every 100 ms while running, keeping the highest. */
  final class RssPeak implements AutoCloseable {
    private volatile double peak;
    private volatile boolean stop;
    private final Thread thread =
        new Thread(
            () -> {
              while (!stop) {
                try {
                  peak = Math.max(peak, rssMb());
                  Thread.sleep(100);
                } catch (Exception e) {
                  return;
                }
              }
            },
            "rss-" + ServerProcess.this.name);

    RssPeak() {
      thread.setDaemon(true);
      thread.start();
    }

    double peakMb() {
      return peak;
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.join();
    }
  }

  RssPeak rssPeak() {
    return new RssPeak();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
