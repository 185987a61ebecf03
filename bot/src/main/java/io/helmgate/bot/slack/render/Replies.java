package io.helmgate.bot.slack.render;

import com.slack.api.model.block.LayoutBlock;
import io.helmgate.bot.audit.PullRequestEvents;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.policy.ScheduleDecision;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.DeploymentStatus;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.Approval;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.CertificateStatus;
import io.helmgate.domain.service.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ephemeral answer to a command or click, one method per {@link Outcome} type. Help is used as
 * it is; refusals and decisions quote what people typed (lock reasons, names), so they pass through
 * {@link Mrkdwn#escapeOnce}, which leaves the domain's own escapes alone; everything else is
 * escaped.
 */
final class Replies {

  private static final String HELP_HINT =
      ":bulb: `/deploy help` lists every command with examples.";

  /** Most environments shown by one status reply; a message holds 50 blocks. */
  private static final int STATUS_ENVIRONMENTS = 40;

  /** Most changes offered by one rollback reply. */
  private static final int ROLLBACK_CHOICES = 20;

  /** Most pull-request events listed by one audit reply; the export has every one. */
  private static final int AUDIT_PULL_REQUEST_EVENTS = 20;

  /** Pull-request history in mrkdwn: forge text escaped, Slack users mentioned, links checked. */
  private static final PullRequestEvents.Words MRKDWN =
      new PullRequestEvents.Words() {
        @Override
        public String text(String text) {
          return Mrkdwn.line(text, 300);
        }

        @Override
        public String user(String slackUserId) {
          return Mrkdwn.user(new UserRef(slackUserId, slackUserId));
        }

        @Override
        public String link(String url, String label) {
          return RequestMessages.pullRequestLink(url, label);
        }
      };

  private final Times times;
  private final RequestMessages requests;

  Replies(Times times, RequestMessages requests) {
    this.times = times;
    this.requests = requests;
  }

  Rendered reply(Outcome outcome) {
    if (outcome instanceof Outcome.Denied o) {
      return denied(o.decision());
    } else if (outcome instanceof Outcome.Invalid o) {
      String text = Mrkdwn.escapeOnce(o.message());
      return new Rendered(text, List.of(Kit.section(text), Kit.context(HELP_HINT)));
    } else if (outcome instanceof Outcome.Error o) {
      return error(o.message());
    } else if (outcome instanceof Outcome.Help o) {
      return help(o.text());
    } else if (outcome instanceof Outcome.OpenForm) {
      String text = "Opening the deploy form…";
      return new Rendered(text, List.of(Kit.section(text)));
    } else if (outcome instanceof Outcome.RequestOpened o) {
      return opened(o.request(), o.decision(), o.schedule(), o.preflight());
    } else if (outcome instanceof Outcome.RequestUpdated o) {
      return updated(o.request(), o.message());
    } else if (outcome instanceof Outcome.StatusReport o) {
      return status(o.app(), o.environments());
    } else if (outcome instanceof Outcome.PendingList o) {
      return pending(o.awaitingYou(), o.yours(), o.scheduled());
    } else if (outcome instanceof Outcome.RollbackChoices o) {
      return rollbackChoices(o.target(), o.changes());
    } else if (outcome instanceof Outcome.Locked o) {
      return locked(o.lock());
    } else if (outcome instanceof Outcome.Unlocked o) {
      String text = ":unlock: " + Mrkdwn.line(o.message(), 500);
      return new Rendered(text, List.of(Kit.section(text)));
    } else if (outcome instanceof Outcome.AuditReport o) {
      return audit(o.scope(), o.entries(), o.verification());
    } else if (outcome instanceof Outcome.Evidence o) {
      return evidence(o.request(), o.entries(), o.commit(), o.verification());
    } else if (outcome instanceof Outcome.SodReport o) {
      return sod(o.conflictingUsers(), o.approvalsByFormerRoleHolders(), o.breakGlass());
    } else if (outcome instanceof Outcome.PolicyReport o) {
      return PolicyReply.render(o.policy());
    }
    throw new IllegalArgumentException(
        "no reply for " + outcome.getClass().getSimpleName() + "; add one to Replies");
  }

  /** Lines of requests within one section, or what to say when there are none. */
  String requestList(List<Request> list, String none) {
    if (list.isEmpty()) {
      return "_" + none + "_";
    }
    return Mrkdwn.joinWithin(
        list.stream().map(requests::oneLine).toList(), "\n", Kit.SECTION_TEXT - 200);
  }

  private Rendered denied(Decision decision) {
    String message = Mrkdwn.escapeOnce(decision.message());
    String text = ":no_entry: *Not allowed:* " + message;
    return new Rendered(
        "Not allowed: " + message,
        List.of(Kit.section(text), Kit.context("Rule: " + Mrkdwn.code(decision.rule(), 80))));
  }

  private Rendered error(String message) {
    String text = ":warning: " + Mrkdwn.line(message, 2000);
    return new Rendered(
        text,
        List.of(
            Kit.section(text),
            Kit.context(
                "A fault outside Helmgate, not a refusal. Try again in a moment;"
                    + " if it keeps failing, the bot's log says more.")));
  }

  private Rendered help(String text) {
    List<LayoutBlock> blocks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (chunk.length() + line.length() + 1 > Kit.SECTION_TEXT && chunk.length() > 0) {
        blocks.add(Kit.section(chunk.toString().stripTrailing()));
        chunk.setLength(0);
      }
      chunk.append(line).append('\n');
    }
    if (!chunk.toString().isBlank()) {
      blocks.add(Kit.section(chunk.toString().stripTrailing()));
    }
    return new Rendered("Helmgate help", blocks);
  }

  private Rendered opened(
      Request r, Decision decision, ScheduleDecision schedule, Preflight preflight) {
    String what = "*" + r.id() + "* " + RequestMessages.verb(r.kind()) + " `" + r.target() + "`";
    String where =
        r.message().map(m -> " posted in " + Mrkdwn.channel(m.conversation())).orElse("");
    String head;
    if (decision.needsApproval()) {
      head = ":hourglass: " + what + where + ": waiting for approval.";
    } else if (r.scheduledAt().isPresent()) {
      head = ":calendar: " + what + where + ": runs at " + times.when(r.scheduledAt().get()) + ".";
    } else {
      head = ":rocket: " + what + where + ": running now; its thread follows each step.";
    }
    List<String> notes = new ArrayList<>();
    notes.add(Mrkdwn.escapeOnce(decision.message()));
    if (schedule.kind() != ScheduleDecision.Kind.NOW) {
      notes.add(":calendar: " + Mrkdwn.line(schedule.message(), 500));
    }
    if (preflight.status() == Preflight.Status.UNAVAILABLE) {
      notes.add(":warning: Secrets not checked: " + Mrkdwn.line(preflight.message(), 500));
    } else if (preflight.status() == Preflight.Status.NOT_CONFIGURED) {
      notes.add(":heavy_minus_sign: Vault is not configured; secrets were not checked.");
    }
    // the requester confirms the same change the approver sees
    return new Rendered(
        r.id() + " " + RequestMessages.verb(r.kind()) + " " + r.target() + where,
        List.of(
            Kit.section(head),
            Kit.section(requests.change(r)),
            Kit.context(notes.toArray(String[]::new))));
  }

  private Rendered updated(Request r, String message) {
    String text = Mrkdwn.line(message, 1000);
    return new Rendered(
        text,
        List.of(
            Kit.section(text),
            Kit.context(
                States.emoji(r.state())
                    + " "
                    + r.id()
                    + " is now "
                    + States.word(r.state()).toLowerCase(Locale.ROOT)
                    + ".")));
  }

  private Rendered status(String app, List<Outcome.EnvironmentStatus> environments) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(Kit.header(":bar_chart: " + Mrkdwn.cut(app, 140)));
    int shown = Math.min(STATUS_ENVIRONMENTS, environments.size());
    for (Outcome.EnvironmentStatus env : environments.subList(0, shown)) {
      blocks.add(Kit.section(environment(env)));
    }
    if (environments.isEmpty()) {
      blocks.add(Kit.section("_No environments._"));
    } else if (shown < environments.size()) {
      blocks.add(
          Kit.context(
              Mrkdwn.more(environments.size() - shown)
                  + ": ask for one with `/deploy status "
                  + Mrkdwn.escape(app)
                  + " <env>`."));
    }
    return new Rendered("Status of " + Mrkdwn.line(app, 140), blocks);
  }

  private String environment(Outcome.EnvironmentStatus env) {
    StringBuilder s = new StringBuilder("*").append(env.target().environment()).append("*  ");
    if (env.deployment().isPresent()) {
      DeploymentStatus d = env.deployment().get();
      s.append(healthEmoji(d.health()))
          .append(' ')
          .append(Mrkdwn.line(d.health(), 40))
          .append(" · ")
          .append(Mrkdwn.line(d.syncStatus(), 40));
      if (!d.revisions().isEmpty()) {
        s.append(" · rev ").append(Mrkdwn.code(RequestMessages.shortId(d.revisions().get(0)), 40));
      }
      if (d.operationPhase() != null && !"Succeeded".equals(d.operationPhase())) {
        s.append(" · last sync ").append(Mrkdwn.line(d.operationPhase(), 40));
        if (d.operationMessage() != null && !d.operationMessage().isBlank()) {
          s.append(": ").append(Mrkdwn.line(d.operationMessage(), 200));
        }
      }
      if (!d.canSync()) {
        s.append("\n:no_entry_sign: Manual sync blocked by a sync window");
      }
      if (!d.activeWindows().isEmpty()) {
        s.append("\n:clock3: Sync windows: ")
            .append(
                Mrkdwn.line(
                    String.join(
                        ", ", d.activeWindows().subList(0, Math.min(5, d.activeWindows().size()))),
                    300));
      }
    } else {
      s.append(":grey_question: ")
          .append(env.deploymentProblem().map(p -> Mrkdwn.line(p, 300)).orElse("no ArgoCD status"));
    }
    if (env.deployment().isPresent() && env.deploymentProblem().isPresent()) {
      s.append("\n:warning: ").append(Mrkdwn.line(env.deploymentProblem().get(), 300));
    }
    List<String> values = new ArrayList<>();
    env.promotableValues()
        .forEach(
            (k, v) ->
                values.add(Mrkdwn.code(k, 80) + " " + Mrkdwn.code(v, RequestMessages.VALUE_SHOWN)));
    if (!values.isEmpty()) {
      s.append('\n').append(Mrkdwn.joinWithin(values, " · ", 800));
    }
    env.lastChange().ifPresent(c -> s.append("\nLast change: ").append(historyEntry(c, 200)));
    env.lock()
        .ifPresent(
            l ->
                s.append("\n:lock: Locked by ")
                    .append(Mrkdwn.user(l.owner()))
                    .append(" until ")
                    .append(times.when(l.expiresAt()))
                    .append(l.reason().isEmpty() ? "" : " — " + Mrkdwn.line(l.reason(), 200)));
    env.nextScheduled()
        .ifPresent(
            r ->
                s.append("\n:calendar: Next: *")
                    .append(r.id())
                    .append("* ")
                    .append(r.scheduledAt().map(times::when).orElse("when approved")));
    env.certificate().ifPresent(c -> s.append('\n').append(certificate(c)));
    return s.toString();
  }

  /** {@code :lock: Certificate `host`: OK · 40 days left · issuer … · checked …}. */
  private String certificate(CertificateStatus c) {
    StringBuilder s =
        new StringBuilder(certificateEmoji(c.verdict()))
            .append(" Certificate ")
            .append(Mrkdwn.code(c.host(), 120))
            .append(": ")
            .append(certificateWord(c.verdict()));
    c.daysLeft()
        .filter(d -> d >= 0)
        .ifPresent(d -> s.append(" · ").append(d == 1 ? "1 day" : d + " days").append(" left"));
    c.notAfter()
        .ifPresent(
            t ->
                s.append(
                        c.verdict() == CertificateStatus.Verdict.EXPIRED
                            ? " · expired "
                            : " · until ")
                    .append(times.when(t)));
    c.issuer().ifPresent(i -> s.append(" · issuer ").append(Mrkdwn.line(i, 120)));
    c.detail()
        .filter(d -> c.verdict() != CertificateStatus.Verdict.NOT_CHECKED)
        .ifPresent(d -> s.append(" · ").append(Mrkdwn.line(d, 200)));
    c.checkedAt().ifPresent(t -> s.append(" · checked ").append(times.when(t)));
    return s.toString();
  }

  private static String certificateEmoji(CertificateStatus.Verdict verdict) {
    return switch (verdict) {
      case OK -> ":lock:";
      case EXPIRING, UNTRUSTED, UNREACHABLE -> ":warning:";
      case EXPIRED, HOST_MISMATCH -> ":rotating_light:";
      case NOT_CHECKED -> ":grey_question:";
    };
  }

  private static String certificateWord(CertificateStatus.Verdict verdict) {
    return switch (verdict) {
      case OK -> "OK";
      case EXPIRING -> "expiring";
      case EXPIRED -> "EXPIRED";
      case HOST_MISMATCH -> "host mismatch";
      case UNTRUSTED -> "not trusted";
      case UNREACHABLE -> "unreachable";
      case NOT_CHECKED -> "not checked yet";
    };
  }

  /** {@code `abc1234` Tue 1 Dec 21:00 CET · Alice U1 · subject}. */
  private String historyEntry(ValuesHistoryEntry e, int subjectShown) {
    String who = e.trailer(Trailer.REQUESTED_BY).orElse(e.author());
    return requests.commit(e.commit())
        + " "
        + times.when(e.time())
        + " · "
        + Mrkdwn.line(who, 80)
        + " · "
        + Mrkdwn.line(e.subject(), subjectShown);
  }

  private Rendered pending(List<Request> awaiting, List<Request> yours, List<Request> scheduled) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        Kit.section(
            "*Awaiting your approval* ("
                + awaiting.size()
                + ")\n"
                + requestList(awaiting, "Nothing waits for you.")));
    blocks.add(
        Kit.section(
            "*Your open requests* ("
                + yours.size()
                + ")\n"
                + requestList(yours, "You have no open requests.")));
    blocks.add(
        Kit.section(
            "*Scheduled* ("
                + scheduled.size()
                + ")\n"
                + requestList(scheduled, "Nothing is scheduled.")));
    return new Rendered(
        awaiting.size()
            + " awaiting your approval, "
            + yours.size()
            + " of yours open, "
            + scheduled.size()
            + " scheduled",
        blocks);
  }

  private Rendered rollbackChoices(Target target, List<ValuesHistoryEntry> changes) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(Kit.header(":rewind: Roll back " + target));
    if (changes.isEmpty()) {
      blocks.add(Kit.section("_No changes of `" + target + "` to roll back._"));
      return new Rendered("No changes of " + target + " to roll back", blocks);
    }
    blocks.add(
        Kit.context(
            "Each button restores the values as they were *before* that change, with a new commit;"
                + " it is a request like any other and needs the same approvals."));
    int shown = Math.min(ROLLBACK_CHOICES, changes.size());
    for (ValuesHistoryEntry e : changes.subList(0, shown)) {
      String text = historyEntry(e, 300);
      if (e.parent().isEmpty()) {
        blocks.add(Kit.section(text + "\n_the first version: nothing before it_"));
        continue;
      }
      String parent = e.parent().get();
      blocks.add(
          Kit.section(
              text,
              Kit.button(
                  SlackIds.ROLLBACK_TO,
                  "Roll back",
                  SlackIds.rollbackValue(target, parent),
                  null,
                  Kit.confirm(
                      "Roll back " + target.environment() + "?",
                      "Restore "
                          + target
                          + " to the values before "
                          + RequestMessages.shortId(e.commit())
                          + " (as of "
                          + RequestMessages.shortId(parent)
                          + ")? This opens a rollback request.",
                      "Roll back",
                      "Back",
                      "danger"))));
    }
    if (shown < changes.size()) {
      blocks.add(
          Kit.context(
              Mrkdwn.more(changes.size() - shown)
                  + ": roll back to any commit with `/rollback "
                  + target
                  + " to=<commit>`."));
    }
    return new Rendered("Changes of " + target + " you can roll back", blocks);
  }

  private Rendered locked(Lock lock) {
    String text =
        ":lock: `"
            + lock.target()
            + "` is locked by "
            + Mrkdwn.user(lock.owner())
            + " until "
            + times.when(lock.expiresAt())
            + "."
            + (lock.reason().isEmpty() ? "" : "\nReason: " + Mrkdwn.line(lock.reason(), 500));
    return new Rendered(
        lock.target() + " is locked until " + times.when(lock.expiresAt()),
        List.of(
            Kit.section(text),
            Kit.context(
                "New requests are refused until then. Unlock early: `/deploy unlock "
                    + lock.target()
                    + "`")));
  }

  private Rendered audit(
      String scope, List<AuditTrail.AuditEntry> entries, AuditTrail.Verification verification) {
    Map<AuditEvent.Type, Integer> counts = new EnumMap<>(AuditEvent.Type.class);
    for (AuditTrail.AuditEntry e : entries) {
      counts.merge(e.event().type(), 1, Integer::sum);
    }
    StringBuilder s =
        new StringBuilder(":ledger: *Audit of ")
            .append(Mrkdwn.code(scope, 200))
            .append("*: ")
            .append(entries.size())
            .append(entries.size() == 1 ? " entry" : " entries");
    if (!entries.isEmpty()) {
      s.append(", ")
          .append(times.when(entries.get(0).event().at()))
          .append(" to ")
          .append(times.when(entries.get(entries.size() - 1).event().at()));
    }
    if (!counts.isEmpty()) {
      s.append('\n')
          .append(
              counts.entrySet().stream()
                  .map(c -> "`" + c.getKey() + "` " + c.getValue())
                  .collect(Collectors.joining(" · ")));
    }
    List<LayoutBlock> blocks = new ArrayList<>(List.of(Kit.section(s.toString())));
    pullRequestHistory(entries).ifPresent(blocks::add);
    blocks.add(Kit.section(chain(verification)));
    return new Rendered(
        "Audit of " + Mrkdwn.line(scope, 200) + ": " + entries.size() + " entries", blocks);
  }

  /** The latest pull-request events of an audit, one sentence each, naming their request. */
  private Optional<LayoutBlock> pullRequestHistory(List<AuditTrail.AuditEntry> entries) {
    List<AuditTrail.AuditEntry> all = PullRequestEvents.of(entries);
    if (all.isEmpty()) {
      return Optional.empty();
    }
    List<AuditTrail.AuditEntry> latest =
        all.subList(Math.max(0, all.size() - AUDIT_PULL_REQUEST_EVENTS), all.size());
    String head =
        "*Pull requests*"
            + (latest.size() < all.size()
                ? " (the latest " + latest.size() + " of " + all.size() + " events)"
                : "");
    List<String> lines = new ArrayList<>();
    for (AuditTrail.AuditEntry e : latest) {
      PullRequestEvents.sentence(e.event(), MRKDWN)
          .ifPresent(
              line ->
                  lines.add(
                      "• "
                          + e.event().requestId().map(id -> "*" + id + "* ").orElse("")
                          + times.when(e.event().at())
                          + " · "
                          + line));
    }
    return Optional.of(
        Kit.section(
            head + "\n" + Mrkdwn.joinWithin(lines, "\n", Kit.SECTION_TEXT - head.length() - 20)));
  }

  /** A request's pull request and what happened to it, one sentence an event. */
  private Optional<LayoutBlock> pullRequestOf(Request r, List<AuditTrail.AuditEntry> entries) {
    List<AuditTrail.AuditEntry> history = PullRequestEvents.of(entries);
    Optional<String> url = r.execution().output(Execution.PULL_REQUEST_URL);
    if (history.isEmpty() && url.isEmpty()) {
      return Optional.empty();
    }
    String head =
        "*Pull request*"
            + url.map(
                    u ->
                        " "
                            + RequestMessages.pullRequestLink(
                                u,
                                "#"
                                    + r.execution()
                                        .output(Execution.PULL_REQUEST)
                                        .map(n -> Mrkdwn.line(n, 20))
                                        .orElse("?")))
                .orElse("");
    List<String> lines = new ArrayList<>();
    for (AuditTrail.AuditEntry e : history) {
      PullRequestEvents.sentence(e.event(), MRKDWN)
          .ifPresent(line -> lines.add("• " + times.when(e.event().at()) + " · " + line));
    }
    if (lines.isEmpty()) {
      return Optional.of(Kit.section(head));
    }
    return Optional.of(
        Kit.section(
            head + "\n" + Mrkdwn.joinWithin(lines, "\n", Kit.SECTION_TEXT - head.length() - 20)));
  }

  private String chain(AuditTrail.Verification v) {
    if (v.intact()) {
      return ":link: Chain intact: " + v.entriesChecked() + " entries checked.";
    }
    return ":rotating_light: *Chain broken at entry "
        + v.firstBrokenSeq().get()
        + "*: "
        + Mrkdwn.line(v.message(), 1000)
        + " Entries from there on cannot be trusted; keep the database as it is and tell"
        + " security.";
  }

  private Rendered evidence(
      Request r,
      List<AuditTrail.AuditEntry> entries,
      Optional<ValuesHistoryEntry> commit,
      AuditTrail.Verification verification) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        Kit.header(
            ":page_facing_up: Evidence "
                + r.id()
                + " · "
                + RequestMessages.verb(r.kind())
                + " "
                + r.target()));
    List<String> fields = new ArrayList<>();
    fields.add(
        "*Requested by*\n"
            + Mrkdwn.user(r.requester())
            + " ("
            + Mrkdwn.code(r.requester().id(), 40)
            + ")\n"
            + times.when(r.createdAt()));
    fields.add(
        "*State*\n"
            + States.emoji(r.state())
            + " "
            + States.word(r.state())
            + (r.breakGlass() ? "\n:rotating_light: break-glass" : ""));
    fields.add(
        "*Reason*\n"
            + r.reason().filter(s -> !s.isBlank()).map(s -> Mrkdwn.line(s, 500)).orElse("_none_"));
    fields.add("*Digest*\n" + Mrkdwn.code(r.digest(), 80));
    fields.add("*Approvals*\n" + approvalsWithRoles(r));
    fields.add(
        "*Commit*\n"
            + r.commitId().map(requests::commit).orElse("_none_")
            + commit.map(c -> "\n" + Mrkdwn.line(c.subject(), 300)).orElse(""));
    blocks.add(Kit.fields(fields));
    r.outcome()
        .filter(o -> !o.isBlank())
        .ifPresent(o -> blocks.add(Kit.section("*Outcome*\n" + Mrkdwn.line(o, 1500))));
    commit
        .filter(c -> !c.trailers().isEmpty())
        .ifPresent(
            c ->
                blocks.add(
                    Kit.section(
                        "*Trailers*\n```\n"
                            + Mrkdwn.joinWithin(
                                c.trailers().stream()
                                    .map(t -> Mrkdwn.codeText(t.key() + ": " + t.value(), 200))
                                    .toList(),
                                "\n",
                                2500)
                            + "\n```")));
    pullRequestOf(r, entries).ifPresent(blocks::add);
    blocks.add(
        Kit.section(
            ":ledger: "
                + entries.size()
                + " audit entries for "
                + r.id()
                + ". "
                + chain(verification)));
    return new Rendered("Evidence for " + r.id(), blocks);
  }

  private String approvalsWithRoles(Request r) {
    if (r.approvals().isEmpty()) {
      return r.approvalsRequired() == 0 ? "_not needed_" : "_none_";
    }
    List<String> lines = new ArrayList<>();
    for (Approval a : r.approvals()) {
      lines.add(
          (a.verdict() == Approval.Verdict.APPROVE ? ":white_check_mark: " : ":no_entry: ")
              + Mrkdwn.user(a.approver())
              + " as "
              + a.rolesAtTheTime().stream()
                  .map(Enum::name)
                  .sorted()
                  .collect(Collectors.joining("+"))
              + " · "
              + times.when(a.at()));
    }
    return Mrkdwn.joinWithin(lines, "\n", 1500);
  }

  private Rendered sod(List<String> conflicts, List<String> former, List<Request> breakGlass) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(Kit.header(":scales: Separation of duties"));
    blocks.add(
        Kit.section(
            "*Users with conflicting roles* ("
                + conflicts.size()
                + ")\n"
                + lines(conflicts.stream().map(Mrkdwn::escapeKeepingMentions).toList())));
    blocks.add(
        Kit.section(
            "*Approved by someone who no longer holds the role* ("
                + former.size()
                + ")\n"
                + lines(former.stream().map(f -> Mrkdwn.line(f, 300)).toList())));
    blocks.add(
        Kit.section(
            "*Break-glass requests to review* ("
                + breakGlass.size()
                + ")\n"
                + requestList(breakGlass, "None.")));
    return new Rendered(
        "Separation of duties: conflicting roles "
            + conflicts.size()
            + ", approvals by former role holders "
            + former.size()
            + ", break-glass to review "
            + breakGlass.size(),
        blocks);
  }

  private static String lines(List<String> lines) {
    if (lines.isEmpty()) {
      return ":white_check_mark: _None._";
    }
    return Mrkdwn.joinWithin(
        lines.stream().map(l -> "• " + l).toList(), "\n", Kit.SECTION_TEXT - 200);
  }

  private static String healthEmoji(String health) {
    if (health == null) {
      return ":grey_question:";
    }
    return switch (health) {
      case "Healthy" -> ":large_green_circle:";
      case "Progressing" -> ":large_blue_circle:";
      case "Degraded" -> ":red_circle:";
      case "Suspended" -> ":double_vertical_bar:";
      case "Missing" -> ":white_circle:";
      default -> ":grey_question:";
    };
  }
}
