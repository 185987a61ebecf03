package io.helmgate.domain.execution;

import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.Request;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

  public static final String NAME = "await-merge";

  /** Progress: {@code helmgate/policy} is success and the approvals are on the pull request. */
  static final String APPROVED_ON_FORGE = "pull-request-approved";

  private final PullRequestSettings settings;
  private final Predicate<Request> viaPullRequest;

  public AwaitMerge(PullRequestSettings settings, Predicate<Request> viaPullRequest) {
    this.settings = settings;
    this.viaPullRequest = viaPullRequest;
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
      switch (pr.state()) {
        case MERGED:
          return merged(pr, "Pull request #" + n + " was merged on the forge");
        case CLOSED:
          return StepResult.Failed.because(
              "Pull request #"
                  + n
                  + " was closed on the forge without merging; nothing was deployed.");
        default:
          break;
      }
      if (!pr.headSha().equals(head.get())) {
        return StepResult.Failed.because(
            "Someone pushed to "
                + pr.headBranch()
                + " after Helmgate opened pull request #"
                + n
                + " (head now "
                + Texts.shortId(pr.headSha())
                + "): only the approved commit may be merged. Ask again.");
      }
      Map<String, String> progress = Map.of();
      if (context.output(APPROVED_ON_FORGE).isEmpty()) {
        approveOnForge(forge, context.request(), pr);
        progress = Map.of(APPROVED_ON_FORGE, "true");
      }
      if (pr.mergeable() == PullRequest.Mergeable.NO) {
        return waitOrGiveUp(context, progress, "the forge says it does not merge cleanly");
      }
      try {
        return merged(forge.merge(n, pr.headSha()), "Merged pull request #" + n);
      } catch (ForgeException e) {
        if (e.kind() == ForgeException.Kind.NOT_MERGEABLE) {
          return waitOrGiveUp(
              context, progress, "the forge does not merge it yet: " + e.getMessage());
        }
        throw e;
      }
    } catch (ForgeException e) {
      return OpenPullRequest.refused(e, "merge pull request #" + n);
    }
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

  private static StepResult merged(PullRequest pr, String how) {
    if (pr.mergeCommitSha().isEmpty()) {
      return new StepResult.Errored(
          "pull request #" + pr.number() + " is merged but the forge did not say its commit yet",
          true);
    }
    String commit = pr.mergeCommitSha().get();
    return new StepResult.Succeeded(
        Map.of(Execution.COMMIT, commit), Optional.of(how + " as " + Texts.shortId(commit) + "."));
  }
}
