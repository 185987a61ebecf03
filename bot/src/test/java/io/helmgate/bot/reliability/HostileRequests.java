package io.helmgate.bot.reliability;

import io.helmgate.bot.testsupport.SignedSlack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates hostile HTTP requests to {@code /slack/events} from a seed, so that a failing run can
 * be repeated: forged, missing and garbled signatures, stale and future timestamps, replays,
 * tampered and truncated bodies (none of them validly signed), and validly signed requests that are
 * malformed: broken form encoding, broken payload JSON, wrong content types, huge bodies, unknown
 * commands and action ids.
 */
final class HostileRequests {

  static final String FORM = "application/x-www-form-urlencoded";
  static final int HUGE_LIMIT = 6;

  /**
   * One hostile request.
   *
   * @param kind what makes it hostile, for the report
   * @param validlySigned whether its signature and timestamp are valid (the body is what is wrong)
   * @param tag the response_url tag inside its body (answers to it would be a side effect)
   */
  record Hostile(
      String kind,
      boolean validlySigned,
      byte[] body,
      String contentType,
      Map<String, String> headers,
      String tag) {

    String describe() {
      String text = new String(body, StandardCharsets.UTF_8);
      return kind
          + " ["
          + (text.length() > 160 ? text.substring(0, 160) + "… (" + body.length + " bytes)" : text)
          + "] headers="
          + headers
          + " type="
          + contentType;
    }
  }

  /** A request that was accepted once, kept to be replayed. */
  record Original(byte[] body, long timestamp, String signature) {}

  private final Random random;
  private final SignedSlack slack;
  private final String secret;
  private final String pendingRequest;
  private final List<Original> originals;
  private int huge;
  private int counter;

  /**
   * @param pendingRequest a request that waits for approval: forged clicks aim at it
   * @param originals validly signed requests already accepted, to replay
   */
  HostileRequests(
      long seed,
      SignedSlack slack,
      String secret,
      String pendingRequest,
      List<Original> originals) {
    this.random = new Random(seed);
    this.slack = slack;
    this.secret = secret;
    this.pendingRequest = pendingRequest;
    this.originals = originals;
  }

  List<Hostile> generate(int count) {
    List<Supplier<Hostile>> kinds =
        List.of(
            this::noSignatureHeaders,
            this::timestampOnly,
            this::signatureOnly,
            this::randomSignature,
            this::wrongSecret,
            this::tamperedAfterSigning,
            this::truncatedAfterSigning,
            this::garbledSignature,
            this::garbledTimestamp,
            this::staleTimestamp,
            this::futureTimestamp,
            this::replay,
            this::replayWithOtherBody,
            this::hugeUnsigned,
            this::malformedFormEncoding,
            this::malformedPayloadJson,
            this::payloadOfNoKnownShape,
            this::wrongContentType,
            this::hugeSigned,
            this::unknownCommand,
            this::unknownActionId,
            this::unreadableActionValue,
            this::emptySigned,
            this::sslCheck,
            this::urlVerification);
    List<Hostile> all = new ArrayList<>();
    // every kind at least once, then at random
    for (Supplier<Hostile> kind : kinds) {
      all.add(kind.get());
    }
    while (all.size() < count) {
      all.add(kinds.get(random.nextInt(kinds.size())).get());
    }
    return all;
  }

  // --- bodies a real Slack would send, aimed at things that matter -------------------------------

