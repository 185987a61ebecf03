package io.helmgate.bot.audit;

import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Execution;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's pull-request history from its audit trail, as sentences an auditor reads: the {@code
 * PULL_REQUEST} events (opened, each review with the forge user, the Slack user, the verdict and
 * whether it counted, comments, closed, failed) and the merge, which is the {@code COMMITTED} event
 * of the {@value AwaitMerge#NAME} step. The same words serve the evidence pack's text and the Slack
 * replies, each with its own way of showing text, users and links ({@link Words}).
 */
public final class PullRequestEvents {

  /** How the sentences show what came from outside, a Slack user and a link. */
  public interface Words {

    /** Text recorded from the forge or from people, made safe to show. */
    String text(String text);

    /** A Slack user, by id. */
    String user(String slackUserId);

    /** A link to {@code url} read as {@code label}. */
    String link(String url, String label);
  }

  /** Plain text: users by id, links as {@code #12 (https://...)}. */
  public static final Words PLAIN =
      new Words() {
        @Override
        public String text(String text) {
          return text == null ? "" : text;
        }

        @Override
        public String user(String slackUserId) {
          return slackUserId;
        }

        @Override
        public String link(String url, String label) {
          return label + " (" + url + ")";
        }
      };

  private PullRequestEvents() {}

  /** Whether {@code event} belongs to a pull request's history. */
  public static boolean concerns(AuditEvent event) {
    return event.type() == AuditEvent.Type.PULL_REQUEST || isMerge(event);
  }

  /** The entries of a pull request's history, in the trail's order. */
  public static List<AuditEntry> of(List<AuditEntry> entries) {
    return entries.stream().filter(e -> concerns(e.event())).toList();
  }

  /** Whether {@code event} records the merge of the request's pull request. */
  public static boolean isMerge(AuditEvent event) {
    return event.type() == AuditEvent.Type.COMMITTED
        && Execution.MERGE_STEP.equals(event.detail().get("step"))
        && "succeeded".equals(event.detail().get("result"))
        && event.detail().containsKey("commit");
  }

  /** Whether a review event counted as its author's decision. */
  public static boolean counted(AuditEvent event) {
    return "yes".equals(event.detail().get("counted"));
  }

  /** Why a review did not count; empty when it counted or the trail does not say. */
  public static Optional<String> whyNotCounted(AuditEvent event) {
    String counted = event.detail().get("counted");
    return counted != null && counted.startsWith("no: ")
        ? Optional.of(counted.substring(4))
        : Optional.empty();
  }

  /** {@code event} as one sentence; empty for an event that is not about a pull request. */
  public static Optional<String> sentence(AuditEvent event, Words w) {
    Map<String, String> d = event.detail();
    if (isMerge(event)) {
      String commit = d.get("commit");
      return Optional.of(
          Optional.ofNullable(d.get("line")).map(w::text).orElse("The pull request was merged.")
              + " Merge commit "
              + w.text(commit)
              + ", the commit that is synced.");
    }
    if (event.type() != AuditEvent.Type.PULL_REQUEST) {
      return Optional.empty();
    }
    String pr = pullRequest(d, w);
    String action = d.getOrDefault("action", "");
    return Optional.of(
        switch (action) {
          case "opened" ->
              "Opened pull request "
                  + pr
                  + Optional.ofNullable(d.get("head"))
                      .map(h -> " with head " + w.text(shortId(h)))
                      .orElse("")
                  + ".";
          case "review" -> review(d, pr, w);
          case "comment" -> "Commented on pull request " + pr + ": " + w.text(d.get("text")) + ".";
          case "closed" -> "Closed pull request " + pr + ": " + w.text(d.get("text")) + ".";
          case "failed" ->
              "Could not update pull request "
                  + pr
                  + " on the forge: "
                  + w.text(d.get("text"))
                  + ".";
          default ->
              "Pull request "
                  + pr
                  + ": "
                  + w.text(action)
                  + Optional.ofNullable(d.get("text")).map(t -> " — " + w.text(t)).orElse("")
                  + ".";
        });
  }

  private static String review(Map<String, String> d, String pr, Words w) {
    String verdict = d.getOrDefault("verdict", "");
    String slackUser = d.get("slack-user");
    boolean known = slackUser != null && !slackUser.isBlank() && !"none".equals(slackUser);
    StringBuilder s =
        new StringBuilder("Review of pull request ")
            .append(pr)
            .append(" by forge user ")
            .append(w.text(d.getOrDefault("forge-user", "?")))
            .append(known ? " (Slack " + w.user(slackUser) + ")" : " (not known in Slack)")
            .append(": ")
            .append(
                switch (verdict) {
                  case "APPROVED" -> "approved";
                  case "CHANGES_REQUESTED" -> "changes requested";
                  case "COMMENTED" -> "commented";
                  default -> w.text(verdict.toLowerCase(java.util.Locale.ROOT));
                });
    Optional.ofNullable(d.get("commit"))
        .ifPresent(c -> s.append(" on ").append(w.text(shortId(c))));
    String counted = d.getOrDefault("counted", "");
    if ("yes".equals(counted)) {
      s.append(
          "CHANGES_REQUESTED".equals(verdict)
              ? " — counted as their rejection."
              : " — counted as their approval.");
    } else if (counted.startsWith("no: ")) {
      s.append(" — did not count: ").append(w.text(counted.substring(4))).append('.');
    } else {
      s.append(" — did not count.");
    }
    return s.toString();
  }

  private static String pullRequest(Map<String, String> d, Words w) {
    String label = "#" + w.text(d.getOrDefault("pull-request", "?"));
    String url = d.get("url");
    return url == null || url.isBlank() ? label : w.link(url, label);
  }

  private static String shortId(String sha) {
    return sha.length() > 7 ? sha.substring(0, 7) : sha;
  }
}
