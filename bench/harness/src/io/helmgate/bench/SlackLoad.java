package io.helmgate.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A closed-loop load generator for Slack's HTTP requests: {@code clients} threads, each on its own
 * keep-alive connection, send signed requests one after the other for a given time. Each request is
 * signed (and unique, so no replay guard refuses it) before its clock starts; the clock stops when
 * the whole response is read. Plain sockets rather than an HTTP client library, so that the load
 * generator costs as little CPU as it can on the cores it shares with the servers.
 */
final class SlackLoad {

  /** What one phase measured. */
  record Result(Stats latencies, long non200, double seconds) {
    double perSecond() {
      return latencies.count() / seconds;
    }
  }

  /** The kinds of request sent, in turn. */
  enum Kind {
    HELP,
    STATUS,
    CLICK
  }

  private final int port;
  private final String secret;
  private final String responseBase;
  private final String tagPrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final ThreadLocal<Mac> macs;
  private final java.util.List<Kind> kinds;

  SlackLoad(
      int port, String secret, String responseBase, String tagPrefix, java.util.List<Kind> kinds) {
    this.kinds = java.util.List.copyOf(kinds);
    this.port = port;
    this.secret = secret;
    this.responseBase = responseBase;
    this.tagPrefix = tagPrefix;
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /** Requests answered 200 so far, over all phases. */
  long acknowledged() {
    return ok.get();
  }

  Result run(int clients, double seconds) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    long[][] samples = new long[clients][];
    int[] counts = new int[clients];
    long[] errors = new long[clients];
    Thread[] threads = new Thread[clients];
    long[] window = new long[2];
    long durationNanos = (long) (seconds * 1e9);
    for (int c = 0; c < clients; c++) {
      int me = c;
      threads[c] =
          new Thread(
              () -> {
                long[] mine = new long[4096];
                int n = 0;
                try (Connection conn = new Connection()) {
                  start.await();
                  long deadline = window[0] + durationNanos;
                  while (System.nanoTime() < deadline) {
                    byte[] request = nextRequest();
                    long t0 = System.nanoTime();
                    int status = conn.exchange(request);
                    long took = System.nanoTime() - t0;
                    if (status == 200) {
                      if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                      }
                      mine[n++] = took;
                      ok.incrementAndGet();
                    } else {
                      errors[me]++;
                    }
                  }
                } catch (Exception e) {
                  System.err.println("load client " + me + " stopped: " + e);
                  errors[me]++;
                }
                samples[me] = mine;
                counts[me] = n;
              },
              "load-" + c);
      threads[c].start();
    }
    Thread.sleep(200); // let every client connect before the clock starts
    window[0] = System.nanoTime();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - window[0]) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(samples[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    return new Result(new Stats(all), Arrays.stream(errors).sum(), elapsed);
  }

  /** The kind of request a response_url tag belongs to, e.g. {@code bot-click-42}: CLICK. */
  static String kindOf(String tag) {
    String[] parts = tag.split("-");
    return parts.length == 3 ? parts[1].toUpperCase(Locale.ROOT) : null;
  }

  private byte[] nextRequest() {
    long n = sequence.incrementAndGet();
    Kind kind = kinds.get((int) (n % kinds.size()));
    String tag = tagPrefix + "-" + kind.name().toLowerCase(Locale.ROOT) + "-" + n;
    String body =
        switch (kind) {
          case HELP -> command("help", tag);
          case STATUS -> command("status acme/payments dev", tag);
          case CLICK -> click(tag);
        };
    long ts = Instant.now().getEpochSecond();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /slack/events HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + bytes.length
            + "\r\nX-Slack-Request-Timestamp: "
            + ts
            + "\r\nX-Slack-Signature: "
            + sign(ts, bytes)
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = Arrays.copyOf(headBytes, headBytes.length + bytes.length);
    System.arraycopy(bytes, 0, request, headBytes.length, bytes.length);
    return request;
  }

  private String command(String text, String tag) {
    return "token=legacy-verification-token-unused&team_id=T0TEAM&team_domain=acme"
        + "&channel_id=C0OPS&channel_name=ops&user_id=U0ALICE&user_name=alice"
        + "&command=%2Fdeploy&text="
        + enc(text)
        + "&api_app_id=A0HELMGATE&is_enterprise_install=false&response_url="
        + enc(responseBase + "/respond/" + tag)
        + "&trigger_id="
        + enc("1337.42." + tag);
  }

  /** Approve on a request that does not exist: acknowledged, then answered "no such request". */
  private String click(String tag) {
    String payload =
        ("{\"type\":\"block_actions\",\"user\":{\"id\":\"U0ALICE\",\"username\":\"alice\","
             + "\"name\":\"alice\",\"team_id\":\"T0TEAM\"},\"api_app_id\":\"A0HELMGATE\","
             + "\"token\":\"legacy\",\"team\":{\"id\":\"T0TEAM\",\"domain\":\"acme\"},"
             + "\"container\":{\"type\":\"message\",\"message_ts\":\"1700000000.000100\","
             + "\"channel_id\":\"C0OPS\",\"is_ephemeral\":false},\"trigger_id\":\"1337.43.%s\","
             + "\"channel\":{\"id\":\"C0OPS\",\"name\":\"ops\"},\"message\":{\"type\":\"message\","
             + "\"ts\":\"1700000000.000100\",\"text\":\"request\"},\"response_url\":\"%s\","
             + "\"actions\":[{\"action_id\":\"helmgate-approve\",\"block_id\":\"actions\","
             + "\"type\":\"button\",\"value\":\"R-999999\",\"action_ts\":\"1700000001.000200\"}]}")
            .formatted(tag, responseBase + "/respond/" + tag);
    return "payload=" + enc(payload);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String sign(long ts, byte[] body) {
    Mac mac = macs.get();
    mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
    return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  /** One keep-alive HTTP/1.1 connection, reopened when the server closes it. */
  private final class Connection implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    int exchange(byte[] request) throws IOException {
      if (socket == null) {
        open();
      }
      try {
        out.write(request);
        out.flush();
        return readResponse();
      } catch (IOException e) {
        // A keep-alive connection the server had just closed: once more on a new one.
        close();
        open();
        out.write(request);
        out.flush();
        return readResponse();
      }
    }

    private void open() throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(60_000);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }

    private int readResponse() throws IOException {
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("connection closed");
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      long length = -1;
      boolean chunked = false;
      boolean closeAfter = false;
      String header;
      while (!(header = header()).isEmpty()) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closeAfter = true;
        }
      }
      if (chunked) {
        while (true) {
          long size = Long.parseLong(line().split(";")[0].trim(), 16);
          skip(size);
          line();
          if (size == 0) {
            break;
          }
        }
      } else if (length > 0) {
        skip(length);
      }
      if (closeAfter) {
        close();
      }
      return status;
    }

    private String header() throws IOException {
      String header = line();
      if (header == null) {
        throw new IOException("connection closed in the headers");
      }
      return header;
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        long skipped = in.skip(n);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed in a body");
          }
          skipped = 1;
        }
        n -= skipped;
      }
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          int len = sb.length();
          return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
        }
        sb.append((char) c);
      }
      return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        socket = null;
      }
    }
  }
}
