package io.helmgate.bot.slack.outbox;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.helmgate.bot.slack.render.Rendered;
import io.helmgate.domain.request.MessageRef;
import java.io.IOException;

/**
 * Sends one message straight to Slack, once, when the {@link Outbox} cannot store it because the
 * database itself is away: the one message that must still get out then is the one saying so. A
 * refusal or fault throws; nothing retries it.
 */
public final class DirectDelivery {

  private final MethodsClient slack;

  public DirectDelivery(MethodsClient slack) {
    this.slack = slack;
  }

  /** The request's message shows {@code message}. */
  public void update(MessageRef where, Rendered message) {
    checked(
        "chat.update",
        () ->
            slack.chatUpdate(
                r ->
                    r.channel(where.conversation())
                        .ts(where.id())
                        .text(message.text())
                        .blocks(message.blocks())));
  }

  /** {@code line} in the request's thread. */
  public void thread(MessageRef where, Rendered line, boolean broadcast) {
    checked(
        "chat.postMessage",
        () ->
            slack.chatPostMessage(
                r ->
                    r.channel(where.conversation())
                        .threadTs(where.id())
                        .replyBroadcast(broadcast)
                        .text(line.text())
                        .blocks(line.blocks())));
  }

  /** {@code message} in {@code channel} (or to a user id). */
  public void post(String channel, Rendered message) {
    checked(
        "chat.postMessage",
        () ->
            slack.chatPostMessage(
                r -> {
                  r.channel(channel).text(message.text());
                  if (message.blocks().isEmpty()) {
                    r.mrkdwn(true);
                  } else {
                    r.blocks(message.blocks());
                  }
                  return r;
                }));
  }

  private interface Call {
    SlackApiTextResponse run() throws IOException, SlackApiException;
  }

  private static void checked(String method, Call call) {
    try {
      SlackApiTextResponse answer = call.run();
      if (answer == null || !answer.isOk()) {
        throw new IllegalStateException(
            method + " failed: " + (answer == null ? "no answer" : answer.getError()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Slack unreachable: " + e.getMessage(), e);
    } catch (SlackApiException e) {
      throw new IllegalStateException("Slack answered HTTP " + e.getResponse().code(), e);
    }
  }
}
