package io.helmgate.domain.service;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.execution.AwaitMerge;
import io.helmgate.domain.execution.OpenPullRequest;
import io.helmgate.domain.execution.PullRequestSettings;
import io.helmgate.domain.execution.StepContext;
import io.helmgate.domain.execution.StepResult;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.Review;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.Transition;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Pull-request mode before the execution: a request that needs approval gets its pull request as
 * soon as its Slack message is posted, so that reviewers on the forge see the change while the
 * approvals are given; then the pull request is watched (every poll interval, and at once when a
 * verified webhook says it changed) until the request executes or ends.
 *
 * <ul>
 *   <li>A review counts as its author's decision only through a verified mapping to a Slack user
 *       ({@link io.helmgate.domain.port.ForgeUsers}), and then exactly as that user's click would:
 *       the policy re-authorises it (approver role, never the requester, never twice). "Changes
 *       requested" is a rejection; a comment is nothing. Every review is recorded with the forge
 *       user, the Slack user and what it counted as; one that does not count is told on the pull
 *       request and in the thread.
 *   <li>A pull request closed on the forge cancels its request; one merged by a person before the
 *       policy's approvals cancels it and says loudly that the values branch carries it now; a push
 *       by someone else to its branch cancels it (only the commit Helmgate made may be approved); a
 *       values file changed on the values branch makes it stale.
 * </ul>
 */
final class PullRequests {

  /** Output: the reviews already counted (or refused), so that each is decided once. */
  static final String REVIEWS_SEEN = "pull-request-reviews-seen";

  private static final String UNREADABLE = "pull-request-unreadable";

  private static final Set<RequestState> BEFORE_EXECUTION =
      EnumSet.of(RequestState.PENDING_APPROVAL, RequestState.APPROVED, RequestState.SCHEDULED);

  private final Ports ports;
  private final Tell tell;
  private final Decisions decisions;
  private final PullRequestSettings settings;
  private final OpenPullRequest opener;
  private final PullRequestMirror mirror;
  private final String valuesBranch;

  PullRequests(
      Ports ports,
      Tell tell,
      Decisions decisions,
      PullRequestSettings settings,
      OpenPullRequest opener,
      PullRequestMirror mirror,
      String valuesBranch) {
    this.valuesBranch = valuesBranch;
    this.ports = ports;
    this.tell = tell;
    this.decisions = decisions;
    this.settings = settings;
    this.opener = opener;
    this.mirror = mirror;
  }

  /** {@code request}'s message was posted: in pull-request mode, its pull request opens now. */
  void posted(Request posted) {
    Request request = ports.requests().find(posted.id()).orElse(posted);
    if (request.state() == RequestState.PENDING_APPROVAL
        && opener.appliesTo(request)
        && settings.forge().isPresent()
        && request.execution().output(OpenPullRequest.NUMBER).isEmpty()) {
      open(request, true);
    }
  }

  /** Reads every waiting request's pull request once; answers how many were read. */
  int watch() {
    if (settings.forge().isEmpty()) {
      return 0;
    }
    int read = 0;
    RuntimeException first = null;
    for (Request request : ports.requests().findByState(BEFORE_EXECUTION)) {
      if (opener.appliesTo(request)) {
        try {
          watch(request);
        } catch (ConcurrentUpdateException e) {
          // It moved on meanwhile (a click, its execution started): the next read sees where.
        } catch (RuntimeException e) {
          // One request's fault (git, Slack, the database) must not keep the others unread.
          first = first == null ? e : first;
        }
        read++;
      }
    }
    if (first != null) {
      throw first;
    }
    return read;
  }

