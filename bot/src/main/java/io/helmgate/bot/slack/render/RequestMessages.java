package io.helmgate.bot.slack.render;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import io.helmgate.domain.execution.OpenPullRequest;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.request.Approval;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.UndoneCommit;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValueChange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request's channel message, its thread lines and its one-line summary for lists. */
final class RequestMessages {

  /**
   * Longest value shown in the message's change table; the full diff in its thread has the rest.
   */
  static final int VALUE_SHOWN = 80;

  /** Longest file diff line shown in the message's preview. */
  private static final int DIFF_LINE_SHOWN = 200;

  /** Most thread replies one full diff takes; past it, the evidence pack has the whole diff. */
  static final int DIFF_PARTS = 10;

  /** Code points of one piece of a long line: escaped (5 × at most), a piece still fits a part. */
  private static final int PIECE = 400;

  private static final int KEY_WIDTH = 32;
  private static final int REASON_SHOWN = 500;
  private static final int OUTCOME_SHOWN = 1500;
  private static final int LINE_SHOWN = 2500;
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{4,64}");

  /** A web address that can stand in a mrkdwn link: none of {@code <>|&}, no spaces. */
  private static final Pattern WEB_ADDRESS = Pattern.compile("https?://[^\\s<>|&]{1,1000}");

  private static final Pattern UTC_INSTANT =
      Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z\\b");

  private final Times times;
  private final Redaction redaction;
  private final Optional<String> commitUrlTemplate;

  private static final String ARTIFACT = "artifact=";

  RequestMessages(Times times, Redaction redaction, Optional<String> commitUrlTemplate) {
    this.times = times;
    this.redaction = redaction;
    this.commitUrlTemplate = commitUrlTemplate;
  }

