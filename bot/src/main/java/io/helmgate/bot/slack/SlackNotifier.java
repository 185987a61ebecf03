package io.helmgate.bot.slack;

import io.helmgate.bot.slack.outbox.DirectDelivery;
import io.helmgate.bot.slack.outbox.Outbox;
import io.helmgate.bot.slack.render.Rendered;
import io.helmgate.bot.slack.render.Renderer;
import io.helmgate.domain.port.ChannelNotifier;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessException;

/**
 * Keeps a request's Slack message showing its current state, and adds each step to the message's
 * thread, through the {@link Outbox}: the rows are stored here (in the caller's transaction, if it
 * has one) and delivered until Slack has them. When the database itself is away, the message is
 * sent straight to Slack once instead; throws only when neither worked.
 */
final class SlackNotifier implements Notifier, ChannelNotifier {

  private final Outbox outbox;
  private final DirectDelivery direct;
  private final Renderer renderer;

  SlackNotifier(Outbox outbox, DirectDelivery direct, Renderer renderer) {
    this.outbox = outbox;
    this.direct = direct;
    this.renderer = renderer;
  }

  @Override
  public void update(Request request, String line) {
    Rendered message = renderer.requestMessage(request, Optional.empty(), Optional.empty());
    // The last line tells the requester wherever they are; a failure shows in the channel too.
    boolean ended = request.state().isTerminal();
    Rendered reply = ended ? renderer.finalLine(request, line) : renderer.threadLine(request, line);
    boolean broadcast = request.state() == RequestState.FAILED;
    try {
      outbox.updateRequest(request.id(), request.message(), message);
      outbox.thread(request.id(), request.message(), reply, broadcast);
    } catch (DataAccessException databaseAway) {
      // The line that says the database went away cannot wait in the database: sent once, now.
      MessageRef where =
          request
              .message()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          request.id() + " has no Slack message to update", databaseAway));
      direct.update(where, message);
      direct.thread(where, reply, broadcast);
    }
  }

  @Override
  public void post(String channel, String text) {
    Rendered notice = new Rendered(text, List.of());
    try {
      outbox.channelMessage(channel, notice);
    } catch (DataAccessException databaseAway) {
      direct.post(channel, notice);
    }
  }
}