  /**
   * A verified webhook said a pull request changed: a waiting request's pull request is read now,
   * an executing one's step runs now. The event itself is only a hint; the forge is asked.
   */
  void on(ForgeEvent event) {
    Optional<RequestId> id = event.requestId();
    if (id.isEmpty() || settings.forge().isEmpty()) {
      return;
    }
    Optional<Request> request = ports.requests().find(id.get());
    if (request.isEmpty() || !opener.appliesTo(request.get())) {
      return;
    }
    Request found = request.get();
    if (BEFORE_EXECUTION.contains(found.state())) {
      watch(found);
    } else if (found.state() == RequestState.EXECUTING
        && (found.execution().step().equals(AwaitMerge.NAME)
            || found.execution().step().equals(OpenPullRequest.NAME))) {
      ports.scheduler().resume(found.id(), now());
    }
  }

  private void watch(Request found) {
    // Read what is stored now: the poll's list may be a while old.
    Request request = ports.requests().find(found.id()).orElse(found);
    if (BEFORE_EXECUTION.contains(request.state())) {
      read(request);
    }
  }

  private void read(Request request) {
    Optional<String> number = request.execution().output(OpenPullRequest.NUMBER);
    if (number.isEmpty()) {
      // A request posted within the last interval is being opened by posted(); later, the poll
      // takes over one the forge refused then.
      if (request.state() == RequestState.PENDING_APPROVAL
          && !request.createdAt().isAfter(now().minus(settings.poll()))) {
        open(request, false);
      }
      return;
    }
    Forge forge = settings.forge().get();
    long n = Long.parseLong(number.get());
    try {
      PullRequest pr = forge.get(n);
      String head = request.execution().output(OpenPullRequest.HEAD).orElse("");
      if (pr.state() == PullRequest.State.CLOSED) {
        withdraw(request, "its pull request #" + n + " was closed on the forge without merging");
        return;
      }
      if (!pr.baseBranch().equals(valuesBranch)) {
        withdraw(
            request,
            "its pull request #"
                + n
                + " was pointed at `"
                + pr.baseBranch()
                + "` on the forge; Helmgate merges only into the values branch `"
                + valuesBranch
                + "`. Ask again");
        return;
      }
      if (pr.state() == PullRequest.State.MERGED) {
        mergedEarly(request, pr);
        return;
      }
      if (!pr.headSha().equals(head)) {
        withdraw(
            request,
            "someone pushed to "
                + pr.headBranch()
                + " (head now "
                + CommitIds.shortId(pr.headSha())
                + "); only the commit Helmgate made can be approved. Ask again");
        return;
      }
      ValuesFile file = ports.values().read(request.target());
      if (!Objects.equals(file.lastChangeCommit(), request.baseCommit())) {
        end(
            RequestLifecycle.stale(
                request,
                "`"
                    + request.target().valuesPath()
                    + "` changed on the values branch (now at "
                    + CommitIds.shortId(file.lastChangeCommit())
                    + ") since it was asked for; the change shown no longer matches. Ask again.",
                now()));
        return;
      }
      reviews(request, forge, pr);
    } catch (ForgeException e) {
      // The next poll reads it again; a refusal (404, 403) is told once.
      if (!e.isTransient() && request.execution().output(UNREADABLE).isEmpty()) {
        tell.accept(
            request,
            "Could not read pull request #"
                + n
                + " on the forge: "
                + e.getMessage()
                + ". Helmgate keeps trying; it will not merge what it cannot read.");
        RequestLifecycle.note(request, Map.of(UNREADABLE, "true"), List.of(), now())
            .either(
                moved -> ports.requests().update(moved.request(), moved.events()), r -> request);
      }
    }
  }

