package io.helmgate.domain.execution;

import io.helmgate.domain.CommitIds;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.Forge;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.PullRequestDraft;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pull-request mode's commit: pushes the request's commit (same message and trailers as {@link
 * CommitValues}) to a branch {@code helmgate/<request-id>}, opens its pull request against the
 * values branch, and sets {@code helmgate/policy} pending on its head. A request that needs
 * approval had its pull request opened when it was posted ({@link #open}, so that reviewers see it
 * while approvals are given); the step then takes that one, refusing it when someone pushed to its
 * branch, and brings it up to date when the values branch moved on ({@link Rebase}). Safe to run
 * again: the branch is taken when it already carries our commit, and an open pull request of the
 * branch is found instead of opening a second one.
 */
public final class OpenPullRequest implements Step {

  public static final String NAME = "open-pull-request";

  /** Output: the pull request's number. */
  public static final String NUMBER = Execution.PULL_REQUEST;

  /** Output: the pull request's page. */
  public static final String URL = Execution.PULL_REQUEST_URL;

  /** Output: the head commit opened for review, which alone may be merged. */
  public static final String HEAD = Execution.PULL_REQUEST_HEAD;

  private final ValuesRepository values;
  private final NewContent content;
  private final CommitMessages messages;
  private final PullRequestSettings settings;
  private final Predicate<Request> viaPullRequest;
  private final String baseBranch;
  private final Rebase rebase;

  /**
   * @param viaPullRequest whether the request's environment is in pull-request mode
   */
  public OpenPullRequest(
      ValuesRepository values,
      NewContent content,
      CommitMessages messages,
      PullRequestSettings settings,
      Predicate<Request> viaPullRequest,
      String baseBranch) {
    this.values = values;
    this.content = content;
    this.messages = messages;
    this.settings = settings;
    this.viaPullRequest = viaPullRequest;
    this.baseBranch = baseBranch;
    this.rebase = new Rebase(values, content, messages);
  }

  /** The branch that carries {@code request}'s change. */
  public static String branch(Request request) {
    return "helmgate/" + request.id();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(StepContext context) {
    return CommitValues.commits(context.request()) && viaPullRequest.test(context.request());
  }

  /** Whether {@code request}'s environment is in pull-request mode. */
  public boolean appliesTo(Request request) {
    return viaPullRequest.test(request);
  }

  @Override
  public StepResult run(StepContext context) {
    Optional<String> number = context.output(NUMBER);
    if (number.isEmpty() || settings.forge().isEmpty()) {
      return open(context);
    }
    Forge forge = settings.forge().get();
    long n = Long.parseLong(number.get());
    try {
      PullRequest pr = forge.get(n);
      if (pr.state() == PullRequest.State.CLOSED) {
        return StepResult.Failed.because(
            "Pull request #"
                + n
                + " was closed on the forge without merging; nothing was deployed.");
      }
      if (!pr.baseBranch().equals(baseBranch)) {
        return AwaitMerge.retargeted(pr, baseBranch);
      }
      if (pr.state() == PullRequest.State.MERGED) {
        return StepResult.Succeeded.quietly(); // the merge step follows it, head checked there
      }
      String head = context.output(HEAD).orElse("");
      if (!pr.headSha().equals(head)) {
        return AwaitMerge.pushedBySomeoneElse(pr);
      }
      return rebase.ifBehind(forge, context, pr).orElse(StepResult.Succeeded.quietly());
    } catch (ForgeException e) {
      return refused(e, "read pull request #" + n);
    }
  }

  /**
   * Commits the request's change to its branch and opens its pull request (or finds the one an
   * earlier attempt opened), with {@code helmgate/policy} pending. Answers the pull request's
   * {@link #NUMBER}, {@link #URL} and {@link #HEAD} as outputs.
   */
  public StepResult open(StepContext context) {
    Request request = context.request();
    if (settings.forge().isEmpty()) {
      return StepResult.Failed.because(
          request.target().environment()
              + " is in change-mode pull-request but Helmgate has no forge configured"
              + " (helmgate.forge.*); nothing was committed.");
    }
    Forge forge = settings.forge().get();
    String branch = branch(request);
    // Asked once (a Slack call): the description and the status both link the Slack message.
    Optional<String> link = request.message().flatMap(settings.messageLinks());
    try {
      // The branch first: it is taken only when its tip is exactly this request's change, so a
      // pull request someone prepared from a predictable branch name is never adopted.
      CommitOutcome outcome;
      try {
        outcome = values.commitToBranch(branch, messages.commit(request, content.of(context)));
      } catch (ValuesRepositoryException e) {
        return StepResult.Failed.because(
            "The values commit to branch "
                + branch
                + " failed: "
                + e.getMessage()
                + " Nothing was merged; ask again when it is fixed.");
      }
      if (outcome instanceof CommitOutcome.Stale stale) {
        return new StepResult.Failed(
            "`"
                + request.target().valuesPath()
                + "` changed since the request was made (now at "
                + CommitIds.shortId(stale.currentBase())
                + "); no pull request was opened. Ask again.",
            StepResult.Ending.STALE);
      }
      if (outcome instanceof CommitOutcome.Unchanged) {
        return new StepResult.Succeeded(
            Map.of(CommitValues.UNCHANGED, "true"),
            Optional.of("The values were already as requested; no pull request was opened."));
      }
      String commit = ((CommitOutcome.Committed) outcome).commitId();
      Optional<PullRequest> found = forge.findOpen(branch);
      if (found.isPresent()) {
        return adopted(forge, request, found.get(), commit, link);
      }
      PullRequest pr;
      try {
        pr = forge.open(draft(request, branch, link));
      } catch (ForgeException e) {
        // Opened by an earlier run whose answer was lost: the forge refuses a second one.
        Optional<PullRequest> again =
            e.kind() == ForgeException.Kind.VALIDATION ? forge.findOpen(branch) : Optional.empty();
        if (again.isEmpty()) {
          throw e;
        }
        return adopted(forge, request, again.get(), commit, link);
      }
      if (!pr.headSha().equals(commit)) {
        return headIsNotOurs(pr, commit);
      }
      return opened(
          forge, request, pr, "Opened pull request " + pr.url() + " from " + branch + ".", link);
    } catch (ForgeException e) {
      return refused(e, "open the pull request");
    }
  }

  /** An open pull request of our branch is ours only when its head is the commit we pushed. */
  private StepResult adopted(
      Forge forge, Request request, PullRequest pr, String commit, Optional<String> link) {
    if (!pr.headSha().equals(commit)) {
      return headIsNotOurs(pr, commit);
    }
    if (!pr.baseBranch().equals(baseBranch)) {
      return AwaitMerge.retargeted(pr, baseBranch);
    }
    return opened(forge, request, pr, "Pull request " + pr.url() + " is open.", link);
  }

  private static StepResult headIsNotOurs(PullRequest pr, String commit) {
    return StepResult.Failed.because(
        "Pull request #"
            + pr.number()
            + " from "
            + pr.headBranch()
            + " has head "
            + CommitIds.shortId(pr.headSha())
            + ", not Helmgate's commit "
            + CommitIds.shortId(commit)
            + "; Helmgate does not take it. Nothing was merged; close it and ask again.");
  }

  private StepResult opened(
      Forge forge, Request request, PullRequest pr, String line, Optional<String> link) {
    forge.setPolicyStatus(
        pr.headSha(), CommitStatusState.PENDING, waiting(request), link.orElse(pr.url()));
    Map<String, String> output = new LinkedHashMap<>();
    output.put(NUMBER, String.valueOf(pr.number()));
    output.put(URL, pr.url());
    output.put(HEAD, pr.headSha());
    return new StepResult.Succeeded(output, Optional.of(line));
  }

  private static String waiting(Request request) {
    int missing = request.approvalsMissing();
    return missing > 0 && !request.breakGlass()
        ? "Helmgate " + request.id() + ": waiting for " + missing + " approval(s)"
        : "Helmgate " + request.id() + ": approved, re-checking before the merge";
  }

  private PullRequestDraft draft(Request request, String branch, Optional<String> link) {
    StringBuilder body = new StringBuilder();
    body.append("**Change**: ").append(messages.subject(request)).append("\n\n");
    String diff = String.join("\n", messages.changeLines(request));
    if (!diff.isBlank()) {
      body.append("```\n").append(diff).append("\n```\n\n");
    }
    request.reason().ifPresent(r -> body.append("**Reason**: ").append(r).append("\n\n"));
    body.append("**Requested by**: ").append(request.requester().name()).append(" in Slack");
    Optional<MessageRef> where = request.message();
    if (link.isPresent()) {
      body.append(" ([the request's Slack message](").append(link.get()).append("))");
    } else if (where.isPresent()) {
      body.append(" (conversation ")
          .append(where.get().conversation())
          .append(", message ")
          .append(where.get().id())
          .append(")");
    }
    body.append("\n\n**Helmgate request**: ")
        .append(request.id())
        .append(
            " — approve or reject in Slack, or review here as a forge user Helmgate knows in"
                + " Slack. Helmgate merges once the policy's approvals are given; the `")
        .append(Forge.POLICY_CHECK)
        .append("` status says where it stands.\n");
    return new PullRequestDraft(
        branch, baseBranch, request.id() + ": " + messages.subject(request), body.toString());
  }

  /** A forge fault as a step result: outages retried, refusals told with the forge's words. */
  static StepResult refused(ForgeException e, String doing) {
    if (e.isTransient()) {
      return new StepResult.Errored("the forge could not " + doing + ": " + e.getMessage(), true);
    }
    return StepResult.Failed.because(
        "The forge refused to " + doing + ": " + e.getMessage() + " Nothing was merged.");
  }
}