  Rendered message(Request r, Optional<Preflight> preflight, Optional<ScheduleDecision> schedule) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        Kit.header(
            States.emoji(r.state())
                + " "
                + r.id()
                + " · "
                + verb(r.kind())
                + " "
                + r.target()
                + (r.breakGlass() ? " · BREAK-GLASS" : "")));
    if (r.breakGlass()) {
      blocks.add(
          Kit.section(
              ":rotating_light: *Break-glass:* approval and maintenance windows were skipped."
                  + " Another Ops member must review this change afterwards."));
    }
    List<String> fields = new ArrayList<>();
    fields.add("*Requested by*\n" + Mrkdwn.user(r.requester()) + "\n" + times.when(r.createdAt()));
    fields.add("*Target*\n" + target(r));
    fields.add("*When*\n" + when(r, schedule));
    fields.add("*Approvals*\n" + approvals(r));
    fields.add(
        "*Reason*\n"
            + r.reason()
                .filter(s -> !s.isBlank())
                .map(s -> Mrkdwn.line(s, REASON_SHOWN))
                .orElse("_none given_"));
    preflight.ifPresent(p -> fields.add("*Secrets pre-flight*\n" + preflight(p)));
    blocks.add(Kit.fields(fields));
    blocks.add(Kit.section(change(r)));
    artifacts(r).ifPresent(a -> blocks.add(Kit.context(a)));
    pullRequest(r).ifPresent(p -> blocks.add(Kit.context(p)));
    schedule
        .filter(s -> r.state().isOpen())
        .filter(
            s -> s.kind() == ScheduleDecision.Kind.PROPOSED || s.kind() == ScheduleDecision.Kind.AT)
        .ifPresent(s -> blocks.add(Kit.context(":calendar: " + Mrkdwn.line(s.message(), 500))));
    if (r.state() == RequestState.PENDING_APPROVAL) {
      blocks.add(actions(r, true));
      blocks.add(
          Kit.context(
              ":hourglass: "
                  + (r.approvalsMissing() > 0
                      ? "Needs " + approvalsWord(r.approvalsMissing())
                      : "Approvals complete")
                  + r.expiresAt().map(e -> " · expires " + times.when(e)).orElse("")
                  + " · the requester cannot approve it"));
    } else if (r.state() == RequestState.SCHEDULED) {
      blocks.add(actions(r, false));
      blocks.add(
          Kit.context(
              ":calendar: Approved; runs "
                  + r.scheduledAt().map(times::when).map(w -> "at " + w).orElse("when due")));
    } else {
      blocks.add(Kit.section(status(r)));
      blocks.add(Kit.context("Updated " + times.when(r.updatedAt())));
    }
    return new Rendered(text(r), blocks);
  }

  Rendered threadLine(Request r, String line) {
    return threadLine(r, line, false);
  }

  /** {@link #threadLine(Request, String)}, mentioning the requester first when asked to. */
  Rendered threadLine(Request r, String line, boolean mentionRequester) {
    String shown = linkCommit(r, localTimes(Mrkdwn.line(line, LINE_SHOWN)));
    String text =
        States.emoji(r.state())
            + " "
            + (mentionRequester ? Mrkdwn.user(r.requester()) + " " : "")
            + shown;
    String fallback = r.id() + ": " + Mrkdwn.line(line, 300);
    if (r.state() == RequestState.FAILED
        && r.kind() != RequestKind.SYNC
        && r.commitId().isPresent()
        && SHA.matcher(r.baseCommit()).matches()) {
      return new Rendered(fallback, List.of(Kit.section(text, rollbackButton(r))));
    }
    return new Rendered(fallback, List.of(Kit.section(text)));
  }

  /**
   * {@code :hourglass: *R-42* deploy `acme/payments prod` · image.tag 1.4.1 → 1.4.2 · <@U1> · Tue 1
   * Dec 22:00 CET}: one request in a list.
   */
  String oneLine(Request r) {
    StringBuilder s = new StringBuilder();
    s.append(States.emoji(r.state()))
        .append(" *")
        .append(r.id())
        .append("* ")
        .append(verb(r.kind()))
        .append(" `")
        .append(r.target())
        .append("` · ")
        .append(summary(r))
        .append(" · ")
        .append(Mrkdwn.user(r.requester()))
        .append(" · ");
    if (r.scheduledAt().isPresent()) {
      s.append(":calendar: ").append(times.when(r.scheduledAt().get()));
    } else {
      s.append(States.word(r.state()).toLowerCase(Locale.ROOT))
          .append(" since ")
          .append(times.when(r.updatedAt()));
    }
    if (r.breakGlass()) {
      s.append(" · :rotating_light: break-glass");
    }
    return s.toString();
  }

  /** A commit as a link when a web URL is configured and the id is a hex commit id. */
  String commit(String sha) {
    String shortId = Mrkdwn.codeText(shortId(sha), 12);
    if (commitUrlTemplate.isPresent() && SHA.matcher(sha).matches()) {
      return Mrkdwn.link(commitUrlTemplate.get().replace("{sha}", sha), shortId);
    }
    return "`" + shortId + "`";
  }

  /** The change as aligned {@code key old → new} lines, secret-looking values masked. */
  List<String> changeLines(ChangeSet change) {
    int width = keyWidth(change);
    List<String> lines = new ArrayList<>();
    for (ValueChange c : change.changes()) {
      String key = c.key().toString();
      lines.add(
          key + " ".repeat(Math.max(1, width - key.length() + 2)) + describeValue(c, VALUE_SHOWN));
    }
    return lines;
  }

  private static int keyWidth(ChangeSet change) {
    int width = 0;
    for (ValueChange c : change.changes()) {
      width = Math.max(width, Math.min(KEY_WIDTH, c.key().toString().length()));
    }
    return width;
  }

  static String verb(RequestKind kind) {
    return switch (kind) {
      case DEPLOY -> "deploy";
      case ROLLBACK -> "roll back";
      case SYNC -> "sync";
    };
  }

  static String shortId(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }

  private String describeValue(ValueChange c, int max) {
    if (redaction.isSecret(c.key())) {
      // whether it changed, never what to: describe() is the one place that decides the wording
      return Mrkdwn.codeText(redaction.describe(c).substring(c.key().toString().length() + 1), 40);
    }
    if (c.isNoOp()) {
      return Mrkdwn.codeText(c.oldValue(), max) + " (unchanged)";
    }
    return (c.oldValue() == null ? "(new)" : Mrkdwn.codeText(c.oldValue(), max))
        + " → "
        + Mrkdwn.codeText(c.newValue(), max);
  }

  private String text(Request r) {
    return (r.breakGlass() ? "BREAK-GLASS " : "")
        + r.id()
        + " · "
        + verb(r.kind())
        + " "
        + r.target()
        + " · "
        + States.word(r.state()).toLowerCase(Locale.ROOT)
        + " · requested by "
        + Mrkdwn.name(r.requester());
  }

  private String target(Request r) {
    StringBuilder s = new StringBuilder("`").append(r.target()).append('`');
    r.source().ifPresent(f -> s.append("\nfrom ").append(Mrkdwn.code(f, 63)));
    r.restoreFrom().ifPresent(c -> s.append("\nrestores ").append(commit(c)));
    UndoneCommit.in(r.bindings()).ifPresent(u -> s.append("\n").append(undone(u)));
    return s.toString();
  }

  /** The change a rollback undoes: which commit, what it said, whose it was and when. */
  private String undone(UndoneCommit u) {
    return "undoes "
        + commit(u.commit())
        + " "
        + Mrkdwn.line(u.subject(), 120)
        + " — "
        + Mrkdwn.line(u.author(), 80)
        + ", "
        + times.when(u.time());
  }

  private String when(Request r, Optional<ScheduleDecision> schedule) {
    if (r.scheduledAt().isPresent()) {
      boolean proposed =
          schedule.map(s -> s.kind() == ScheduleDecision.Kind.PROPOSED).orElse(false);
      return ":calendar: "
          + times.when(r.scheduledAt().get())
          + (proposed ? "\n_the next maintenance window_" : "");
    }
    if (r.breakGlass()) {
      return "Now (break-glass)";
    }
    return r.approvalsRequired() > 0 ? "As soon as approved" : "Now";
  }

  private String approvals(Request r) {
    if (r.approvalsRequired() == 0) {
      return r.breakGlass() ? "Skipped: break-glass" : "Not needed";
    }
    String head = r.approvedBy().size() + " of " + r.approvalsRequired();
    if (r.state() == RequestState.PENDING_APPROVAL && r.approvalsMissing() > 0) {
      head += " · needs " + r.approvalsMissing() + " more";
    }
    List<String> lines = new ArrayList<>();
    for (Approval a : r.approvals()) {
      if (a.verdict() == Approval.Verdict.APPROVE) {
        lines.add(":white_check_mark: " + Mrkdwn.user(a.approver()) + " · " + times.when(a.at()));
      } else {
        lines.add(
            ":no_entry: "
                + Mrkdwn.user(a.approver())
                + " · "
                + times.when(a.at())
                + a.comment()
                    .filter(c -> !c.isBlank())
                    .map(c -> " — " + Mrkdwn.line(c, 200))
                    .orElse(""));
      }
    }
    if (lines.isEmpty()) {
      return head;
    }
    return head + "\n" + Mrkdwn.joinWithin(lines, "\n", Kit.FIELD_TEXT - head.length() - 20);
  }

  /**
   * {@code :package: Registry digests: `registry.acme.example/shop/web:2.7.1`
   * sha256:1a2b3c4d5e6f…}: what the approval is bound to, so that approvers see which build they
   * approve.
   */
  private static Optional<String> artifacts(Request r) {
    List<String> shown = new ArrayList<>();
    for (String binding : r.bindings()) {
      if (!binding.startsWith(ARTIFACT)) {
        continue;
      }
      String rest = binding.substring(ARTIFACT.length());
      int at = rest.lastIndexOf('@');
      if (at > 0) {
        shown.add(
            Mrkdwn.code(rest.substring(0, at), 300) + " " + shortDigest(rest.substring(at + 1)));
      }
    }
    if (shown.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ":package: Registry digests: " + Mrkdwn.joinWithin(shown, " · ", Kit.FIELD_TEXT));
  }

  /**
   * {@code :twisted_rightwards_arrows: Pull request <url|#12> — reviews by people Helmgate knows in
   * Slack count as their approval}: in pull-request mode, where the change can be reviewed on the
   * forge (opened when the request was posted, so every later update of the message shows it).
   */
  private static Optional<String> pullRequest(Request r) {
    Optional<String> url = r.execution().output(OpenPullRequest.URL);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    String label =
        "#" + r.execution().output(OpenPullRequest.NUMBER).map(n -> Mrkdwn.line(n, 20)).orElse("");
    String shown = pullRequestLink(url.get(), label);
    return Optional.of(
        ":twisted_rightwards_arrows: Pull request "
            + shown
            + (r.state() == RequestState.PENDING_APPROVAL
                ? " — reviews by people Helmgate knows in Slack count as their approval"
                : ""));
  }

  /**
   * {@code <url|#12>}, or {@code #12 (`url`)} for an address that could break the markup; {@code
   * label} is already escaped.
   */
  static String pullRequestLink(String url, String label) {
    return WEB_ADDRESS.matcher(url).matches()
        ? Mrkdwn.link(url, label)
        : label + " (" + Mrkdwn.code(url, 300) + ")";
  }

  private static String shortDigest(String digest) {
    int keep = digest.indexOf(':') + 1 + 12;
    return Mrkdwn.line(digest.length() > keep + 1 ? digest.substring(0, keep) + "…" : digest, 80);
  }

  private String preflight(Preflight p) {
    return switch (p.status()) {
      case PASSED ->
          ":white_check_mark: Passed"
              + (p.message() == null || p.message().isBlank()
                  ? ""
                  : " (" + Mrkdwn.line(p.message(), 200) + ")");
      case MISSING ->
          ":x: Missing in Vault: "
              + Mrkdwn.joinWithin(
                  p.missing().stream().map(m -> Mrkdwn.code(m.toString(), 200)).toList(),
                  ", ",
                  1500);
      case UNAVAILABLE -> ":warning: Not checked: " + Mrkdwn.line(p.message(), 500);
      case NOT_CONFIGURED -> ":heavy_minus_sign: Vault is not configured";
    };
  }

  /**
   * The change as the approver sees it before approving: key changes, then the file's line diff if
   * there is one, in a code block cut to fit one section; when anything was cut, it says the full
   * diff is in the thread ({@link #fullDiff}). Shown to the approver and, the same, to the
   * requester.
   */
  String change(Request r) {
    // where the values come from (from=, a restored commit) is in the Target field above
    ChangeSet change = r.change();
    String title = changeTitle(change);
    if (change.isEmpty()) {
      return title + "\nNo values change: syncs `" + r.target() + "` as it is.";
    }
    String shown = preview(change, Kit.SECTION_TEXT - title.length() - 20);
    boolean complete = shown.equals(String.join("\n", fullLines(change)));
    return title
        + "\n```\n"
        + shown
        + "\n```"
        + (complete
            ? ""
            : "\n_Cut to fit: the full diff is in this message's thread, and in the evidence"
                + " pack (`/deploy evidence "
                + r.id()
                + "`)._");
  }

  private static String changeTitle(ChangeSet change) {
    return change.fileDiff().isEmpty()
        ? "*Change*"
        : "*Change* · "
            + (change.changes().isEmpty() ? "" : "the keys below and ")
            + "the values file's line diff ("
            + lines(change.changedLines())
            + ")";
  }

  /** True when the message's preview shows every line of the change uncut. */
  private boolean shownWhole(ChangeSet change, String title) {
    return preview(change, Kit.SECTION_TEXT - title.length() - 20)
        .equals(String.join("\n", fullLines(change)));
  }

  /** The preview's lines within {@code room} characters, leaving room for the note on cuts. */
  private String preview(ChangeSet change, int room) {
    List<String> lines = new ArrayList<>(changeLines(change));
    if (!change.fileDiff().isEmpty()) {
      if (!lines.isEmpty()) {
        lines.add("");
      }
      change.fileDiff().forEach(l -> lines.add(Mrkdwn.codeText(l, DIFF_LINE_SHOWN)));
    }
    return Mrkdwn.joinWithin(lines, "\n", room - 150);
  }

  /**
   * The whole change, uncut, as thread replies of at most {@link Kit#SECTION_TEXT} characters each
   * ({@link #DIFF_PARTS} at most): empty when the message already shows all of it.
   */
  List<Rendered> fullDiff(Request r) {
    if (r.change().isEmpty() || shownWhole(r.change(), changeTitle(r.change()))) {
      return List.of();
    }
    String head = "*Full diff of " + r.id() + "* (part %d of %d)\n```\n";
    String close = "\n```";
    int budget = Kit.SECTION_TEXT - head.length() - close.length() - 20;
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (String line : fullLines(r.change())) {
      if (part.length() > 0 && part.length() + 1 + line.length() > budget) {
        parts.add(part.toString());
        part.setLength(0);
      }
      if (part.length() > 0) {
        part.append('\n');
      }
      part.append(line);
    }
    if (part.length() > 0) {
      parts.add(part.toString());
    }
    int total = parts.size();
    int posted = Math.min(total, DIFF_PARTS);
    List<Rendered> out = new ArrayList<>();
    for (int i = 0; i < posted; i++) {
      String text = String.format(head, i + 1, total) + parts.get(i) + close;
      List<LayoutBlock> blocks = new ArrayList<>(List.of(Kit.section(text)));
      if (i == posted - 1 && posted < total) {
        blocks.add(
            Kit.context(
                "The diff goes on for "
                    + (total - posted)
                    + " more parts; the evidence pack (`/deploy evidence "
                    + r.id()
                    + "`) and the commit have all of it."));
      }
      out.add(new Rendered(r.id() + " full diff, part " + (i + 1) + " of " + total, blocks));
    }
    return out;
  }

  /**
   * Every line of the change, escaped for a code block and uncut: a value or diff line too long for
   * one reply is split into pieces marked {@code ↪}.
   */
  private List<String> fullLines(ChangeSet change) {
    List<String> lines = new ArrayList<>();
    int width = keyWidth(change);
    for (ValueChange c : change.changes()) {
      String key = c.key().toString();
      String pad = " ".repeat(Math.max(1, width - key.length() + 2));
      pieces(key + pad, describeValue(c, Integer.MAX_VALUE), lines);
    }
    if (!change.fileDiff().isEmpty()) {
      if (!lines.isEmpty()) {
        lines.add("");
      }
      for (String l : change.fileDiff()) {
        pieces("", Mrkdwn.codeText(l, Integer.MAX_VALUE), lines);
      }
    }
    return lines;
  }

  /** Adds {@code prefix + text}, split after {@link #PIECE} characters into marked pieces. */
  private static void pieces(String prefix, String text, List<String> out) {
    String line = prefix + text;
    if (line.length() <= PIECE * 5) {
      out.add(line);
      return;
    }
    int at = 0;
    boolean first = true;
    while (at < line.length()) {
      int end = Math.min(line.length(), at + PIECE * 5);
      // never split inside an escaped entity such as &amp;
      int amp = line.lastIndexOf('&', end - 1);
      if (end < line.length() && amp >= at && line.indexOf(';', amp) >= end) {
        end = amp;
      }
      out.add((first ? "" : "↪ ") + line.substring(at, end));
      first = false;
      at = end;
    }
  }

  private static String lines(int n) {
    return n + (n == 1 ? " changed line" : " changed lines");
  }

  private String summary(Request r) {
    if (r.kind() == RequestKind.ROLLBACK) {
      return "to " + r.restoreFrom().map(this::commit).orElse("the previous values");
    }
    if (r.change().isEmpty()) {
      return "as it is";
    }
    ValueChange first = r.change().changes().get(0);
    String more = r.change().changes().size() > 1 ? " +" + (r.change().changes().size() - 1) : "";
    String value =
        redaction.isSecret(first.key())
            ? redaction.describe(first).substring(first.key().toString().length() + 1)
            : first.isNoOp()
                ? Mrkdwn.cut(first.oldValue(), 40) + " (unchanged)"
                : (first.oldValue() == null ? "(new)" : Mrkdwn.cut(first.oldValue(), 40))
                    + " → "
                    + Mrkdwn.cut(first.newValue(), 40);
    return Mrkdwn.code(first.key() + " " + value, 120) + more;
  }

  private String status(Request r) {
    StringBuilder s =
        new StringBuilder(States.emoji(r.state())).append(" *").append(States.word(r.state()));
    s.append('*');
    r.outcome()
        .filter(o -> !o.isBlank())
        .ifPresent(o -> s.append(" — ").append(linkCommit(r, Mrkdwn.line(o, OUTCOME_SHOWN))));
    r.commitId().ifPresent(c -> s.append("\nCommit ").append(commit(c)));
    return s.toString();
  }

  private ActionsBlock actions(Request r, boolean pending) {
    String id = r.id().toString();
    List<BlockElement> buttons = new ArrayList<>();
    if (pending) {
      buttons.add(
          Kit.button(
              SlackIds.APPROVE,
              "Approve",
              id,
              "primary",
              Kit.confirm(
                  "Approve " + id + "?",
                  verb(r.kind())
                      + " "
                      + r.target()
                      + ". Your approval is bound to exactly this change"
                      + (r.change().isEmpty()
                          ? "."
                          : ": " + String.join(", ", confirmed(r.change()))),
                  "Approve",
                  "Back",
                  "primary")));
      buttons.add(Kit.button(SlackIds.REJECT, "Reject", id, "danger", null));
    }
    buttons.add(
        Kit.button(
            SlackIds.CANCEL,
            "Cancel",
            id,
            null,
            Kit.confirm(
                "Cancel " + id + "?",
                "The request ends and nothing is changed.",
                "Cancel request",
                "Keep it",
                "danger")));
    return ActionsBlock.builder().blockId(SlackIds.REQUEST_ACTIONS).elements(buttons).build();
  }

  /** What the Approve confirmation names: each key, and the file diff by its size. */
  private static List<String> confirmed(ChangeSet change) {
    List<String> parts = new ArrayList<>();
    if (!change.fileDiff().isEmpty()) {
      // first, so that a long key list cut to the dialog's size never hides it
      parts.add("the values file's line diff (" + lines(change.changedLines()) + ")");
    }
    change.changes().forEach(c -> parts.add(c.key().toString()));
    return parts;
  }

  private BlockElement rollbackButton(Request r) {
    return Kit.button(
        SlackIds.ROLLBACK_TO,
        "Roll back",
        SlackIds.rollbackValue(r.target(), r.baseCommit()),
        "danger",
        Kit.confirm(
            "Roll back " + r.target().environment() + "?",
            "Restore "
                + r.target()
                + " to the values before "
                + r.id()
                + " (commit "
                + shortId(r.baseCommit())
                + ")? This opens a rollback request.",
            "Roll back",
            "Back",
            "danger"));
  }

  /** {@code Scheduled for 2026-12-05T21:00:00Z.} reads as {@code Sat 5 Dec 22:00 CET} at 2 a.m. */
  private String localTimes(String text) {
    Matcher m = UTC_INSTANT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String local;
      try {
        local = times.when(Instant.parse(m.group()));
      } catch (DateTimeParseException e) {
        local = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(local));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Links the first mention of the request's commit in already escaped text. */
  private String linkCommit(Request r, String escaped) {
    if (r.commitId().isEmpty()
        || commitUrlTemplate.isEmpty()
        || !SHA.matcher(r.commitId().get()).matches()) {
      return escaped;
    }
    String sha = r.commitId().get();
    Matcher m =
        Pattern.compile(
                "(?<![0-9a-f`])("
                    + Pattern.quote(sha)
                    + "|"
                    + Pattern.quote(shortId(sha))
                    + ")"
                    + "(?![0-9a-f`])")
            .matcher(escaped);
    if (!m.find()) {
      return escaped;
    }
    return escaped.substring(0, m.start())
        + Mrkdwn.link(commitUrlTemplate.get().replace("{sha}", sha), m.group(1))
        + escaped.substring(m.end());
  }

  private static String approvalsWord(int n) {
    return n + (n == 1 ? " more approval" : " more approvals");
  }
}
