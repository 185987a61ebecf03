package io.helmgate.bot.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends requests to the bot the way Slack does: form-encoded and signed with the signing secret;
 * and, for hostile tests, any body with any headers.
 */
public final class SignedSlack {

  private static final HttpClient SHARED =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final HttpClient http = SHARED;
  private final URI endpoint;
  private final String secret;
  private final String responseBase;

  /**
   * @param port the bot's HTTP port
   * @param secret the signing secret the bot was started with
   * @param responseBase where {@code response_url}s point, e.g. the Slack WireMock's base URL
   */
  public SignedSlack(int port, String secret, String responseBase) {
    this.endpoint = URI.create("http://localhost:" + port + "/slack/events");
    this.secret = secret;
    this.responseBase = responseBase;
  }

  /**
   * A slash command typed by {@code user} in channel C0OPS; Slack's answer goes to /respond/{tag}.
   */
  public HttpResponse<String> command(
      String userId, String userName, String command, String text, String tag) throws Exception {
    return send(commandBody(userId, userName, command, text, tag), Instant.now().getEpochSecond());
  }

  /** The form body of {@link #command}. */
  public String commandBody(
      String userId, String userName, String command, String text, String tag) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", "legacy-verification-token-unused");
    form.put("team_id", "T0TEAM");
    form.put("team_domain", "acme");
    form.put("channel_id", "C0OPS");
    form.put("channel_name", "ops");
    form.put("user_id", userId);
    form.put("user_name", userName);
    form.put("command", command);
    form.put("text", text);
    form.put("api_app_id", "A0HELMGATE");
    form.put("is_enterprise_install", "false");
    form.put("response_url", responseBase + "/respond/" + tag);
    form.put("trigger_id", "1337.42." + tag);
    return encode(form);
  }

  /** A click on a button of a message in channel C0OPS. */
  public HttpResponse<String> click(
      String userId, String userName, String actionId, String value, String tag) throws Exception {
    return send(clickBody(userId, userName, actionId, value, tag), Instant.now().getEpochSecond());
  }

  /** The form body of {@link #click}. */
  public String clickBody(
      String userId, String userName, String actionId, String value, String tag) {
    return "payload="
        + URLEncoder.encode(clickPayload(userId, userName, actionId, value, tag), UTF8);
  }

  /** The JSON payload of {@link #click}, before form encoding. */
  public String clickPayload(
      String userId, String userName, String actionId, String value, String tag) {
    return """
        {"type":"block_actions","user":{"id":"%s","username":"%s","name":"%s","team_id":"T0TEAM"},
         "api_app_id":"A0HELMGATE","token":"legacy","team":{"id":"T0TEAM","domain":"acme"},
         "container":{"type":"message","message_ts":"1700000000.000100","channel_id":"C0OPS","is_ephemeral":false},
         "trigger_id":"1337.43.%s","channel":{"id":"C0OPS","name":"ops"},
         "message":{"type":"message","ts":"1700000000.000100","text":"request"},
         "response_url":"%s/respond/%s",
         "actions":[{"action_id":"%s","block_id":"actions","type":"button","value":"%s","action_ts":"1700000001.000200"}]}
        """
        .formatted(userId, userName, userName, tag, responseBase, tag, actionId, value);
  }

  /** A submitted modal: {@code inputId} holds {@code text}. */
  public HttpResponse<String> submit(
      String userId,
      String userName,
      String callbackId,
      String metadata,
      String inputId,
      String text)
      throws Exception {
    String payload =
        """
        {"type":"view_submission","team":{"id":"T0TEAM","domain":"acme"},
         "user":{"id":"%s","username":"%s","name":"%s","team_id":"T0TEAM"},
         "api_app_id":"A0HELMGATE","token":"legacy","trigger_id":"1337.44.submit",
         "view":{"id":"V0MODAL","type":"modal","callback_id":"%s","private_metadata":"%s","hash":"1.abc",
          "state":{"values":{"%s":{"%s":{"type":"plain_text_input","value":"%s"}}}}}}
        """
            .formatted(userId, userName, userName, callbackId, metadata, inputId, inputId, text);
    return send(
        "payload=" + java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8),
        java.time.Instant.now().getEpochSecond());
  }

  /** Sends a raw body with a valid signature for {@code timestamp}. */
  public HttpResponse<String> send(String body, long timestamp) throws Exception {
    return sendSigned(body, timestamp, signature(body, timestamp));
  }

  /**
   * Sends {@code body} with these signature headers; none at all when {@code signature} is null.
   */
  public HttpResponse<String> sendSigned(String body, long timestamp, String signature)
      throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    if (signature != null) {
      headers.put("X-Slack-Request-Timestamp", Long.toString(timestamp));
      headers.put("X-Slack-Signature", signature);
    }
    return post(
        body.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", headers);
  }

  /**
   * Sends any bytes with any headers; {@code contentType} null sends none. For requests no real
   * Slack would send.
   */
  public HttpResponse<String> post(byte[] body, String contentType, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a validly signed form body in chunks, without a Content-Length. */
  public HttpResponse<String> sendChunked(String body) throws IOException, InterruptedException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long ts = Instant.now().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(ts))
            .header("X-Slack-Signature", signature(body, ts))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Slack's v0 signature of {@code body} sent at {@code timestamp}. */
  public String signature(String body, long timestamp) {
    return signature(secret, Long.toString(timestamp), body.getBytes(StandardCharsets.UTF_8));
  }

  /** The v0 signature with any secret over any timestamp text and body bytes. */
  public static String signature(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Form-encodes {@code form} as Slack does (spaces as {@code +}, {@code *} escaped). */
  public static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), UTF8).replace("*", "%2A"))
        .collect(Collectors.joining("&"));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
