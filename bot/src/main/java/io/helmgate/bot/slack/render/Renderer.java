package io.helmgate.bot.slack.render;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import io.helmgate.domain.Target;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.service.Outcome;
import io.helmgate.domain.values.Redaction;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns domain values into Slack messages and views: pure functions, no Slack calls. Listeners
 * handle, this renders. Domain texts written as mrkdwn ({@code Invalid}, {@code Help}, decisions)
 * are used as they are; everything that came from people or files is escaped, and values of
 * secret-looking keys are masked. Every message keeps within Block Kit's limits.
 */
public final class Renderer {

  private static final Pattern URL_TEMPLATE = Pattern.compile("https?://[^\\s<>|`]+");

  private final RequestMessages requests;
  private final Replies replies;
  private final Views views;
  private final Function<String, List<String>> approverGroups;

  /**
   * @param zone the zone times are shown in
   * @param redaction which keys' values are never shown
   * @param commitUrlTemplate a web URL of a values commit with {@code {sha}} in it, such as {@code
   *     https://git.example.org/values/commit/{sha}}; empty shows commit ids without links
   * @throws IllegalArgumentException for a template that is not an http(s) URL with {@code {sha}}
   */
  public Renderer(ZoneId zone, Redaction redaction, Optional<String> commitUrlTemplate) {
    this(zone, redaction, commitUrlTemplate, environment -> List.of());
  }

  /**
   * @param approverGroups per environment, the user groups whose members may approve its requests,
   *     each a Slack id ({@code S0123}) or a handle ({@code @ops-team}); the approval message
   *     mentions them once so that they are notified
   */
  public Renderer(
      ZoneId zone,
      Redaction redaction,
      Optional<String> commitUrlTemplate,
      Function<String, List<String>> approverGroups) {
    Objects.requireNonNull(zone, "zone");
    this.approverGroups = Objects.requireNonNull(approverGroups, "approverGroups");
    Objects.requireNonNull(redaction, "redaction");
    commitUrlTemplate.ifPresent(Renderer::checkTemplate);
    Times times = new Times(zone);
    this.requests = new RequestMessages(times, redaction, commitUrlTemplate);
    this.replies = new Replies(times, requests);
    this.views = new Views(times, replies);
  }

  /** The ephemeral answer to a command or click, for every {@link Outcome} type. */
  public Rendered reply(Outcome outcome) {
    return capped(replies.reply(outcome));
  }

  /**
   * The answer to a command that opened a request, naming the channel its message goes to, so that
   * the requester can follow it there.
   */
  public Rendered replyPostedIn(Outcome outcome, String channel) {
    Rendered reply = replies.reply(outcome);
    if (!(outcome instanceof Outcome.RequestOpened opened)
        || reply.blocks().size() >= Kit.MESSAGE_BLOCKS) {
      return capped(reply);
    }
    String where =
        opened.request().state() == RequestState.PENDING_APPROVAL
            ? "Its approval message is in " + Mrkdwn.channel(channel) + "."
            : "Its progress is shown in " + Mrkdwn.channel(channel) + ".";
    List<LayoutBlock> blocks = new ArrayList<>(reply.blocks());
    blocks.add(Kit.context(where));
    return capped(new Rendered(reply.text(), blocks));
  }

  /**
   * The channel message of a request, updated in place as it moves: buttons while it waits for
   * approval (only Cancel while scheduled), then its state and outcome.
   */
  public Rendered requestMessage(
      Request r, Optional<Preflight> preflight, Optional<ScheduleDecision> schedule) {
    Rendered message = requests.message(r, preflight, schedule);
    if (r.state() == RequestState.PENDING_APPROVAL) {
      String mention = Mrkdwn.groups(approverGroups.apply(r.target().environment()));
      if (!mention.isEmpty() && message.blocks().size() < Kit.MESSAGE_BLOCKS) {
        List<LayoutBlock> blocks = new ArrayList<>(message.blocks());
        blocks.add(Math.min(1, blocks.size()), Kit.context("Approvers: " + mention));
        message = new Rendered(message.text(), blocks);
      }
    }
    return capped(message);
  }

  /**
   * The whole change, uncut, as replies for the request's thread, posted with the message so that
   * an approver can read all of it before approving; empty when the message shows all of it.
   */
  public List<Rendered> fullDiff(Request r) {
    return requests.fullDiff(r).stream().map(Renderer::capped).toList();
  }

  /** One line for the request's thread; a failed change that committed offers Roll back. */
  public Rendered threadLine(Request r, String line) {
    return capped(requests.threadLine(r, line));
  }

  /**
   * The request's last line, when it ended: the requester is mentioned so that Slack tells them,
   * wherever they are.
   */
  public Rendered finalLine(Request r, String line) {
    return capped(requests.threadLine(r, line, true));
  }

  /** A notice for the person whose request's approval message Slack refused. */
  public Rendered notice(String mrkdwn) {
    return capped(new Rendered(mrkdwn, List.of(Kit.section(mrkdwn))));
  }

  /**
   * The modal that asks for an optional reason before rejecting {@code requestId}.
   *
   * @throws IllegalArgumentException when {@code requestId} is not a request id such as {@code
   *     R-42}
   */
  public View rejectModal(String requestId) {
    return views.rejectModal(requestId);
  }

  /** The modal a Roll back button opens: the reason for rolling back to the button's commit. */
  public View rollbackModal(String rollbackValue, Optional<String> channel) {
    return views.rollbackModal(rollbackValue, channel);
  }

  /** The form {@code /deploy} opens without arguments. */
  public View deployModal(List<Target> environments) {
    return views.deployModal(environments);
  }

  /** The App Home tab. */
  public View homeTab(List<Request> awaitingYou, List<Request> yours, List<Request> scheduled) {
    return views.homeTab(awaitingYou, yours, scheduled);
  }

  /** Notifications show a line or two; domain texts can be long. */
  private static Rendered capped(Rendered rendered) {
    return new Rendered(Kit.fit(rendered.text(), Kit.NOTIFICATION_TEXT), rendered.blocks());
  }

  private static void checkTemplate(String template) {
    if (!URL_TEMPLATE.matcher(template).matches() || !template.contains("{sha}")) {
      throw new IllegalArgumentException(
          "the commit URL template must be an http(s) URL containing {sha}, such as"
              + " https://git.example.org/values/commit/{sha}; got `"
              + template
              + "`");
    }
  }
}
