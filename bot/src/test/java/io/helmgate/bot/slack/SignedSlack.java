package io.helmgate.bot.slack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends requests to the bot the way Slack does: form-encoded and signed with the signing secret.
 */
final class SignedSlack {

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI endpoint;
  private final String secret;
  private final String responseBase;

  SignedSlack(int port, String secret, String responseBase) {
    this.endpoint = URI.create("http://localhost:" + port + "/slack/events");
    this.secret = secret;
    this.responseBase = responseBase;
  }

  /**
   * A slash command typed by {@code user} in channel C0OPS; Slack's answer goes to /respond/{tag}.
   */
  HttpResponse<String> command(
      String userId, String userName, String command, String text, String tag) throws Exception {
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
    return send(encode(form), Instant.now().getEpochSecond());
  }

  /** A click on a button of a message in channel C0OPS. */
  HttpResponse<String> click(
      String userId, String userName, String actionId, String value, String tag) throws Exception {
    String payload =
        """
        {"type":"block_actions","user":{"id":"%s","username":"%s","name":"%s","team_id":"T0TEAM"},
         "api_app_id":"A0HELMGATE","token":"legacy","team":{"id":"T0TEAM","domain":"acme"},
         "container":{"type":"message","message_ts":"1700000000.000100","channel_id":"C0OPS","is_ephemeral":false},
         "trigger_id":"1337.43.%s","channel":{"id":"C0OPS","name":"ops"},
         "message":{"type":"message","ts":"1700000000.000100","text":"request"},
         "response_url":"%s/respond/%s",
         "actions":[{"action_id":"%s","block_id":"actions","type":"button","value":"%s","action_ts":"1700000001.000200"}]}
        """
            .formatted(userId, userName, userName, tag, responseBase, tag, actionId, value);
    return send(
        "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
        Instant.now().getEpochSecond());
  }

  /** A submitted modal: {@code inputId} holds {@code text}. */
  HttpResponse<String> submit(
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
        "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
        Instant.now().getEpochSecond());
  }

  /** Sends a raw body with a valid signature for {@code timestamp}. */
  HttpResponse<String> send(String body, long timestamp) throws Exception {
    return sendSigned(body, timestamp, signature(body, timestamp));
  }

  HttpResponse<String> sendSigned(String body, long timestamp, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Slack-Request-Timestamp", Long.toString(timestamp));
      request.header("X-Slack-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String signature(String body, long timestamp) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
    return "v0=" + HexFormat.of().formatHex(digest);
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("*", "%2A"))
        .collect(Collectors.joining("&"));
  }
}
