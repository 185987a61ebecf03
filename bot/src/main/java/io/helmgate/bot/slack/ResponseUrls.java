package io.helmgate.bot.slack;

import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;

/**
 * Sends answers to a {@code response_url} serialised by one shared Gson. Bolt's {@code
 * ctx.respond(...)} builds a new Gson for every answer, and a new Gson learns every Block Kit class
 * again by reflection: in the ack benchmark that was most of the bot's CPU after the acks, enough
 * for the answers to fall behind the acknowledgements. Gson is thread-safe and keeps what it
 * learned.
 */
final class ResponseUrls {

  private static final Gson JSON = GsonFactory.createSnakeCase();

  private ResponseUrls() {}

  /** The body as Slack reads it: snake_case JSON, as Bolt would have sent it. */
  static String json(Object body) {
    return JSON.toJson(body);
  }

  /**
   * Posts {@code body} to {@code responseUrl}; a refusal is thrown, so that the caller's fault path
   * sees it instead of a person being left without an answer unnoticed.
   */
  static void send(Slack slack, String responseUrl, Object body) throws IOException {
    if (responseUrl == null || responseUrl.isBlank()) {
      throw new IOException("the interaction came without a response_url");
    }
    WebhookResponse answer = slack.send(responseUrl, json(body));
    if (answer.getCode() == null || answer.getCode() / 100 != 2) {
      throw new IOException(
          "response_url answered " + answer.getCode() + " " + answer.getMessage());
    }
  }
}
