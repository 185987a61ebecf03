package io.helmgate.bot.slack;

import io.helmgate.bot.slack.outbox.Deliveries;
import io.helmgate.bot.slack.outbox.Outbox;
import io.helmgate.bot.slack.render.Renderer;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.Helmgate;
import io.helmgate.domain.service.UnseenRequests;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows the delivery of a request's message: posted, the domain goes on (an approved request
 * runs); refused for good, the requester is told why and what to do, and a request waiting for
 * approval is cancelled, since no approver can see it.
 */
final class ApprovalDeliveries implements Deliveries {

  private static final Logger log = LoggerFactory.getLogger(ApprovalDeliveries.class);

  private final Helmgate helmgate;
  private final UnseenRequests unseen;
  private final Outbox outbox;
  private final Renderer renderer;
  private final Map<String, String> approvalChannels;

  ApprovalDeliveries(
      Helmgate helmgate,
      UnseenRequests unseen,
      Outbox outbox,
      Renderer renderer,
      Map<String, String> approvalChannels) {
    this.helmgate = helmgate;
    this.unseen = unseen;
    this.outbox = outbox;
    this.renderer = renderer;
    this.approvalChannels = approvalChannels;
  }

  @Override
  public void posted(RequestId id, MessageRef where) {
    helmgate.requests().posted(id, Optional.of(where));
  }

  @Override
  public void refused(RequestId id, String channel, String requester, String error) {
    Optional<Request> found = helmgate.requests().find(id);
    if (found.isEmpty()) {
      log.warn("{} was refused by Slack ({}) and is not stored", id, error);
      return;
    }
    Request request = found.get();
    String environment = request.target().environment();
    Optional<Request> cancelled =
        unseen.cancel(
            id,
            "its approval message could not be posted in " + channel + " (Slack: " + error + ")");
    if (cancelled.isEmpty()) {
      // Not waiting for anyone (it needed no approval, or was decided meanwhile): it goes on as
      // before, only without a message in the channel.
      helmgate.requests().posted(id, Optional.empty());
    }
    String who = requester != null ? requester : request.requester().id();
    outbox.directMessage(
        who, renderer.notice(text(id, channel, error, environment, cancelled.isPresent())));
  }

  /** Exactly what went wrong and what the person can do about it. */
  String text(RequestId id, String channel, String error, String environment, boolean cancelled) {
    String where =
        channel != null && channel.matches("[CGD][A-Z0-9]{2,20}")
            ? "<#" + channel + ">"
            : "`" + channel + "`";
    String key = "`helmgate.slack.approval-channels." + environment + "`";
    boolean configured = approvalChannels.containsKey(environment);
    String why =
        switch (error) {
          case "is_archived" -> "that channel is archived.";
          case "not_in_channel" -> "Helmgate is not a member of that channel.";
          case "channel_not_found" ->
              "Slack does not let Helmgate see that channel: it does not exist, or it is private"
                  + " and Helmgate was not invited.";
          default -> "Slack refused the message.";
        };
    boolean channelProblem = error.equals("channel_not_found") || error.equals("not_in_channel");
    String fix =
        !channelProblem && !error.equals("is_archived")
            ? "Helmgate's log has the details for its administrators."
            : error.equals("is_archived")
                ? "Unarchive it, or "
                    + (configured
                        ? "set " + key + " to another channel."
                        : "ask in another channel.")
                : "If it is a private channel, invite the bot there with `/invite @Helmgate`"
                    + (configured
                        ? "; or set " + key + " to a channel Helmgate is in."
                        : "; or make the request in a channel Helmgate is in, or set " + key + ".");
    String outcome =
        cancelled
            ? "*"
                + id
                + " was cancelled*: no approver could see it. Request it again once that is done."
            : id
                + " was not waiting for an approval and goes on; its progress cannot be shown there.";
    return ":warning: Helmgate could not post the approval message of *"
        + id
        + "* in "
        + where
        + " (Slack: `"
        + error
        + "`): "
        + why
        + " "
        + fix
        + "\n"
        + outcome;
  }
}