  private record Body(String text, String tag) {
    byte[] bytes() {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  private Body realisticBody() {
    String tag = "hostile-" + (++counter);
    return switch (random.nextInt(6)) {
      case 0 ->
          new Body(
              slack.commandBody(
                  "U0BOB", "bob", "/deploy", "globex/portal dev image.tag=6.6." + counter, tag),
              tag);
      case 1 ->
          new Body(
              slack.commandBody("U0ALICE", "alice", "/deploy", "cancel " + pendingRequest, tag),
              tag);
      case 2 ->
          new Body(slack.clickBody("U0BOB", "bob", "helmgate-approve", pendingRequest, tag), tag);
      case 3 ->
          new Body(slack.clickBody("U0BOB", "bob", "helmgate-reject", pendingRequest, tag), tag);
      case 4 ->
          new Body(
              slack.commandBody(
                  "U0ALICE",
                  "alice",
                  "/rollback",
                  "globex/portal dev to=0000000 reason=\"forged\"",
                  tag),
              tag);
      default ->
          new Body(
              slack.clickBody("U0ALICE", "alice", "helmgate-cancel", pendingRequest, tag), tag);
    };
  }

  private long now() {
    return Instant.now().getEpochSecond();
  }

  private Map<String, String> headers(String timestamp, String signature) {
    Map<String, String> h = new LinkedHashMap<>();
    if (timestamp != null) {
      h.put("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      h.put("X-Slack-Signature", signature);
    }
    return h;
  }

  private Hostile unsigned(String kind, Body body, Map<String, String> headers) {
    return new Hostile(kind, false, body.bytes(), FORM, headers, body.tag());
  }

  private String validSignature(String timestamp, byte[] body) {
    return SignedSlack.signature(secret, timestamp, body);
  }

  private String randomHex(int chars) {
    byte[] bytes = new byte[(chars + 1) / 2];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes).substring(0, chars);
  }

  // --- not validly signed ------------------------------------------------------------------------

  private Hostile noSignatureHeaders() {
    return unsigned("no signature headers", realisticBody(), Map.of());
  }

  private Hostile timestampOnly() {
    return unsigned(
        "timestamp without signature", realisticBody(), headers(Long.toString(now()), null));
  }

  private Hostile signatureOnly() {
    Body body = realisticBody();
    String ts = Long.toString(now());
    return unsigned(
        "signature without timestamp", body, headers(null, validSignature(ts, body.bytes())));
  }

  private Hostile randomSignature() {
    return unsigned(
        "forged signature", realisticBody(), headers(Long.toString(now()), "v0=" + randomHex(64)));
  }

  private Hostile wrongSecret() {
    Body body = realisticBody();
    String ts = Long.toString(now());
    return unsigned(
        "signed with another secret",
        body,
        headers(ts, SignedSlack.signature("not-" + secret, ts, body.bytes())));
  }

  private Hostile tamperedAfterSigning() {
    Body body = realisticBody();
    String ts = Long.toString(now());
    String signature = validSignature(ts, body.bytes());
    String tampered =
        switch (random.nextInt(3)) {
          case 0 -> body.text().replace("U0BOB", "U0ALICE").replace("U0ALICE", "U0BOB");
          case 1 -> body.text() + "&user_id=U0BOB";
          default -> {
            char[] chars = body.text().toCharArray();
            int at = random.nextInt(chars.length);
            chars[at] = chars[at] == 'a' ? 'b' : 'a';
            yield new String(chars);
          }
        };
    if (tampered.equals(body.text())) {
      tampered = body.text() + "&x=1";
    }
    return unsigned(
        "tampered after signing", new Body(tampered, body.tag()), headers(ts, signature));
  }

  private Hostile truncatedAfterSigning() {
    Body body = realisticBody();
    String ts = Long.toString(now());
    String signature = validSignature(ts, body.bytes());
    String cut = body.text().substring(0, 1 + random.nextInt(body.text().length() - 1));
    return unsigned("truncated after signing", new Body(cut, body.tag()), headers(ts, signature));
  }

  private Hostile garbledSignature() {
    Body body = realisticBody();
    String ts = Long.toString(now());
    String valid = validSignature(ts, body.bytes());
    List<String> garbled =
        List.of(
            "",
            "v0=",
            "v0",
            "=",
            "v1=" + valid.substring(3),
            "V0=" + valid.substring(3),
            "v0=" + valid.substring(3).toUpperCase(java.util.Locale.ROOT),
            valid.substring(0, valid.length() - 1),
            valid + "0",
            " " + valid + "x",
            "v0=" + "z".repeat(64),
            "v0=" + "0".repeat(64),
            "v0=" + randomHex(8000),
            "v0=%00" + valid.substring(5),
            valid.substring(3),
            "sha256=" + valid.substring(3));
    String signature = garbled.get(random.nextInt(garbled.size()));
    return unsigned("garbled signature", body, headers(ts, signature));
  }

  private Hostile garbledTimestamp() {
    Body body = realisticBody();
    List<String> garbled =
        List.of(
            "",
            "abc",
            "-1",
            "0",
            "1e9",
            now() + ".5",
            "99999999999999999999999",
            "0x" + Long.toHexString(now()),
            now() + "abc",
            "NaN",
            "-" + now());
    String ts = garbled.get(random.nextInt(garbled.size()));
    // signed over the garbled text, so that only the timestamp is wrong
    return unsigned("garbled timestamp", body, headers(ts, validSignature(ts, body.bytes())));
  }

  private Hostile staleTimestamp() {
    Body body = realisticBody();
    String ts = Long.toString(now() - 301 - random.nextInt(30 * 24 * 3600));
    return unsigned("stale timestamp", body, headers(ts, validSignature(ts, body.bytes())));
  }

  private Hostile futureTimestamp() {
    Body body = realisticBody();
    String ts = Long.toString(now() + 301 + random.nextInt(30 * 24 * 3600));
    return unsigned("future timestamp", body, headers(ts, validSignature(ts, body.bytes())));
  }

  private Hostile replay() {
    Original original = originals.get(random.nextInt(originals.size()));
    return new Hostile(
        "replay",
        false,
        original.body(),
        FORM,
        headers(Long.toString(original.timestamp()), original.signature()),
        "original");
  }

  private Hostile replayWithOtherBody() {
    Original original = originals.get(random.nextInt(originals.size()));
    return unsigned(
        "replayed signature on another body",
        realisticBody(),
        headers(Long.toString(original.timestamp()), original.signature()));
  }

  private Hostile hugeUnsigned() {
    if (huge >= HUGE_LIMIT) {
      return randomSignature();
    }
    huge++;
    Body body = realisticBody();
    String text = body.text() + "&padding=" + "A".repeat(1_000_000 + random.nextInt(2_000_000));
    return unsigned(
        "huge body, forged signature",
        new Body(text, body.tag()),
        headers(Long.toString(now()), "v0=" + randomHex(64)));
  }

  // --- validly signed, but not a request Helmgate can act on -------------------------------------

  private Hostile signed(String kind, byte[] body, String contentType) {
    String ts = Long.toString(now());
    return new Hostile(
        kind, true, body, contentType, headers(ts, validSignature(ts, body)), "hostile-none");
  }

  private Hostile signed(String kind, String body) {
    return signed(kind, body.getBytes(StandardCharsets.UTF_8), FORM);
  }

  private Hostile malformedFormEncoding() {
    List<String> bodies =
        List.of(
            "%zz",
            "payload=%",
            "payload=%7",
            "command=%2Fdeploy&text=%E0%A4%A",
            "&&&===&&",
            "=",
            "payload",
            "payload=%7B%22type%22%3A%22block_actions%22%2C%25%25",
            "command=%2F%2F%2F&&text=%%%",
            "\u0000\u0001\u0002",
            "payload=" + "%F0%9F".repeat(50));
    if (random.nextInt(4) == 0) {
      byte[] bytes = new byte[1 + random.nextInt(512)];
      random.nextBytes(bytes);
      return signed("random bytes", bytes, FORM);
    }
    return signed("malformed form encoding", bodies.get(random.nextInt(bodies.size())));
  }

  private Hostile malformedPayloadJson() {
    String click =
        slack.clickPayload("U0BOB", "bob", "helmgate-approve", pendingRequest, "hostile-json");
    List<String> payloads =
        List.of(
            click.substring(0, 1 + random.nextInt(click.length() - 1)),
            "{",
            "}",
            "[]",
            "null",
            "42",
            "\"block_actions\"",
            "{\"type\":",
            "{\"type\":\"block_actions\",\"actions\":[{]}",
            "{'type':'block_actions'}",
            "{\"type\":\"block_actions\"}}}}",
            "[".repeat(5000),
            "{\"a\":".repeat(3000));
    return signed(
        "malformed payload JSON",
        "payload="
            + URLEncoder.encode(
                payloads.get(random.nextInt(payloads.size())), StandardCharsets.UTF_8));
  }

  private Hostile payloadOfNoKnownShape() {
    List<String> payloads =
        List.of(
            "{}",
            "{\"type\":\"no_such_type\"}",
            "{\"type\":\"block_actions\"}",
            "{\"type\":\"block_actions\",\"actions\":[]}",
            "{\"type\":\"block_actions\",\"user\":{},\"actions\":[{}]}",
            "{\"type\":\"block_actions\",\"actions\":[{\"action_id\":null}]}",
            "{\"type\":\"view_submission\"}",
            "{\"type\":\"view_submission\",\"view\":{\"callback_id\":\"no-such-modal\"}}",
            "{\"type\":\"shortcut\",\"callback_id\":\"nothing\"}",
            "{\"type\":\"block_suggestion\",\"action_id\":\"nothing\"}");
    return signed(
        "payload of no known shape",
        "payload="
            + URLEncoder.encode(
                payloads.get(random.nextInt(payloads.size())), StandardCharsets.UTF_8));
  }

  private Hostile wrongContentType() {
    String tag = "hostile-type-" + (++counter);
    byte[] body =
        slack.commandBody("U0BOB", "bob", "/deploy", "help", tag).getBytes(StandardCharsets.UTF_8);
    List<String> types =
        List.of(
            "application/json",
            "text/plain",
            "multipart/form-data; boundary=xyz",
            "application/xml",
            "application/x-www-form-urlencoded; charset=UTF-16",
            "image/png");
    Hostile h = signed("wrong content type", body, types.get(random.nextInt(types.size())));
    return new Hostile(h.kind(), true, h.body(), h.contentType(), h.headers(), tag);
  }

  private Hostile hugeSigned() {
    if (huge >= HUGE_LIMIT) {
      return unknownCommand();
    }
    huge++;
    String body =
        random.nextBoolean()
            ? "payload=" + "x".repeat(1_000_000 + random.nextInt(1_000_000))
            : "nothing=" + "%41".repeat(300_000 + random.nextInt(300_000));
    return signed("huge signed body", body);
  }

  private Hostile unknownCommand() {
    List<String> commands = List.of("/hack", "/Deploy", "/deploy2", "/rollback ", "deploy", "/");
    String tag = "hostile-cmd-" + (++counter);
    Hostile h =
        signed(
            "unknown command",
            slack.commandBody(
                "U0BOB",
                "bob",
                commands.get(random.nextInt(commands.size())),
                "globex/portal dev image.tag=6.6.6",
                tag));
    return new Hostile(h.kind(), true, h.body(), h.contentType(), h.headers(), tag);
  }

  private Hostile unknownActionId() {
    List<String> actions =
        List.of(
            "helmgate-approve-all",
            "helmgate-approve ",
            "HELMGATE-APPROVE",
            "../helmgate-approve",
            "approve",
            "",
            randomHex(12));
    String tag = "hostile-action-" + (++counter);
    Hostile h =
        signed(
            "unknown action id",
            slack.clickBody(
                "U0BOB", "bob", actions.get(random.nextInt(actions.size())), pendingRequest, tag));
    return new Hostile(h.kind(), true, h.body(), h.contentType(), h.headers(), tag);
  }

  private Hostile unreadableActionValue() {
    List<String> values =
        List.of(
            "",
            "R-",
            "R--1",
            "R-1x",
            "../../etc/passwd",
            "R-99999999999999999999999",
            "$(id)",
            "R-1; DROP TABLE requests");
    String tag = "hostile-value-" + (++counter);
    Hostile h =
        signed(
            "unreadable request id",
            slack.clickBody(
                "U0BOB",
                "bob",
                "helmgate-approve",
                values.get(random.nextInt(values.size())),
                tag));
    return new Hostile(h.kind(), true, h.body(), h.contentType(), h.headers(), tag);
  }

  private Hostile sslCheck() {
    return unsigned(
        "unsigned ssl_check",
        new Body("ssl_check=1&token=legacy-verification-token-unused", "hostile-none"),
        Map.of());
  }

  private Hostile urlVerification() {
    String body =
        "{\"token\":\"legacy\",\"challenge\":\"c"
            + randomHex(16)
            + "\",\"type\":\"url_verification\"}";
    Hostile h = unsigned("unsigned url_verification", new Body(body, "hostile-none"), Map.of());
    return new Hostile(h.kind(), false, h.body(), "application/json", h.headers(), h.tag());
  }

  private Hostile emptySigned() {
    return signed("empty body", "");
  }
}
