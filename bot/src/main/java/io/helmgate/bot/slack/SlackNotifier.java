package io.helmgate.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import io.helmgate.bot.slack.render.Rendered;
import io.helmgate.bot.slack.render.Renderer;
import io.helmgate.domain.port.ChannelNotifier;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import java.io.IOException;
import java.util.Optional;

/**
 * Keeps a request's Slack message showing its current state, and adds each step to the message's
 * thread. Throws when Slack refuses, so that the domain records the failed notification.
 */
final class SlackNotifier implements Notifier, ChannelNotifier {

  private final MethodsClient slack;
  private final Renderer renderer;

  SlackNotifier(MethodsClient slack, Renderer renderer) {
    this.slack = slack;
    this.renderer = renderer;
  }

  @Override
  public void update(Request request, String line) {
    MessageRef ref =
        request
            .message()
            .orElseThrow(
                () -> new IllegalStateException(request.id() + " has no Slack message to update"));
    try {
      Rendered message = renderer.requestMessage(request, Optional.empty(), Optional.empty());
      ChatUpdateResponse updated =
          slack.chatUpdate(
              r ->
                  r.channel(ref.conversation())
                      .ts(ref.id())
                      .text(message.text())
                      .blocks(message.blocks()));
      if (!updated.isOk()) {
        throw new IllegalStateException("chat.update failed: " + updated.getError());
      }
      Rendered reply = renderer.threadLine(request, line);
      ChatPostMessageResponse posted =
          slack.chatPostMessage(
              r ->
                  r.channel(ref.conversation())
                      .threadTs(ref.id())
                      .text(reply.text())
                      .blocks(reply.blocks()));
      if (!posted.isOk()) {
        throw new IllegalStateException("chat.postMessage failed: " + posted.getError());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Slack unreachable: " + e.getMessage(), e);
    } catch (SlackApiException e) {
      throw new IllegalStateException("Slack answered HTTP " + e.getResponse().code(), e);
    }
  }

  @Override
  public void post(String channel, String text) {
    try {
      ChatPostMessageResponse posted =
          slack.chatPostMessage(r -> r.channel(channel).text(text).mrkdwn(true));
      if (!posted.isOk()) {
        throw new IllegalStateException(
            "chat.postMessage to " + channel + " failed: " + posted.getError());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Slack unreachable: " + e.getMessage(), e);
    } catch (SlackApiException e) {
      throw new IllegalStateException("Slack answered HTTP " + e.getResponse().code(), e);
    }
  }
}
