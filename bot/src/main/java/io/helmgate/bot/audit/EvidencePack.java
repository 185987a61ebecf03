package io.helmgate.bot.audit;

import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.port.AuditTrail.Verification;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.Approval;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.Outcome;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValueChange;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the evidence for one request into the document an auditor keeps: one JSON object (schema
 * {@value #SCHEMA}) and a plain-text summary of the same facts.
 *
 * <p>The JSON holds the request (its change with secret-looking values masked and, for a change
 * that key paths cannot express, the values file's whole line diff as {@code file_diff}; digest,
 * base commit, schedule, break-glass), the policy decision, refusals, approvals and rejections with
 * the roles the person held at the time, the commit and its trailers, in pull-request mode the pull
 * request (its reviews with the forge user, the Slack user, the verdict and whether it counted, and
 * what happened to it, merge commit included), the ArgoCD sync events and final result, the final
 * state, the Slack message, every audit entry of the request with its hashes, and the verification
 * of the whole chain. Field names are snake_case; absent values are {@code null}; times are
 * ISO-8601 instants in UTC.
 *
 * <p>Free text from the trail recorded what people typed, so values of the request's secret-looking
 * keys are masked there too (see {@link SecretScrubber}); an audit entry whose detail was masked
 * says so with {@code detail_redacted}, because its hash can then only be checked against the trail
 * itself (or its export).
 */
public final class EvidencePack {

  /** The version of the JSON layout; a change that removes or renames a field bumps it. */
  public static final String SCHEMA = "helmgate-evidence/1";

  private static final Set<AuditEvent.Type> SYNC_EVENTS =
      Set.of(
          AuditEvent.Type.SYNC_STARTED, AuditEvent.Type.SYNC_PHASE, AuditEvent.Type.SYNC_FINISHED);
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Redaction redaction;
  private final Optional<String> permalinkBase;
  private final Clock clock;

  /**
   * @param permalinkBase the workspace's archive address, such as {@code
   *     https://acme.slack.com/archives/}; without it the pack names the channel and message ts
   *     only
   * @throws IllegalArgumentException when the base is not an http(s) address
   */
  public EvidencePack(Redaction redaction, Optional<String> permalinkBase, Clock clock) {
    this.redaction = Objects.requireNonNull(redaction, "redaction");
    this.permalinkBase = permalinkBase.filter(b -> !b.isBlank()).map(EvidencePack::checkedBase);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static String checkedBase(String base) {
    String trimmed = base.strip();
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          "permalink base `"
              + base
              + "` must be the workspace's archive address, such as"
              + " https://acme.slack.com/archives/");
    }
    return trimmed.endsWith("/") ? trimmed : trimmed + "/";
  }

  /**
   * The Slack permalink of a message: {@code <base><channel>/p<ts without its dot>}, when a base is
   * configured.
   */
  public Optional<String> permalink(MessageRef message) {
    return permalinkBase.map(
        base -> base + message.conversation() + "/p" + message.id().replace(".", ""));
  }

  /** The evidence as one JSON document. */
  public String toJson(Outcome.Evidence evidence) {
    return JSON.writeValueAsString(new Facts(evidence).document());
  }

  /** The evidence as a few lines of plain text for people, with the same facts as the JSON. */
  public String summary(Outcome.Evidence evidence) {
    return new Facts(evidence).summary();
  }

  /** The facts of one evidence, read once and shared by the JSON and the summary. */
  private final class Facts {

    private final Outcome.Evidence evidence;
    private final Request request;
    private final SecretScrubber scrubber;
    private final Optional<AuditEntry> decided;
    private final List<AuditEntry> refusals;
    private final List<AuditEntry> syncEvents;
    private final List<AuditEntry> pullRequestEvents;
    private final PullRequestEvents.Words words;
    private final Instant generatedAt;

    Facts(Outcome.Evidence evidence) {
      this.evidence = evidence;
      this.request = evidence.request();
      this.scrubber = new SecretScrubber(redaction, request.change());
      this.decided = first(AuditEvent.Type.DECIDED);
      this.refusals = ofType(Set.of(AuditEvent.Type.REFUSED));
      this.syncEvents = ofType(SYNC_EVENTS);
      this.pullRequestEvents = PullRequestEvents.of(evidence.entries());
      this.words =
          new PullRequestEvents.Words() {
            @Override
            public String text(String text) {
              return text == null ? "" : scrubber.scrub(text);
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
      this.generatedAt = clock.instant();
    }

    private Optional<AuditEntry> first(AuditEvent.Type type) {
      return evidence.entries().stream().filter(e -> e.event().type() == type).findFirst();
    }

    private List<AuditEntry> ofType(Set<AuditEvent.Type> types) {
      return evidence.entries().stream().filter(e -> types.contains(e.event().type())).toList();
    }

    private Optional<String> detail(Optional<AuditEntry> entry, String key) {
      return entry.map(e -> e.event().detail().get(key)).map(scrubber::scrub);
    }

    private Optional<String> finalResult() {
      List<AuditEntry> finished = ofType(Set.of(AuditEvent.Type.SYNC_FINISHED));
      return finished.isEmpty()
          ? Optional.empty()
          : detail(Optional.of(finished.get(finished.size() - 1)), "result");
    }

    private boolean chainVerified(AuditEntry entry) {
      return evidence
          .verification()
          .firstBrokenSeq()
          .map(broken -> entry.seq() < broken)
          .orElse(true);
    }

    ObjectNode document() {
      ObjectNode root = JSON.createObjectNode();
      root.put("schema", SCHEMA);
      root.put("generated_at", generatedAt.toString());
      root.set("request", requestNode());
      root.set("policy_decision", decisionNode());
      ArrayNode refused = root.putArray("refusals");
      for (AuditEntry e : refusals) {
        ObjectNode r = refused.addObject();
        r.put("at", e.event().at().toString());
        putUser(r, "actor", e.event().actor());
        r.put("action", scrubber.scrub(e.event().detail().get("action")));
        r.put("rule", scrubber.scrub(e.event().detail().get("rule")));
        r.put("message", scrubber.scrub(e.event().detail().get("message")));
        r.put("audit_seq", e.seq());
      }
      ArrayNode approvals = root.putArray("approvals");
      ArrayNode rejections = root.putArray("rejections");
      for (Approval a : request.approvals()) {
        ObjectNode node =
            a.verdict() == Approval.Verdict.APPROVE
                ? approvals.addObject()
                : rejections.addObject();
        putUser(node, "approver", Optional.of(a.approver()));
        node.put("at", a.at().toString());
        ArrayNode roles = node.putArray("roles_at_the_time");
        a.rolesAtTheTime().stream().map(Enum::name).sorted().forEach(roles::add);
        node.put("comment", a.comment().map(scrubber::scrub).orElse(null));
        AuditEvent.Type type =
            a.verdict() == Approval.Verdict.APPROVE
                ? AuditEvent.Type.APPROVED
                : AuditEvent.Type.REJECTED;
        Optional<AuditEntry> recorded =
            evidence.entries().stream()
                .filter(e -> e.event().type() == type)
                .filter(
                    e -> e.event().actor().map(u -> u.id().equals(a.approver().id())).orElse(false))
                .findFirst();
        if (recorded.isPresent()) {
          node.put("audit_seq", recorded.get().seq());
        } else {
          node.putNull("audit_seq");
        }
      }
      root.set("commit", commitNode());
      root.set("pull_request", pullRequestNode());
      ObjectNode deployment = root.putObject("deployment");
      ArrayNode events = deployment.putArray("events");
      for (AuditEntry e : syncEvents) {
        ObjectNode s = events.addObject();
        s.put("seq", e.seq());
        s.put("at", e.event().at().toString());
        s.put("type", e.event().type().name());
        putDetail(s.putObject("detail"), e.event().detail());
      }
      deployment.put("final_result", finalResult().orElse(null));
      ObjectNode end = root.putObject("final");
      end.put("state", request.state().name());
      end.put("terminal", request.state().isTerminal());
      end.put("outcome", request.outcome().map(scrubber::scrub).orElse(null));
      end.put("updated_at", request.updatedAt().toString());
      if (request.message().isPresent()) {
        MessageRef m = request.message().get();
        ObjectNode slack = root.putObject("slack");
        slack.put("conversation", m.conversation());
        slack.put("ts", m.id());
        slack.put("permalink", permalink(m).orElse(null));
      } else {
        root.putNull("slack");
      }
      ArrayNode entries = root.putArray("audit_entries");
      for (AuditEntry e : evidence.entries()) {
        ObjectNode o = entries.addObject();
        o.put("seq", e.seq());
        o.put("occurred_at", e.event().at().toString());
        o.put("event_type", e.event().type().name());
        putUser(o, "actor", e.event().actor());
        boolean redacted = putDetail(o.putObject("detail"), e.event().detail());
        o.put("detail_redacted", redacted);
        o.put("prev_hash", e.previousHash());
        o.put("hash", e.hash());
        o.put("chain_verified", chainVerified(e));
      }
      Verification v = evidence.verification();
      ObjectNode chain = root.putObject("chain");
      chain.put("intact", v.intact());
      chain.put("entries_checked", v.entriesChecked());
      if (v.firstBrokenSeq().isPresent()) {
        chain.put("first_broken_seq", v.firstBrokenSeq().get());
      } else {
        chain.putNull("first_broken_seq");
      }
      chain.put("message", v.message());
      return root;
    }

    private ObjectNode requestNode() {
      ObjectNode r = JSON.createObjectNode();
      r.put("id", request.id().toString());
      r.put("kind", request.kind().name());
      ObjectNode target = r.putObject("target");
      target.put("customer", request.target().customer());
      target.put("product", request.target().product());
      target.put("environment", request.target().environment());
      putUser(r, "requester", Optional.of(request.requester()));
      r.put("reason", request.reason().map(scrubber::scrub).orElse(null));
      r.put("source_environment", request.source().orElse(null));
      r.put("restore_from", request.restoreFrom().orElse(null));
      ArrayNode change = r.putArray("change");
      for (ValueChange c : request.change().changes()) {
        ObjectNode o = change.addObject();
        o.put("key", c.key().toString());
        o.put("old", scrubber.show(c.key(), c.oldValue()));
        o.put("new", scrubber.show(c.key(), c.newValue()));
        o.put("redacted", redaction.isSecret(c.key()));
      }
      // the whole line diff the approver was shown, uncut (secret values already masked)
      ArrayNode fileDiff = r.putArray("file_diff");
      request.change().fileDiff().forEach(l -> fileDiff.add(scrubber.scrub(l)));
      r.put("change_summary", scrubber.describeChange());
      r.put("digest", request.digest());
      r.put("base_commit", request.baseCommit());
      r.put("scheduled_at", request.scheduledAt().map(Instant::toString).orElse(null));
      r.put("break_glass", request.breakGlass());
      r.put("approvals_required", request.approvalsRequired());
      r.put("created_at", request.createdAt().toString());
      r.put("expires_at", request.expiresAt().map(Instant::toString).orElse(null));
      return r;
    }

    private ObjectNode decisionNode() {
      if (decided.isEmpty()) {
        return null;
      }
      ObjectNode d = JSON.createObjectNode();
      d.put("rule", detail(decided, "rule").orElse(null));
      d.put("verdict", detail(decided, "verdict").orElse(null));
      d.put("message", detail(decided, "message").orElse(null));
      d.put("schedule", detail(decided, "schedule").orElse(null));
      d.put("preflight", detail(decided, "preflight").orElse(null));
      d.put("command", detail(decided, "command").orElse(null));
      d.put("decided_at", decided.get().event().at().toString());
      d.put("audit_seq", decided.get().seq());
      return d;
    }

    private ObjectNode commitNode() {
      Optional<ValuesHistoryEntry> found = evidence.commit();
      Optional<String> id = found.map(ValuesHistoryEntry::commit).or(request::commitId);
      if (id.isEmpty()) {
        return null;
      }
      ObjectNode c = JSON.createObjectNode();
      c.put("id", id.get());
      c.put("found_in_history", found.isPresent());
      c.put("parent", found.flatMap(ValuesHistoryEntry::parent).orElse(null));
      c.put("time", found.map(h -> h.time().toString()).orElse(null));
      c.put("author", found.map(ValuesHistoryEntry::author).orElse(null));
      c.put("subject", found.map(h -> scrubber.scrub(h.subject())).orElse(null));
      ArrayNode trailers = c.putArray("trailers");
      for (Trailer t : found.map(ValuesHistoryEntry::trailers).orElse(List.of())) {
        ObjectNode o = trailers.addObject();
        o.put("key", t.key());
        o.put("value", scrubber.scrub(t.value()));
      }
      return c;
    }

    private Optional<String> pullRequestFact(String output, String detail) {
      return request
          .execution()
          .output(output)
          .or(
              () ->
                  pullRequestEvents.stream()
                      .map(e -> e.event().detail().get(detail))
                      .filter(Objects::nonNull)
                      .findFirst());
    }

    private Optional<String> mergeCommit() {
      return pullRequestEvents.stream()
          .filter(e -> PullRequestEvents.isMerge(e.event()))
          .map(e -> e.event().detail().get("commit"))
          .reduce((first, last) -> last);
    }

    private Optional<String> closedBecause() {
      return pullRequestEvents.stream()
          .filter(e -> "closed".equals(e.event().detail().get("action")))
          .map(e -> scrubber.scrub(e.event().detail().get("text")))
          .reduce((first, last) -> last);
    }

    /** Null outside pull-request mode: no pull request was opened or recorded. */
    private ObjectNode pullRequestNode() {
      Optional<String> number = pullRequestFact(Execution.PULL_REQUEST, "pull-request");
      if (number.isEmpty() && pullRequestEvents.isEmpty()) {
        return null;
      }
      ObjectNode pr = JSON.createObjectNode();
      pr.put("number", number.orElse(null));
      pr.put("url", pullRequestFact(Execution.PULL_REQUEST_URL, "url").orElse(null));
      pr.put("head", request.execution().output(Execution.PULL_REQUEST_HEAD).orElse(null));
      pr.put("merge_commit", mergeCommit().orElse(null));
      pr.put("closed_by_helmgate", closedBecause().orElse(null));
      ArrayNode reviews = pr.putArray("reviews");
      for (AuditEntry e : pullRequestEvents) {
        Map<String, String> d = e.event().detail();
        if (!"review".equals(d.get("action"))) {
          continue;
        }
        ObjectNode r = reviews.addObject();
        r.put("at", e.event().at().toString());
        r.put("submitted_at", d.get("submitted-at"));
        r.put("forge_user", d.get("forge-user"));
        r.put("forge_email", d.get("forge-email"));
        String slackUser = d.get("slack-user");
        r.put("slack_user", slackUser == null || "none".equals(slackUser) ? null : slackUser);
        r.put("verdict", d.get("verdict"));
        r.put("counted", PullRequestEvents.counted(e.event()));
        r.put(
            "not_counted_because",
            PullRequestEvents.whyNotCounted(e.event()).map(scrubber::scrub).orElse(null));
        r.put("commit", d.get("commit"));
        r.put("audit_seq", e.seq());
      }
      ArrayNode events = pr.putArray("events");
      for (AuditEntry e : pullRequestEvents) {
        ObjectNode o = events.addObject();
        o.put("seq", e.seq());
        o.put("at", e.event().at().toString());
        o.put(
            "action",
            PullRequestEvents.isMerge(e.event()) ? "merged" : e.event().detail().get("action"));
        o.put("sentence", PullRequestEvents.sentence(e.event(), words).orElse(null));
      }
      return pr;
    }

    /** Puts the detail with secrets masked; true when anything was masked. */
    private boolean putDetail(ObjectNode node, Map<String, String> detail) {
      boolean changed = false;
      for (Map.Entry<String, String> e : detail.entrySet()) {
        String shown = scrubber.scrub(e.getValue());
        changed |= !Objects.equals(shown, e.getValue());
        node.put(e.getKey(), shown);
      }
      return changed;
    }

    private void putUser(ObjectNode node, String field, Optional<UserRef> user) {
      if (user.isEmpty()) {
        node.putNull(field);
        return;
      }
      ObjectNode u = node.putObject(field);
      u.put("id", user.get().id());
      u.put("name", user.get().name());
    }

    String summary() {
      List<String> lines = new ArrayList<>();
      lines.add(
          "Evidence for " + request.id() + " (" + SCHEMA + ", generated " + generatedAt + ")");
      lines.add(
          "Request:     "
              + request.kind().name().toLowerCase(Locale.ROOT)
              + " "
              + request.target()
              + " by "
              + request.requester()
              + " at "
              + request.createdAt()
              + (request.breakGlass() ? " — BREAK-GLASS" : ""));
      request.reason().ifPresent(r -> lines.add("Reason:      " + scrubber.scrub(r)));
      request
          .source()
          .ifPresent(
              s -> lines.add("Promoted:    from " + s + " to " + request.target().environment()));
      request.restoreFrom().ifPresent(c -> lines.add("Restores:    values of commit " + c));
      lines.add("Change:      " + scrubber.describeChange());
      lines.add("Digest:      " + request.digest() + " (base commit " + request.baseCommit() + ")");
      lines.add(
          "Schedule:    " + request.scheduledAt().map(t -> "at " + t).orElse("as soon as allowed"));
      lines.add(
          "Policy:      "
              + decided
                  .map(
                      d ->
                          detail(decided, "verdict").orElse("?")
                              + " by rule "
                              + detail(decided, "rule").orElse("?")
                              + ": "
                              + detail(decided, "message").orElse(""))
                  .orElse("(no decision recorded)"));
      for (AuditEntry e : refusals) {
        lines.add(
            "Refused:     "
                + e.event().actor().map(UserRef::toString).orElse("?")
                + " at "
                + e.event().at()
                + ", rule "
                + scrubber.scrub(e.event().detail().get("rule"))
                + ": "
                + scrubber.scrub(e.event().detail().get("message")));
      }
      List<Approval> approved =
          request.approvals().stream()
              .filter(a -> a.verdict() == Approval.Verdict.APPROVE)
              .toList();
      List<Approval> rejected =
          request.approvals().stream().filter(a -> a.verdict() == Approval.Verdict.REJECT).toList();
      lines.add(
          "Approvals:   "
              + (approved.isEmpty()
                  ? "none (" + request.approvalsRequired() + " required)"
                  : approved.stream().map(this::decision).collect(Collectors.joining("; "))));
      if (!rejected.isEmpty()) {
        lines.add(
            "Rejected:    "
                + rejected.stream().map(this::decision).collect(Collectors.joining("; ")));
      }
      Optional<ValuesHistoryEntry> commit = evidence.commit();
      if (commit.isPresent()) {
        lines.add(
            "Commit:      "
                + commit.get().commit()
                + " \""
                + scrubber.scrub(commit.get().subject())
                + "\" by "
                + commit.get().author()
                + " at "
                + commit.get().time());
        for (Trailer t : commit.get().trailers()) {
          lines.add("             " + t.key() + ": " + scrubber.scrub(t.value()));
        }
      } else {
        lines.add(
            "Commit:      "
                + request
                    .commitId()
                    .map(id -> id + " (not found in the values history)")
                    .orElse("none"));
      }
      Optional<String> number = pullRequestFact(Execution.PULL_REQUEST, "pull-request");
      if (number.isPresent() || !pullRequestEvents.isEmpty()) {
        lines.add(
            "Pull request: #"
                + number.orElse("?")
                + pullRequestFact(Execution.PULL_REQUEST_URL, "url").map(u -> " " + u).orElse("")
                + mergeCommit()
                    .map(c -> ", merged as " + c)
                    .or(() -> closedBecause().map(why -> ", closed by Helmgate: " + why))
                    .orElse(", not merged"));
        for (AuditEntry e : pullRequestEvents) {
          PullRequestEvents.sentence(e.event(), words)
              .ifPresent(line -> lines.add("             " + e.event().at() + " " + line));
        }
      }
      lines.add(
          "ArgoCD:      "
              + (syncEvents.isEmpty()
                  ? "no sync recorded"
                  : syncEvents.size()
                      + " sync event(s), final result "
                      + finalResult().orElse("(none yet)")));
      lines.add(
          "Final:       "
              + request.state()
              + request.outcome().map(o -> " — " + scrubber.scrub(o)).orElse(""));
      request
          .message()
          .ifPresent(
              m ->
                  lines.add(
                      "Slack:       "
                          + permalink(m).orElse("channel " + m.conversation() + ", ts " + m.id())));
      Verification v = evidence.verification();
      lines.add(
          "Trail:       "
              + evidence.entries().size()
              + " entries for this request"
              + (evidence.entries().isEmpty()
                  ? ""
                  : " (seq "
                      + evidence.entries().get(0).seq()
                      + "–"
                      + evidence.entries().get(evidence.entries().size() - 1).seq()
                      + ")"));
      lines.add(
          "Chain:       "
              + (v.intact() ? "intact — " : "BROKEN at entry " + v.firstBrokenSeq().get() + " — ")
              + v.message());
      return String.join("\n", lines) + "\n";
    }

    private String decision(Approval a) {
      return a.approver()
          + " at "
          + a.at()
          + " as "
          + (a.rolesAtTheTime().isEmpty()
              ? "(no role)"
              : a.rolesAtTheTime().stream()
                  .map(Enum::name)
                  .sorted()
                  .collect(Collectors.joining("+")))
          + a.comment().map(c -> ": " + scrubber.scrub(c)).orElse("");
    }
  }
}
