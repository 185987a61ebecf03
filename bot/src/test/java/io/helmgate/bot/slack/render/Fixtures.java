package io.helmgate.bot.slack.render;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.SecretChecker.Preflight;
import io.helmgate.domain.port.SecretChecker.SecretReference;
import io.helmgate.domain.request.Approval;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValueChange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Requests and people for the rendering tests; fixed times, Zurich in winter (CET). */
final class Fixtures {

  static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

  /** Tue 1 Dec 2026 21:00 CET. */
  static final Instant CREATED = Instant.parse("2026-12-01T20:00:00Z");

  /** Sat 5 Dec 2026 22:00 CET: the next maintenance window. */
  static final Instant WINDOW = Instant.parse("2026-12-05T21:00:00Z");

  static final Target PROD = new Target("acme", "payments", "prod");
  static final UserRef ALICE = new UserRef("U0ALICE", "Alice Ops");
  static final UserRef BOB = new UserRef("U0BOB", "Bob Ops");
  static final UserRef CAROL = new UserRef("U0CAROL", "Carol Ops");

  static final String BASE = "9b1f0c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
  static final String COMMIT = "3f2a9c1e5d7b9a0c2e4f6a8b0d2c4e6f8a0b2d4c";
  static final String DIGEST =
      "sha256:6a1e0f3c9b7d5a2e4c6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c";

  static final Preflight PASSED =
      new Preflight(Preflight.Status.PASSED, List.of(), "2 secret references exist");

  static final Preflight MISSING =
      new Preflight(
          Preflight.Status.MISSING,
          List.of(new SecretReference("secret/data/acme/payments/prod", "db-password")),
          "1 of 2 secret references missing");

  private Fixtures() {}

  static Renderer renderer() {
    return new Renderer(
        ZURICH, Redaction.defaults(), Optional.of("https://git.example.org/values/commit/{sha}"));
  }

  static ValueChange change(String key, String from, String to) {
    return new ValueChange(KeyPath.of(key), from, to);
  }

  static Approval approval(UserRef who, Duration after) {
    return new Approval(
        who, Approval.Verdict.APPROVE, Set.of(Role.OPS), Optional.empty(), CREATED.plus(after));
  }

  static Approval rejection(UserRef who, String comment) {
    return new Approval(
        who,
        Approval.Verdict.REJECT,
        Set.of(Role.OPS),
        Optional.ofNullable(comment),
        CREATED.plus(Duration.ofMinutes(12)));
  }

  /** A pending production promotion of image.tag from staging, like DESIGN.md's example. */
  static Builder request() {
    return new Builder();
  }

  /** Builds {@link Request}s, whose constructor takes every field. */
  static final class Builder {
    long id = 42;
    RequestKind kind = RequestKind.DEPLOY;
    Target target = PROD;
    UserRef requester = ALICE;
    Optional<String> reason = Optional.of("CHG-1234 monthly release");
    Optional<String> source = Optional.of("staging");
    Optional<String> restoreFrom = Optional.empty();
    List<ValueChange> changes = new ArrayList<>(List.of(change("image.tag", "1.4.1", "1.4.2")));
    List<String> fileDiff = List.of();
    Optional<Instant> scheduledAt = Optional.empty();
    boolean breakGlass;
    RequestState state = RequestState.PENDING_APPROVAL;
    List<Approval> approvals = new ArrayList<>();
    int approvalsRequired = 1;
    Instant updatedAt = CREATED;
    Optional<Instant> expiresAt = Optional.of(CREATED.plus(Duration.ofHours(24)));
    Optional<String> commitId = Optional.empty();
    Optional<String> outcome = Optional.empty();
    Optional<MessageRef> message = Optional.empty();
    List<String> bindings = List.of();
    java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();

    Builder id(long n) {
      id = n;
      return this;
    }

    Builder kind(RequestKind k) {
      kind = k;
      return this;
    }

    Builder requester(UserRef u) {
      requester = u;
      return this;
    }

    Builder reason(String r) {
      reason = Optional.ofNullable(r);
      return this;
    }

    Builder source(String s) {
      source = Optional.ofNullable(s);
      return this;
    }

    Builder restoreFrom(String c) {
      restoreFrom = Optional.ofNullable(c);
      return this;
    }

    Builder changes(ValueChange... c) {
      changes = new ArrayList<>(List.of(c));
      return this;
    }

    Builder changes(List<ValueChange> c) {
      changes = new ArrayList<>(c);
      return this;
    }

    Builder fileDiff(String... lines) {
      fileDiff = List.of(lines);
      return this;
    }

    Builder fileDiff(List<String> lines) {
      fileDiff = List.copyOf(lines);
      return this;
    }

    Builder scheduledAt(Instant at) {
      scheduledAt = Optional.ofNullable(at);
      return this;
    }

    Builder breakGlass() {
      breakGlass = true;
      approvalsRequired = 0;
      expiresAt = Optional.empty();
      return this;
    }

    Builder state(RequestState s) {
      state = s;
      return this;
    }

    Builder approvals(Approval... a) {
      approvals = new ArrayList<>(List.of(a));
      return this;
    }

    Builder approvalsRequired(int n) {
      approvalsRequired = n;
      return this;
    }

    Builder updatedAt(Instant at) {
      updatedAt = at;
      return this;
    }

    Builder commit(String c) {
      commitId = Optional.ofNullable(c);
      return this;
    }

    Builder outcome(String o) {
      outcome = Optional.ofNullable(o);
      return this;
    }

    Builder postedIn(String channel) {
      message = Optional.of(new MessageRef(channel, "1764622800.000100"));
      return this;
    }

    /** In pull-request mode: the pull request opened when the request was posted. */
    Builder pullRequest(long number, String url) {
      outputs.put(io.helmgate.domain.execution.OpenPullRequest.NUMBER, String.valueOf(number));
      outputs.put(io.helmgate.domain.execution.OpenPullRequest.URL, url);
      return this;
    }

    Builder bindings(String... b) {
      bindings = List.of(b);
      return this;
    }

    Request build() {
      return new Request(
          new RequestId(id),
          kind,
          target,
          requester,
          reason,
          source,
          restoreFrom,
          new ChangeSet(changes, fileDiff),
          BASE,
          scheduledAt,
          breakGlass,
          state,
          approvals,
          approvalsRequired,
          DIGEST,
          CREATED,
          updatedAt,
          expiresAt,
          commitId
              .map(
                  c ->
                      new io.helmgate.domain.request.Execution(
                          "await-deployed",
                          0,
                          CREATED,
                          with(outputs, io.helmgate.domain.request.Execution.COMMIT, c)))
              .orElse(io.helmgate.domain.request.Execution.NOT_STARTED.note(outputs)),
          outcome,
          message,
          3,
          bindings);
    }

    private static java.util.Map<String, String> with(
        java.util.Map<String, String> outputs, String key, String value) {
      java.util.Map<String, String> all = new java.util.LinkedHashMap<>(outputs);
      all.put(key, value);
      return all;
    }
  }
}