  private void reviews(Request request, Forge forge, PullRequest pr) {
    Set<String> seen = seen(request);
    Set<String> newlySeen = new LinkedHashSet<>();
    for (Review review : forge.reviews(pr.number())) {
      if (review.verdict() == Review.Verdict.COMMENTED) {
        continue;
      }
      String key = key(review);
      if (seen.contains(key)) {
        continue;
      }
      if (review.commitSha().isPresent() && !review.commitSha().get().equals(pr.headSha())) {
        newlySeen.add(key);
        record(request, pr, review, Optional.empty(), "no: given on an earlier commit");
        continue;
      }
      Optional<String> slackUser;
      try {
        slackUser = settings.users().slackUserOf(review);
      } catch (DirectoryUnavailableException e) {
        break; // counted at the next poll, once Slack answers
      }
      if (slackUser.isEmpty()) {
        newlySeen.add(key);
        String why =
            "Helmgate does not know who "
                + review.login()
                + " is in Slack (helmgate.forge.users, or a verified e-mail address Slack knows)";
        record(request, pr, review, slackUser, "no: " + why);
        doesNotCount(request, forge, pr, review, why);
        continue;
      }
      // Two readers (the poll, a webhook, another replica) may meet here: a reviewer whose
      // decision is stored already was counted by the other one, and is not judged again.
      Request now = ports.requests().find(request.id()).orElse(request);
      if (now.hasDecided(slackUser.get()) || !BEFORE_EXECUTION.contains(now.state())) {
        newlySeen.add(key);
        continue;
      }
      UserRef who = new UserRef(slackUser.get(), "<@" + slackUser.get() + ">");
      String via = "through a review by " + review.login() + " on pull request #" + pr.number();
      Outcome outcome =
          review.verdict() == Review.Verdict.APPROVED
              ? decisions.approve(request.id(), who, Optional.of(via))
              : decisions.reject(
                  request.id(),
                  who,
                  Optional.of("changes requested on pull request #" + pr.number()),
                  Optional.of(via));
      if (outcome instanceof Outcome.Error) {
        break; // nothing was decided (the directory is down): counted at the next poll
      }
      newlySeen.add(key);
      if (outcome instanceof Outcome.RequestUpdated updated) {
        record(request, pr, review, slackUser, "yes");
        if (updated.request().state() != RequestState.PENDING_APPROVAL) {
          break;
        }
      } else {
        String why = message(outcome);
        record(request, pr, review, slackUser, "no: " + why);
        doesNotCount(request, forge, pr, review, why);
      }
    }
    if (!newlySeen.isEmpty()) {
      Request now = ports.requests().find(request.id()).orElse(request);
      Set<String> all = new LinkedHashSet<>(seen(now));
      all.addAll(newlySeen);
      RequestLifecycle.note(now, Map.of(REVIEWS_SEEN, String.join("\n", all)), List.of(), now())
          .either(moved -> ports.requests().update(moved.request(), moved.events()), r -> now);
    }
  }

  private void doesNotCount(
      Request request, Forge forge, PullRequest pr, Review review, String why) {
    String line =
        "The review by "
            + review.login()
            + " on pull request #"
            + pr.number()
            + " does not count: "
            + why;
    tell.accept(request, line + ".");
    try {
      forge.comment(pr.number(), "Helmgate " + request.id() + ": " + line + ".");
    } catch (ForgeException e) {
      // Told in the thread; the forge's own page misses one comment.
    }
  }

