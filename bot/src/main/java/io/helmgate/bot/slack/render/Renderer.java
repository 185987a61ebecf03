package io.helmgate.bot.slack.render;

import com.slack.api.model.view.View;
import io.helmgate.domain.Target;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.Outcome;
import io.helmgate.domain.values.Redaction;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  /**
   * @param zone the zone times are shown in
   * @param redaction which keys' values are never shown
   * @param commitUrlTemplate a web URL of a values commit with {@code {sha}} in it, such as {@code
   *     https://git.example.org/values/commit/{sha}}; empty shows commit ids without links
   * @throws IllegalArgumentException for a template that is not an http(s) URL with {@code {sha}}
   */
  public Renderer(ZoneId zone, Redaction redaction, Optional<String> commitUrlTemplate) {
    Objects.requireNonNull(zone, "zone");
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
   * The channel message of a request, updated in place as it moves: buttons while it waits for
   * approval (only Cancel while scheduled), then its state and outcome.
   */
  public Rendered requestMessage(
      Request r, Optional<Preflight> preflight, Optional<ScheduleDecision> schedule) {
    return capped(requests.message(r, preflight, schedule));
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
