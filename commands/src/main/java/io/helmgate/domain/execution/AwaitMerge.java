package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.Review;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Pull-request mode's second half: the request runs only once its policy quorum is met (and {@link
 * Recheck} re-checked it), so this step turns {@code helmgate/policy} to success on the head that
 * was opened, records the Slack approvals on the pull request, and merges it with the forge's
 * protections all applying. Its merge commit becomes the request's {@link Execution#COMMIT}, which
 * the Argo CD steps then prove deployed. A pull request merged by a person is followed; one closed
 * unmerged ends the request; one the forge will not merge yet is read again every poll interval, up
 * to {@link PullRequestSettings#mergeWithin()}.
 */
public final class AwaitMerge implements Step {

  public static final String NAME = Execution.MERGE_STEP;

  /** Progress: {@code helmgate/policy} is success and the approvals are on the pull request. */
  static final String APPROVED_ON_FORGE = "pull-request-approved";

  /** Whether a pull request's head is behind the values branch, and the change made again if so. */
  @FunctionalInterface
  interface Behind {
    Optional<StepResult> ifBehind(Forge forge, StepContext context, PullRequest pr);

    /** Never behind: for tests of what comes after. */
    Behind NEVER = (forge, context, pr) -> Optional.empty();
  }

  private final PullRequestSettings settings;
  private final Predicate<Request> viaPullRequest;
  private final Function<StepContext, StepResult> recheck;
  private final Behind rebase;
  private final String valuesBranch;

  /**
   * @param recheck the policy's re-check, run again before a merge that had to wait: roles, locks
   *     and windows may have changed in the meantime
   */
  public AwaitMerge(
      PullRequestSettings settings,
      Predicate<Request> viaPullRequest,
      Function<StepContext, StepResult> recheck,
      ValuesRepository values,
      NewContent content,
      CommitMessages messages,
      String valuesBranch) {
    this(settings, viaPullRequest, recheck, new Rebase(values, content, messages), valuesBranch);
  }

  AwaitMerge(
      PullRequestSettings settings,
      Predicate<Request> viaPullRequest,
      Function<StepContext, StepResult> recheck,
      Behind rebase,
      String valuesBranch) {
    this.settings = settings;
    this.viaPullRequest = viaPullRequest;
    this.recheck = recheck;
    this.rebase = rebase;
    this.valuesBranch = valuesBranch;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(StepContext context) {
    return CommitValues.commits(context.request()) && viaPullRequest.test(context.request());
  }

  @Override
  public StepResult run(StepContext context) {
    if (context.output(CommitValues.UNCHANGED).isPresent()) {
      return StepResult.Succeeded.quietly();
    }
    Optional<String> number = context.output(OpenPullRequest.NUMBER);
    Optional<String> head = context.output(OpenPullRequest.HEAD);
    if (number.isEmpty() || head.isEmpty() || settings.forge().isEmpty()) {
      return new StepResult.Errored("no pull request was recorded for this request", false);
    }
    Forge forge = settings.forge().get();
    long n = Long.parseLong(number.get());
    try {
      PullRequest pr = forge.get(n);
      if (!pr.baseBranch().equals(valuesBranch)) {
        // Retargeted on the forge: its merge commit would not be on the branch Argo CD follows.
        return retargeted(pr, valuesBranch);
      }
      switch (pr.state()) {
        case MERGED:
          return merged(pr, "Pull request #" + n + " was merged on the forge", context);
        case CLOSED:
          return StepResult.Failed.because(
              "Pull request #"
                  + n
                  + " was closed on the forge without merging; nothing was deployed.");
        default:
          break;
      }
      if (!pr.headSha().equals(head.get())) {
        return pushedBySomeoneElse(pr);
      }
      if (context.attempt() > 0) {
        // It waited: the people and the rules may have changed since the approval was checked.
        StepResult again = recheck.apply(context);
        if (!(again instanceof StepResult.Succeeded)) {
          return again;
        }
        Optional<StepResult> rebased = rebase.ifBehind(forge, context, pr);
        if (rebased.isPresent()) {
          if (rebased.get() instanceof StepResult.Succeeded moved) {
            return new StepResult.Running(context.now(), moved.output(), moved.line());
          }
          return rebased.get();
        }
      }
      Optional<String> vetoed = changesRequestedSinceApproval(forge, context.request(), pr);
      if (vetoed.isPresent()) {
        return StepResult.Failed.because(
            "Changes were requested on pull request #"
                + n
                + " by "
                + vetoed.get()
                + " after the request was approved; Helmgate does not merge it. Nothing was"
                + " deployed; ask again once it is settled.");
      }
      Map<String, String> progress = Map.of();
      if (!context.output(APPROVED_ON_FORGE).equals(Optional.of(pr.headSha()))) {
        approveOnForge(forge, context.request(), pr);
        progress = Map.of(APPROVED_ON_FORGE, pr.headSha());
      }
      if (pr.mergeable() == PullRequest.Mergeable.NO) {
        return waitOrGiveUp(context, progress, "the forge says it does not merge cleanly");
      }
      try {
        return merged(forge.merge(n, pr.headSha()), "Merged pull request #" + n, context);
      } catch (ForgeException e) {
        if (e.kind() == ForgeException.Kind.NOT_MERGEABLE) {
          return waitOrGiveUp(
              context, progress, "the forge does not merge it yet: " + e.getMessage());
        }
        throw e;
      }
    } catch (ForgeException e) {
      return OpenPullRequest.refused(e, "merge pull request #" + n);
    } catch (DirectoryUnavailableException e) {
      return new StepResult.Errored(
          "Slack could not say who reviewed pull request #" + n + ": " + e.getMessage(), true);
    }
  }

  /**
   * A reviewer Helmgate knows in Slack who asked for changes on the head after the request was
   * approved (or at a time the forge does not say): the merge waits for nobody's vote but the
   * policy's, yet it does not go ahead over a fresh objection. Unknown reviewers are ignored, as
   * their approvals are.
   */
  private Optional<String> changesRequestedSinceApproval(
      Forge forge, Request request, PullRequest pr) {
    Instant approved =
        request.approvedBy().stream()
            .map(a -> a.at())
            .max(Instant::compareTo)
            .orElse(request.createdAt());
    for (Review review : forge.reviews(pr.number())) {
      if (review.verdict() != Review.Verdict.CHANGES_REQUESTED
          || review.commitSha().filter(c -> !c.equals(pr.headSha())).isPresent()
          || review.submittedAt().filter(at -> !at.isAfter(approved)).isPresent()) {
        continue;
      }
      Optional<String> slackUser = settings.users().slackUserOf(review);
      if (slackUser.isPresent()) {
        return Optional.of(review.login() + " (Slack user " + slackUser.get() + ")");
      }
    }
    return Optional.empty();
  }

  /** A pull request someone pointed at another branch: Helmgate merges only into the values one. */
  static StepResult retargeted(PullRequest pr, String valuesBranch) {
    return StepResult.Failed.because(
        "Pull request #"
            + pr.number()
            + " now targets `"
            + pr.baseBranch()
            + "`, not the values branch `"
            + valuesBranch
            + "`: Helmgate neither merges nor syncs it. Nothing was deployed; ask again.");
  }

  /** Someone else's commit on the branch: only the commit Helmgate made may be merged. */
  static StepResult pushedBySomeoneElse(PullRequest pr) {
    return StepResult.Failed.because(
        "Someone pushed to "
            + pr.headBranch()
            + " after Helmgate opened pull request #"
            + pr.number()
            + " (head now "
            + CommitIds.shortId(pr.headSha())
            + "): only the approved commit may be merged. Ask again.");
  }

  private static void approveOnForge(Forge forge, Request request, PullRequest pr) {
    String approvers =
        request.approvedBy().stream()
            .map(a -> a.approver().name() + " (" + a.approver().id() + ") at " + a.at())
            .collect(Collectors.joining(", "));
    String given =
        request.breakGlass()
            ? "break-glass by " + request.requester().name() + ", reviewed afterwards"
            : approvers.isEmpty()
                ? "no approval needed in " + request.target().environment()
                : "approved in Slack by " + approvers;
    forge.setPolicyStatus(
        pr.headSha(),
        CommitStatusState.SUCCESS,
        "Helmgate " + request.id() + ": " + given,
        pr.url());
    forge.comment(
        pr.number(),
        "Helmgate " + request.id() + ": the policy is satisfied, " + given + ". Merging.");
  }

  private StepResult waitOrGiveUp(StepContext context, Map<String, String> progress, String why) {
    Instant next = context.now().plus(settings.poll());
    Instant deadline = context.stepSince().plus(settings.mergeWithin());
    if (next.isAfter(deadline)) {
      return StepResult.Failed.because(
          "Pull request #"
              + context.output(OpenPullRequest.NUMBER).orElse("?")
              + " could not be merged within "
              + settings.mergeWithin().toMinutes()
              + " minutes: "
              + why
              + ". Nothing was deployed.");
    }
    Optional<String> line =
        context.attempt() == 0 || !progress.isEmpty()
            ? Optional.of(
                "Waiting to merge pull request #"
                    + context.output(OpenPullRequest.NUMBER).orElse("?")
                    + ": "
                    + why
                    + ". Helmgate tries again until "
                    + deadline
                    + ".")
            : Optional.empty();
    return new StepResult.Running(next, progress, line);
  }

  private StepResult merged(PullRequest pr, String how, StepContext context) {
    // Merged by a person: only the commit Helmgate made (and the policy allowed) may go on.
    Optional<String> head = context.output(OpenPullRequest.HEAD);
    if (head.isPresent() && !pr.headSha().equals(head.get())) {
      return StepResult.Failed.because(
          "Pull request #"
              + pr.number()
              + " was merged on the forge with a head ("
              + CommitIds.shortId(pr.headSha())
              + ") other than the commit Helmgate made; Helmgate does not sync it. The values"
              + " branch now carries it: check Argo CD.");
    }
    if (pr.mergeCommitSha().isEmpty()) {
      return new StepResult.Errored(
          "pull request #" + pr.number() + " is merged but the forge did not say its commit yet",
          true);
    }
    String commit = pr.mergeCommitSha().get();
    return new StepResult.Succeeded(
        Map.of(Execution.COMMIT, commit),
        Optional.of(how + " as " + CommitIds.shortId(commit) + "."));
  }
}