  private void open(Request request, boolean firstTime) {
    StepResult result = opener.open(StepContext.of(request, now()));
    if (result instanceof StepResult.Succeeded opened
        && opened.output().containsKey(OpenPullRequest.NUMBER)) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("action", "opened");
      detail.put("pull-request", opened.output().get(OpenPullRequest.NUMBER));
      detail.put("url", opened.output().get(OpenPullRequest.URL));
      detail.put("head", opened.output().get(OpenPullRequest.HEAD));
      Request current = ports.requests().find(request.id()).orElse(request);
      RequestLifecycle.note(
              current,
              opened.output(),
              List.of(AuditEvent.of(AuditEvent.Type.PULL_REQUEST, now(), current, null, detail)),
              now())
          .either(
              moved -> {
                Request noted = ports.requests().update(moved.request(), moved.events());
                tell.accept(
                    noted,
                    "Pull request "
                        + opened.output().get(OpenPullRequest.URL)
                        + " carries this change; approve here, or review it there.");
                return noted;
              },
              refused -> {
                // Decided meanwhile (rejected, cancelled): nobody may merge what was opened.
                mirror.ended(current, opened.output());
                return current;
              });
    } else if (result instanceof StepResult.Failed failed
        && failed.ending() == StepResult.Ending.STALE) {
      end(RequestLifecycle.stale(request, failed.reason(), now()));
    } else if (firstTime) {
      String why =
          result instanceof StepResult.Failed failed
              ? failed.reason()
              : result instanceof StepResult.Errored errored ? errored.reason() : "no answer";
      tell.accept(
          request,
          "The pull request could not be opened yet ("
              + why
              + "); Helmgate tries again every "
              + settings.poll().toSeconds()
              + " s, and at the latest when it runs.");
    }
  }

  private void mergedEarly(Request request, PullRequest pr) {
    String ours = request.execution().output(OpenPullRequest.HEAD).orElse("");
    if (request.state() == RequestState.PENDING_APPROVAL || !pr.headSha().equals(ours)) {
      withdraw(
          request,
          "its pull request #"
              + pr.number()
              + (request.state() == RequestState.PENDING_APPROVAL
                  ? " was merged on the forge before the policy's approvals were given"
                  : " was merged on the forge with a head other than the commit Helmgate made")
              + ". Helmgate does not sync it, but the values branch carries it now (Argo CD may"
              + " sync it by itself): check Argo CD and roll back if it must not run");
      return;
    }
    if (request.execution().output("pull-request-merged-early").isEmpty()) {
      tell.accept(
          request,
          "Pull request #"
              + pr.number()
              + " was merged on the forge by a person; Helmgate syncs it when the request runs"
              + request.scheduledAt().map(at -> " (" + at + ")").orElse("")
              + ", re-checked as ever. Until then Argo CD may sync it by itself if its"
              + " application syncs automatically.");
      RequestLifecycle.note(request, Map.of("pull-request-merged-early", "true"), List.of(), now())
          .either(moved -> ports.requests().update(moved.request(), moved.events()), r -> request);
    }
  }

  private void withdraw(Request request, String why) {
    end(
        RequestLifecycle.cancelUnseen(
            request, new UserRef(UnseenRequests.HELMGATE, "Helmgate"), why, now()));
  }

  private void end(Transition transition) {
    if (transition instanceof Transition.Moved moved) {
      Request ended = ports.requests().update(moved.request(), moved.events());
      ports.scheduler().cancel(ended.id());
      tell.accept(ended, ended.outcome().orElse(ended.state().name()));
      mirror.ended(ended);
    }
  }

  private void record(
      Request request, PullRequest pr, Review review, Optional<String> slackUser, String counted) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("action", "review");
    detail.put("pull-request", String.valueOf(pr.number()));
    detail.put("url", pr.url());
    detail.put("forge-user", review.login());
    review.email().ifPresent(e -> detail.put("forge-email", e));
    detail.put("verdict", review.verdict().name());
    review.submittedAt().ifPresent(at -> detail.put("submitted-at", at.toString()));
    review.commitSha().ifPresent(c -> detail.put("commit", c));
    detail.put("slack-user", slackUser.orElse("none"));
    detail.put("counted", counted);
    ports
        .audit()
        .append(List.of(AuditEvent.of(AuditEvent.Type.PULL_REQUEST, now(), request, null, detail)));
  }

  private static Set<String> seen(Request request) {
    Set<String> seen = new LinkedHashSet<>();
    request.execution().output(REVIEWS_SEEN).ifPresent(s -> seen.addAll(List.of(s.split("\n"))));
    return seen;
  }

  private static String key(Review review) {
    return review.login()
        + "|"
        + review.verdict()
        + "|"
        + review.submittedAt().map(Instant::toString).orElse("")
        + "|"
        + review.commitSha().orElse("");
  }

  private static String message(Outcome outcome) {
    if (outcome instanceof Outcome.Denied denied) {
      return denied.decision().message();
    }
    if (outcome instanceof Outcome.Invalid invalid) {
      return invalid.message();
    }
    if (outcome instanceof Outcome.Error error) {
      return error.message();
    }
    return outcome.toString();
  }

  private Instant now() {
    return ports.clock().instant();
  }
}
